"""Turning a save back into a game: directly when the story is unchanged, by replay when it is not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.collector import gc_paused
from game.engine import ChoiceError, Game, Story, StoryRuntimeError
from game.saves.format import SaveError, SaveFile

STORY_CHANGED = "the story has changed since this save"


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where replaying a save's log against the current story stopped."""

    turn: int
    scene: str
    choice: str
    reason: str

    def __str__(self) -> str:
        return f"turn {self.turn} (scene '{self.scene}'): {self.reason}"


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """A game rebuilt from a seed and a log; ``divergence`` is None when every turn replayed."""

    game: Game
    divergence: Divergence | None


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded game, ready to play, and what the player should be told about it."""

    game: Game
    save: SaveFile
    notice: str | None
    divergence: Divergence | None
    play_time: float


def replay_log(story: Story, seed: int, log: tuple[dict[str, Any], ...]) -> ReplayOutcome:
    """Replay ``log`` from the start; stop before the first turn the story no longer allows."""
    # A replay makes no garbage cycles worth collecting; on a big story the collector's
    # full passes over the story and machine would cost more than the replay itself.
    with gc_paused():
        return _replay(story, seed, log)


def _replay(story: Story, seed: int, log: tuple[dict[str, Any], ...]) -> ReplayOutcome:
    game = Game(story, seed)
    for number, entry in enumerate(log, start=1):
        scene_id = str(entry["scene"])
        choice_id = str(entry["choice"])
        current = game.scene
        if current.ending is not None:
            reason = f"the story now ends here, at '{current.ending.title}'"
            return ReplayOutcome(game, Divergence(number, current.id, choice_id, reason))
        if current.id != scene_id:
            reason = f"the save was in scene '{scene_id}' but the story now leads to '{current.id}'"
            return ReplayOutcome(game, Divergence(number, current.id, choice_id, reason))
        if current.choice(choice_id) is None:
            reason = f"the choice '{choice_id}' no longer exists"
            return ReplayOutcome(game, Divergence(number, scene_id, choice_id, reason))
        try:
            game.advance(choice_id)
        except ChoiceError:
            reason = f"the choice '{choice_id}' is no longer allowed"
            return ReplayOutcome(game, Divergence(number, scene_id, choice_id, reason))
        except StoryRuntimeError as error:
            return ReplayOutcome(game, Divergence(number, scene_id, choice_id, f"a story error: {error}"))
    return ReplayOutcome(game, None)


def check_story(save: SaveFile, story: Story) -> None:
    """Refuse a save made for another story."""
    if save.story_id != story.id:
        raise SaveError(
            f"this save belongs to the story '{save.story_title}' ({save.story_id}), "
            f"not to '{story.title}' ({story.id})"
        )


def restore(save: SaveFile, story: Story) -> LoadResult:
    """The game a save holds, for ``story``: its snapshot if the story is unchanged, else a replay."""
    check_story(save, story)
    if save.fingerprint == story.fingerprint:
        try:
            game = Game.from_data(story, save.state_data())
        except (KeyError, TypeError, ValueError) as error:
            raise SaveError(f"the save's state does not fit its story ({error})") from None
        return LoadResult(game, save, None, None, save.play_time)
    outcome = replay_log(story, save.seed, save.log)
    if outcome.divergence is None:
        notice = STORY_CHANGED
    else:
        notice = (
            f"{STORY_CHANGED}: at {outcome.divergence}; "
            f"you continue from turn {outcome.divergence.turn - 1}, the last turn it still allows"
        )
    return LoadResult(outcome.game, save, notice, outcome.divergence, save.play_time)


def first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """The first place two plain-data values differ, as 'path: expected X, got Y', or None."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                return f"{where}: missing from the replay (the save has {expected[key]!r})"
            if key not in expected:
                return f"{where}: the replay has {actual[key]!r}, the save has nothing"
            found = first_difference(expected[key], actual[key], where)
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        if len(expected) != len(actual):
            return f"{path}: the save has {len(expected)} items, the replay {len(actual)}"
        return None
    if expected != actual or type(expected) is not type(actual):
        return f"{path or 'value'}: the save has {expected!r}, the replay gives {actual!r}"
    return None
