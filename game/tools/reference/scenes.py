"""The scene reference: each scene, where it is written, and every way in and out of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.story.expressions import format_value
from game.story.model import Choice, CountdownAdd, CountdownStart, CountdownStop, Effect, Source, Story
from game.tools.reference.positions import Positions
from game.tools.reference.readable import readable_text
from game.tools.reference.viewpoint import act_of, points_of_view


@dataclass(frozen=True, slots=True)
class Way:
    """One way into a scene."""

    kind: str  # "start", "choice", "expiry" (the countdown ran out) or "extension"
    scene: str | None  # where it comes from (None: any scene, for the story's countdown expiry)
    choice: str | None
    text: str | None  # the choice as a reader sees it
    source: Source | None


@dataclass(frozen=True, slots=True)
class Exit:
    """One choice out of a scene."""

    choice: str
    text: str
    targets: tuple[tuple[str, float], ...]  # (scene, chance 0..1)
    guard: str | None
    disabled: str | None
    cost: int | float
    once: bool
    countdown: tuple[str, ...]  # "start", "start 60", "add -5", "stop"
    source: Source


@dataclass(frozen=True, slots=True)
class SceneEntry:
    """Everything the reference says about one scene."""

    id: str
    title: str
    source: Source
    act: str | None
    pov: tuple[str, ...]  # the values the pov variable can have here (empty: the story has none)
    start: bool
    ending: tuple[str, str, str] | None  # (id, title, tone)
    expires: str | None  # where the countdown's expiry leads from here, when the scene says so
    on_enter_countdown: tuple[str, ...]
    ways_in: tuple[Way, ...]
    exits: tuple[Exit, ...]


def _countdown_words(effects: Iterable[Effect]) -> tuple[str, ...]:
    words: list[str] = []
    for effect in effects:
        if isinstance(effect, CountdownStart):
            words.append("start" if effect.value is None else f"start {format_value(effect.value)}")
        elif isinstance(effect, CountdownAdd):
            words.append(f"add {format_value(effect.amount)}")
        elif isinstance(effect, CountdownStop):
            words.append("stop")
    return tuple(words)


def _exit(choice: Choice) -> Exit:
    total = sum(outcome.weight for outcome in choice.outcomes) or 1
    return Exit(
        choice=choice.id,
        text=readable_text(choice.text),
        targets=tuple((outcome.scene, outcome.weight / total) for outcome in choice.outcomes),
        guard=choice.guard.source.strip() if choice.guard is not None else None,
        disabled=readable_text(choice.disabled_reason) if choice.disabled_reason is not None else None,
        cost=choice.cost,
        once=choice.once,
        countdown=_countdown_words(choice.effects),
        source=choice.source,
    )


def scene_reference(story: Story, positions: Positions | None = None) -> list[SceneEntry]:
    """Every scene of the story, in story order, with its ways in and out."""
    positions = positions or Positions()
    ways_in: dict[str, list[Way]] = {scene_id: [] for scene_id in story.scenes}
    ways_in.setdefault(story.start, []).append(Way("start", None, None, None, None))
    exits: dict[str, tuple[Exit, ...]] = {}
    for scene in story.scenes.values():
        exits[scene.id] = tuple(_exit(choice) for choice in scene.choices)
        for choice, exit_ in zip(scene.choices, exits[scene.id], strict=True):
            text = exit_.text
            for target in dict.fromkeys(outcome.scene for outcome in choice.outcomes):
                ways_in.setdefault(target, []).append(Way("choice", scene.id, choice.id, text, choice.source))
        if scene.expires:
            ways_in.setdefault(scene.expires, []).append(Way("expiry", scene.id, None, None, scene.source))
    if story.countdown is not None:
        ways_in.setdefault(story.countdown.expires, []).append(Way("expiry", None, None, None, None))
    for scene_id, extensions in positions.extensions.items():
        for source, _text in extensions:
            ways_in.setdefault(scene_id, []).append(Way("extension", None, None, None, source))
    views = points_of_view(story)
    acts = {path: act_of(path) for path in {scene.source.path for scene in story.scenes.values()}}
    entries = []
    for scene in story.scenes.values():
        ending = scene.ending
        entries.append(
            SceneEntry(
                id=scene.id,
                title=readable_text(scene.title),
                source=scene.source,
                act=acts[scene.source.path],
                pov=views.get(scene.id, ()),
                start=scene.id == story.start,
                ending=(ending.id, ending.title, ending.tone) if ending is not None else None,
                expires=scene.expires,
                on_enter_countdown=_countdown_words(scene.on_enter),
                ways_in=tuple(ways_in.get(scene.id, ())),
                exits=exits[scene.id],
            )
        )
    return entries
