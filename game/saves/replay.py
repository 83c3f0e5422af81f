"""Walking through a save turn by turn: transcripts and verification."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.engine import ChoiceView, Game, SceneView, Story
from game.saves.format import SaveFile
from game.saves.loading import Divergence, check_story, first_difference, replay_log


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """One turn of a replay: what was on screen and the choice taken there (None at the last view)."""

    view: SceneView
    choice: ChoiceView | None


@dataclass(frozen=True, slots=True)
class ReplayEnd:
    """How a replay walk ended: cleanly, or at the first turn the story no longer allows."""

    divergence: Divergence | None


def replay_steps(story: Story, save: SaveFile) -> Iterator[ReplayStep | ReplayEnd]:
    """Every view of a save's playthrough with the choice taken from it, then a ReplayEnd."""
    check_story(save, story)
    game = Game(story, save.seed)
    for number, entry in enumerate(save.log, start=1):
        view = game.view()
        choice_id = str(entry["choice"])
        shown = next((choice for choice in view.choices if choice.id == choice_id), None)
        if view.scene != entry["scene"] or shown is None or not shown.enabled:
            partial = replay_log(story, save.seed, save.log[:number])
            yield ReplayStep(view, None)
            yield ReplayEnd(partial.divergence)
            return
        yield ReplayStep(view, shown)
        game.advance(choice_id)
    yield ReplayStep(game.view(), None)
    yield ReplayEnd(None)


def verify(story: Story, save: SaveFile) -> str | None:
    """None when replaying the log reproduces the save exactly, else the first difference."""
    check_story(save, story)
    outcome = replay_log(story, save.seed, save.log)
    if outcome.divergence is not None:
        return f"the replay stops at {outcome.divergence}"
    return first_difference(save.state_data(), outcome.game.to_data())
