"""What the studio asks of a loaded story: the scene at a place, a scene's ways in and out.

Pure functions over the engine's public ``Story``; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Story
from game.story.model import Choice, CountdownStart, Effect, Scene, Source


def scene_at(story: Story, display: str, line: int) -> str | None:
    """The scene written at ``display:line``: the nearest scene (or added choice) starting at or above it."""
    best: tuple[int, str] | None = None
    for scene in story.scenes.values():
        places = [scene.source, *(choice.source for choice in scene.choices)]
        for source in places:
            if source.path == display and source.line <= line and (best is None or source.line > best[0]):
                best = (source.line, scene.id)
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class Link:
    """One way into or out of a scene, as the map lists it."""

    direction: str  # "in", "out" or "expires"
    scene: str  # the scene at the other end
    choice: str | None
    text: str
    guard: str | None
    cost: int | float
    starts_clock: bool
    source: Source


def _starts_clock(effects: tuple[Effect, ...]) -> bool:
    return any(isinstance(effect, CountdownStart) for effect in effects)


def _link(direction: str, other: str, choice: Choice, target: Scene | None) -> Link:
    starts = _starts_clock(choice.effects) or (target is not None and _starts_clock(target.on_enter))
    return Link(
        direction,
        other,
        choice.id,
        choice.text.source,
        choice.guard.source if choice.guard is not None else None,
        choice.cost,
        starts,
        choice.source,
    )


def links(story: Story, scene_id: str) -> list[Link]:
    """Every choice leading into ``scene_id`` (and expiry into it), then every way out of it."""
    scene = story.scenes.get(scene_id)
    if scene is None:
        return []
    found: list[Link] = []
    for other in story.scenes.values():
        for choice in other.choices:
            if any(outcome.scene == scene_id for outcome in choice.outcomes):
                found.append(_link("in", other.id, choice, scene))
        if other.expires == scene_id:
            found.append(Link("in", other.id, None, "the countdown runs out", None, 0, False, other.source))
    if story.countdown is not None and story.countdown.expires == scene_id:
        found.append(Link("in", "(any scene)", None, "the countdown runs out", None, 0, False, scene.source))
    for choice in scene.choices:
        for outcome in choice.outcomes:
            found.append(_link("out", outcome.scene, choice, story.scenes.get(outcome.scene)))
    expiry = scene.expires
    if expiry is not None:
        found.append(Link("expires", expiry, None, "the countdown runs out here", None, 0, False, scene.source))
    return found


def clock_starts_here(scene: Scene) -> bool:
    """True when entering ``scene`` starts the countdown."""
    return _starts_clock(scene.on_enter)
