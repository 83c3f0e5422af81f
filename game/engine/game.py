"""The public engine API every front end uses: start, view, choose, undo, save data.

Front ends (plain, JSON lines, the Textual UI, tools) work with ``Game`` and
the frozen view objects it returns (``game.engine.views``); none of them
touches the state machine. This module plays turns, undoes them and turns a
game into data and back; drawing the views is ``game.engine.rendering``,
whose ``ViewRendering`` ``Game`` is built on.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from typing import Any

from game.collector import gc_paused
from game.engine.effects import EffectError, countdown_after
from game.engine.errors import ChoiceError, StoryRuntimeError
from game.engine.machine import enter_start, event_for, expiry_event_for, shared_machine
from game.engine.rendering import ViewRendering
from game.engine.state import GameState, LogEntry, draw_outcome, initial_rng
from game.engine.views import SceneView
from game.story.expressions import EvaluationError, value_type
from game.story.model import Scene, Source, Story

#: Undo keeps a full copy of the state every this many turns and replays the rest.
CHECKPOINT_INTERVAL = 32
#: At most this many checkpoints are kept: when there are more, every other one of the older half
#: goes, so recent turns stay dense and old ones sparse (the start is always derivable).
MAX_CHECKPOINTS = 24

#: What ``Game._restore`` puts back after a failed turn: vars, turn, countdown, rng, used-once count, scene.
_Saved = tuple[dict[str, Any], int, bool, int | float, int, int, str]


class _Runtime:
    """A game as the story's shared machine drives it (its model): the live state the callbacks act on."""

    __slots__ = ("machine_scene", "state", "story", "visit_journal")

    def __init__(self, story: Story, state: GameState) -> None:
        self.story = story
        self.state = state
        #: The machine's state: the scene the machine has this game in (``state.scene`` follows it).
        self.machine_scene = state.scene
        #: While a choice is being taken: (scene, visits before) for each scene entered, to undo a failed turn.
        self.visit_journal: list[tuple[str, int]] | None = None


def new_state(story: Story, seed: int) -> GameState:
    """The state before the first choice (the start scene's entry effects not yet run)."""
    return GameState(
        seed=seed,
        scene=story.start,
        vars={name: var.initial for name, var in story.variables.items()},
        countdown_unit=story.countdown.unit if story.countdown else "",
        rng=initial_rng(seed),
    )


