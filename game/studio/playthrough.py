"""A playthrough in the studio: where it started, the choices taken, and replaying them on an edited story.

Built on the public engine API only (``Game``, ``GameState``); no drawing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import ChoiceError, Game, GameState, Story, StoryRuntimeError
from game.story.expressions import Value

#: The seed studio playthroughs use unless a witness brings its own: the same story plays the same way.
STUDIO_SEED = 1


@dataclass(frozen=True, slots=True)
class Fit:
    """How a playthrough's log fits an edited story: all of it, or up to ``turn`` with the reason."""

    fits: bool
    turn: int
    reason: str = ""


class Playthrough:
    """A game started at the story's start or at a chosen scene with chosen values."""

    def __init__(
        self, story: Story, *, seed: int = STUDIO_SEED, scene: str | None = None, values: dict[str, Value] | None = None
    ) -> None:
        self.seed = seed
        self.scene = scene
        self.values = dict(values or {})
        self.game = self._fresh(story)

    def _fresh(self, story: Story) -> Game:
        game = Game(story, self.seed)
        if self.scene is not None:
            if self.scene not in story.scenes:
                raise ValueError(f"there is no scene '{self.scene}' in the story now")
            # The scene's own entry effects are not run: the variables are exactly as chosen.
            state: GameState = game.state
            state.scene = self.scene
            state.vars = {name: variable.initial for name, variable in story.variables.items()}
            state.vars.update({name: value for name, value in self.values.items() if name in story.variables})
            state.visits = {self.scene: 1}
            game.restore_state(state)
        return game

    @property
    def choices(self) -> list[str]:
        """The choices taken so far."""
        return [entry.choice for entry in self.game.log]

    def replay_on(self, story: Story) -> Fit:
        """Play the same choices again on ``story``; stops where the log no longer fits and says why."""
        taken = self.game.log
        try:
            game = self._fresh(story)
        except (ValueError, StoryRuntimeError) as problem:
            return Fit(False, 0, f"the playthrough cannot start again: {problem}")
        for entry in taken:
            reason = ""
            if game.scene.id != entry.scene:
                reason = f"turn {entry.turn} was in '{entry.scene}', the story now leads to '{game.scene.id}'"
            elif entry.choice not in game.enabled_choice_ids():
                reason = f"turn {entry.turn}: the choice '{entry.choice}' in '{entry.scene}' is gone or not open now"
            else:
                try:
                    landed = game.advance(entry.choice).target
                except (ChoiceError, StoryRuntimeError) as problem:
                    reason = f"turn {entry.turn}: {problem}"
                else:
                    if landed != entry.target:
                        # Shown one turn back, where the author can see the choice that changed.
                        game.undo()
                        reason = f"turn {entry.turn}: the choice '{entry.choice}' now leads to '{landed}', not '{entry.target}'"
            if reason:
                self.game = game
                return Fit(False, entry.turn, reason)
        self.game = game
        return Fit(True, len(taken))


def play_witness(story: Story, seed: int | None, choices: tuple[str, ...]) -> tuple[Playthrough, str | None]:
    """A playthrough that takes a deep-check witness's choices; the problem if one of them cannot be taken."""
    playthrough = Playthrough(story, seed=STUDIO_SEED if seed is None else seed)
    for number, choice in enumerate(choices, start=1):
        try:
            playthrough.game.advance(choice)
        except (ChoiceError, StoryRuntimeError) as problem:
            return playthrough, f"the witness stops at choice {number} ('{choice}'): {problem}"
    return playthrough, None