class Game(ViewRendering):
    """One playthrough of a story.

    Creating a game costs the same whatever the story's size: the state
    machine is built once per story, by its first game, and shared by all its
    games (each game is its own model of it), so restarts and loaded saves are
    cheap too. Games on one story are independent (state, undo, randomness)
    and may run on different threads; one game is not safe to use from two
    threads at once.
    """

    def __init__(self, story: Story, seed: int | None = None) -> None:
        self.story = story
        self._runtime = _Runtime(story, new_state(story, secrets.randbits(48) if seed is None else seed))
        self._machine = shared_machine(story)
        self._checkpoints: dict[int, GameState] = {}
        self._start_rendering(story)
        self._enter_start()

    # ----------------------------------------------------------------- access

    @property
    def state(self) -> GameState:
        """A copy of the current game state."""
        return self._runtime.state.copy()

    @property
    def seed(self) -> int:
        """The seed this game's randomness comes from."""
        return self._runtime.state.seed

    @property
    def turn(self) -> int:
        """Choices taken so far."""
        return self._runtime.state.turn

    @property
    def log(self) -> list[LogEntry]:
        """Every choice taken, in order."""
        return list(self._runtime.state.log)

    @property
    def scene(self) -> Scene:
        """The current scene."""
        return self.story.scenes[self._runtime.state.scene]

    @property
    def is_over(self) -> bool:
        """True once an ending is reached."""
        return self.scene.ending is not None

    # ---------------------------------------------------------------- playing

    def _enter_start(self) -> None:
        state = self._runtime.state
        start = self.story.start
        try:
            enter_start(self._machine, self._runtime)
            # The start's entry effects can spend the last of the time too.
            self._expire_if_due()
        except EvaluationError as error:
            raise StoryRuntimeError(
                _runtime_message(error, self.story.scenes[start].source, "entering the start scene")
            ) from None
        self._checkpoints = {0: state.copy(with_log=False)}

    def choose(self, choice_id: str) -> SceneView:
        """Take a choice by id; returns the new view. Raises ChoiceError if it is not allowed.

        A story error (StoryRuntimeError) while taking the choice or drawing the
        scene it leads to leaves the game as it was.
        """
        entry, saved, journal = self._take_undoably(choice_id)
        try:
            return self.view()
        except StoryRuntimeError:
            self._restore(saved, journal)
            self._runtime.state.log.pop()
            self._checkpoints.pop(entry.turn, None)
            raise

    def advance(self, choice_id: str, *, outcome: str | None = None) -> LogEntry:
        """Take a choice without rendering a view (replays and tools); returns the turn's log entry.

        ``outcome`` forces the target of a random choice instead of drawing it
        (the analysis tools explore every outcome); it must be one of the
        choice's targets.
        """
        return self._take(choice_id, outcome)

    def enabled_choice_ids(self) -> list[str]:
        """The ids of the choices the player can take now, without rendering any text."""
        state = self._runtime.state
        scene = self.scene
        if scene.ending is not None:
            return []
        return [
            choice.id
            for choice in scene.choices
            if not (choice.once and f"{scene.id}.{choice.id}" in state.used_once) and self._guard_holds(choice)
        ]

    def restore_state(self, state: GameState) -> None:
        """Continue from a copy of ``state`` (a state of this story); undo history starts over there."""
        if state.scene not in self.story.scenes:
            raise ValueError(f"the scene '{state.scene}' is not in this story")
        self._runtime.state = state.copy()
        self._machine.set_state(state.scene, self._runtime)
        self._checkpoints = {0: self._runtime.state.copy(with_log=False)} if state.turn == 0 else {}

    def _take(self, choice_id: str, forced_outcome: str | None = None) -> LogEntry:
        return self._take_undoably(choice_id, forced_outcome)[0]

    def _take_undoably(
        self, choice_id: str, forced_outcome: str | None = None
    ) -> tuple[LogEntry, _Saved, list[tuple[str, int]]]:
        """Take a choice; also returns what ``_restore`` needs to take it back (without copying the state)."""
        runtime = self._runtime
        state = runtime.state
        story = self.story
        scene = story.scenes[state.scene]
        if scene.ending is not None:
            raise ChoiceError("the story has ended; start a new game or undo")
        choice = scene.choice(choice_id)
        if choice is None:
            known = ", ".join(choice.id for choice in scene.choices)
            raise ChoiceError(f"no choice '{choice_id}' in scene '{scene.id}' (choices here: {known})")
        once_key = f"{scene.id}.{choice.id}" if choice.once else ""
        if choice.once and once_key in state.used_once:
            raise ChoiceError(f"'{choice_id}' can be taken only once, and it has been")
        # The guard is checked once, as the machine's condition; False from the trigger means it failed.
        saved = (
            dict(state.vars),
            state.turn,
            state.countdown_active,
            state.remaining,
            state.rng,
            len(state.used_once),
            state.scene,
        )
        target = choice.outcomes[0].scene
        if forced_outcome is not None:
            if all(outcome.scene != forced_outcome for outcome in choice.outcomes):
                raise ChoiceError(f"'{forced_outcome}' is not an outcome of '{choice_id}'")
            target = forced_outcome
        elif len(choice.outcomes) > 1:  # a random choice
            target, state.rng = draw_outcome(choice, state.rng)
        # The log records what the choice's cost took from the clock: the countdown
        # as the choice's own effects leave it decides whether (and how much) it spends.
        running, left = state.countdown_active, state.remaining
        if choice.effects:
            running, left = countdown_after(choice.effects, running, left, story)
        spent = min(choice.cost, left) if running else 0
        if choice.once:
            state.used_once.append(once_key)
        journal: list[tuple[str, int]] = []
        runtime.visit_journal = journal
        try:
            event = event_for(self._machine, story, scene, choice, target)
            fired = event.trigger(runtime, choice)
            if not fired:
                raise ChoiceError(f"'{choice_id}' is not possible now")
            if state.countdown_active and state.remaining <= 0:
                self._expire_if_due()
        except (EvaluationError, ChoiceError) as error:
            self._restore(saved, journal)
            if isinstance(error, ChoiceError):
                raise
            raise StoryRuntimeError(
                _runtime_message(error, choice.source, f"taking '{choice.id}' in scene '{scene.id}'")
            ) from None
        finally:
            runtime.visit_journal = None
        entry = LogEntry(state.turn, scene.id, choice.id, state.scene, max(0, spent))
        state.log.append(entry)
        if state.turn % CHECKPOINT_INTERVAL == 0:
            self._checkpoint()
        return entry, saved, journal

    def _checkpoint(self) -> None:
        """Keep a copy of the state for undo; its log is the current log's prefix, so it is not copied."""
        state = self._runtime.state
        self._checkpoints[state.turn] = state.copy(with_log=False)
        if len(self._checkpoints) > MAX_CHECKPOINTS:
            older = sorted(turn for turn in self._checkpoints if turn > 0)[: MAX_CHECKPOINTS // 2]
            for turn in older[1::2]:
                del self._checkpoints[turn]

    def _restore(self, saved: _Saved, journal: list[tuple[str, int]]) -> None:
        state = self._runtime.state
        state.vars, state.turn, state.countdown_active, state.remaining, state.rng, used, state.scene = saved
        for scene_id, before in reversed(journal):
            if before:
                state.visits[scene_id] = before
            else:
                state.visits.pop(scene_id, None)
        del state.used_once[used:]
        self._machine.set_state(state.scene, self._runtime)

    def _expire_if_due(self) -> None:
        """Entry effects can also spend the last of the time: the clock stops, and play goes to the expiry scene."""
        state = self._runtime.state
        scene = self.scene
        if not (state.countdown_active and state.remaining <= 0):
            return
        state.countdown_active = False
        state.remaining = 0
        if scene.ending is None:
            # An ending keeps the player; anywhere else the scene's (or the manifest's) expiry takes over.
            event = expiry_event_for(self._machine, self.story, scene)
            if event is not None:
                event.trigger(self._runtime)

    # ------------------------------------------------------------------- undo

    @property
    def can_undo(self) -> bool:
        """True when there is a turn to step back to."""
        return self._runtime.state.turn > 0

    def undo(self, steps: int = 1) -> SceneView:
        """Step back ``steps`` turns (restoring a checkpoint and replaying the rest)."""
        state = self._runtime.state
        if steps < 1 or steps > state.turn:
            raise ChoiceError(f"cannot undo {steps} turn(s) from turn {state.turn}")
        target = state.turn - steps
        log = state.log[:target]
        # Rewinding builds a new state object; keep the current one to put back if the replay
        # fails (a save whose log disagrees with its state, or a story error on the way back).
        checkpoints = dict(self._checkpoints)
        try:
            self._rewind_to(target, log)
            return self.view()
        except (ChoiceError, StoryRuntimeError) as error:
            self._runtime.state = state
            self._checkpoints = checkpoints
            self._machine.set_state(state.scene, self._runtime)
            if isinstance(error, StoryRuntimeError):
                raise
            raise ChoiceError(f"cannot go back: this game's log does not replay ({error})") from None

    def _rewind_to(self, target: int, log: list[LogEntry]) -> None:
        usable = [turn for turn in self._checkpoints if turn <= target]
        base = max(usable) if usable else None
        if base is None:
            self._runtime.state = new_state(self.story, self.seed)
            self._enter_start()
            base = 0
        else:
            restored = self._checkpoints[base].copy(with_log=False)
            restored.log = log[:base]
            self._runtime.state = restored
            self._machine.set_state(restored.scene, self._runtime)
        for turn in [t for t in self._checkpoints if t > target]:
            del self._checkpoints[turn]
        for entry in log[base:target]:
            self._take(entry.choice)

    # ----------------------------------------------------------------- replay

    @classmethod
    def replay(cls, story: Story, seed: int, choices: Iterable[str]) -> Game:
        """A new game with ``seed`` that takes ``choices`` in order (raises ChoiceError on a divergence)."""
        with gc_paused():  # see game.saves.loading.replay_log: replays make no cycles worth collecting
            game = cls(story, seed)
            for choice_id in choices:
                game._take(choice_id)
        return game

    def to_data(self) -> dict[str, Any]:
        """The whole game as plain data (state and log)."""
        return self._runtime.state.to_data()

    @classmethod
    def from_data(cls, story: Story, data: dict[str, Any]) -> Game:
        """Restore a game from ``to_data``'s output directly (no replay)."""
        state = GameState.from_data(data, story.countdown.unit if story.countdown else "")
        _check_fits(state, story)
        game = cls(story, state.seed)
        game._runtime.state = state
        game._machine.set_state(state.scene, game._runtime)
        game._checkpoints = {0: game._checkpoints[0]}
        return game


def _runtime_message(error: EvaluationError, source: Source, doing: str) -> str:
    """``path:line:col: problem (what the game was doing)``, at the failing effect when there is one."""
    if isinstance(error, EffectError):
        return f"{error.source}: in the effect {error.message} ({doing})"
    return f"{source}: {doing}: {error}"


def _check_fits(state: GameState, story: Story) -> None:
    """Raise ValueError unless a restored state can be played in ``story``."""
    if state.scene not in story.scenes:
        raise ValueError(f"the saved scene '{state.scene}' is not in this story")
    unknown = set(state.vars) - set(story.variables)
    if unknown:
        raise ValueError(f"the saved variables {sorted(unknown)} are not in this story")
    missing = set(story.variables) - set(state.vars)
    if missing:
        raise ValueError(f"the save has no value for the variables {sorted(missing)}")
    for name, variable in story.variables.items():
        kind = value_type(state.vars[name])
        if kind != variable.type:
            raise ValueError(f"the saved value of '{name}' is {state.vars[name]!r}, not a {variable.type}")
    if state.turn < 0 or len(state.log) != state.turn:
        # Undo replays the log, so it must hold every turn.
        raise ValueError(f"the save is at turn {state.turn} but its log has {len(state.log)} entries")
    if not (math.isfinite(state.remaining) and state.remaining >= 0):
        raise ValueError(f"the saved countdown has {state.remaining!r} left; it must be a number of at least 0")
