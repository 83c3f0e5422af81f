"""The public engine API every front end uses: start, view, choose, undo, save data.

Front ends (plain, JSON lines, the Textual UI, tools) work with ``Game`` and
the frozen view objects it returns; none of them touches the state machine.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from game.collector import gc_paused
from game.engine.effects import EffectError, countdown_after, touches_clock
from game.engine.machine import enter_start, event_for, expiry_event_for, shared_machine
from game.engine.reads import KeptDrawing, StateReads
from game.engine.state import GameState, LogEntry, initial_rng, uniform_below
from game.story.expressions import EvaluationError, Expr, Template, format_value, value_type
from game.story.model import Choice, Ending, Scene, Source, Story
from game.text import SEAM, one_line, prose_text

#: Undo keeps a full copy of the state every this many turns and replays the rest.
CHECKPOINT_INTERVAL = 32
#: At most this many checkpoints are kept: when there are more, every other one of the older half
#: goes, so recent turns stay dense and old ones sparse (the start is always derivable).
MAX_CHECKPOINTS = 24


class ChoiceError(Exception):
    """The player asked for a choice that does not exist or is not allowed now."""


class StoryRuntimeError(Exception):
    """An expression failed while the game ran; the message names where it is written."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """A choice as a front end shows it.

    ``text`` and ``reason`` are on one line: no line break, no double space,
    no space at either end (``game.text.one_line``).

    ``cost`` is the time taking the choice now spends on the countdown: its
    ``cost`` while the clock runs, 0 while the clock is off or when the
    choice's own effects stop it. It is the figure the turn's log records,
    except that the log never records more than was left. ``expires`` is True
    when taking it now runs the countdown out (the choice's effects and its
    target's entry effects counted), which sends the player to the expiry
    scene instead of the target (an ending target keeps the player); it is
    False for a disabled choice.
    """

    id: str
    text: str
    enabled: bool
    reason: str | None
    cost: int | float
    #: True when taking this choice now would run the countdown out (its own effects counted).
    expires: bool = False

    @property
    def cost_text(self) -> str:
        """The time the choice spends, written as the countdown writes numbers (``2``, ``0.5``)."""
        return format_value(self.cost)


@dataclass(frozen=True, slots=True)
class CountdownView:
    """The countdown as a front end shows it. ``level`` is off, normal, warning or critical."""

    active: bool
    remaining: int | float
    label: str
    unit: str
    warning: int | float
    level: str

    @property
    def text(self) -> str:
        """The remaining time with its unit, e.g. ``42 min``."""
        return f"{format_value(self.remaining)} {self.unit}".strip()


@dataclass(frozen=True, slots=True)
class CrewView:
    """A crew member as the crew panel shows them."""

    id: str
    name: str
    role: str
    alive: bool | None
    stats: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class EndingView:
    """The ending the game has reached; ``title`` and ``hint`` are on one line, like a choice's text."""

    id: str
    title: str
    tone: str
    #: The author's hint for players who have not found this ending yet (None: no hint).
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class SceneView:
    """Everything a front end needs to draw the current turn.

    ``text`` is the scene's prose as paragraphs with exactly ``"\n\n"`` between
    them (``game.text.prose_text``): inside a paragraph the source's hard wraps
    are joined with single spaces, so a front end lays each paragraph out at
    its own width and joins nothing. A ``"\n"`` inside a paragraph is a line
    break the author asked for (a source line ending in a backslash: verse, a
    list); there is never a blank line inside one. No paragraph is empty, no
    line starts or ends with a space, there is no double space, and the gaps
    a false ``{if}`` passage leaves are closed. ``paragraphs`` splits it.
    ``title`` is on one line.
    """

    turn: int
    scene: str
    title: str
    text: str
    choices: tuple[ChoiceView, ...]
    countdown: CountdownView
    ending: EndingView | None
    crew: tuple[CrewView, ...]
    ui_classes: frozenset[str]

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs, in order (none when the text is empty)."""
        return self.text.split("\n\n") if self.text else []

    @property
    def enabled_choices(self) -> list[ChoiceView]:
        """The choices the player can take now."""
        return [choice for choice in self.choices if choice.enabled]


#: The countdown view of a story without a countdown (immutable, so one serves every game).
_NO_COUNTDOWN = CountdownView(False, 0, "", "", 0, "off")

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


class Game:
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
        # The crew panel and UI classes change only when what they read changes: the last result is kept.
        crew_reads, ui_reads = story.derived(_drawing_reads)
        self._crew_kept: KeptDrawing[tuple[CrewView, ...]] = KeptDrawing(crew_reads)
        self._ui_kept: KeptDrawing[frozenset[str]] = KeptDrawing(ui_reads)
        # Texts without templates read the same every turn: settled once per story, shared by its games.
        self._settled_plain: dict[tuple[int, bool], str] = story.derived(_settled_plain_texts)
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

    # ------------------------------------------------------------------ views

    def view(self) -> SceneView:
        """What the player sees now."""
        state = self._runtime.state
        scene = self.scene
        ending = scene.ending
        return SceneView(
            turn=state.turn,
            scene=scene.id,
            title=self._settled(scene.title, scene.source, f"the title of scene '{scene.id}'", one_line),
            text=self._settled(scene.text, scene.source, f"the text of scene '{scene.id}'", prose_text),
            choices=tuple(self.choices()),
            countdown=self.countdown(),
            ending=_ending_view(ending) if ending else None,
            crew=self._crew(),
            ui_classes=self.ui_classes(),
        )

    def choices(self) -> list[ChoiceView]:
        """The current scene's choices that are shown: enabled, or disabled with a reason."""
        state = self._runtime.state
        scene = self.scene
        shown: list[ChoiceView] = []
        for choice in scene.choices:
            if choice.once and f"{scene.id}.{choice.id}" in state.used_once:
                continue
            enabled = self._guard_holds(choice)
            if not enabled and choice.disabled_reason is None:
                continue
            reason = None
            if not enabled:
                assert choice.disabled_reason is not None
                reason = one_line(
                    self._render(choice.disabled_reason, choice.source, f"the reason of choice '{choice.id}'")
                )
            text = self._settled(choice.text, choice.source, f"the text of choice '{choice.id}'", one_line)
            spent, expires = self._clock_outlook(choice, enabled)
            shown.append(ChoiceView(choice.id, text, enabled, reason, spent, expires))
        return shown

    def _clock_outlook(self, choice: Choice, enabled: bool) -> tuple[int | float, bool]:
        """What taking ``choice`` now spends from the countdown, and whether it runs the countdown out.

        The same rule as taking it (``_take_undoably``, the machine's ``take``
        and ``would_expire``, then ``_expire_if_due`` after the target's entry
        effects), worked out on the numbers alone. A random choice's target is
        the one the generator will draw, but it is drawn here only when some
        outcome's entry effects touch the clock.
        """
        state = self._runtime.state
        running, left = state.countdown_active, state.remaining
        if not running and self.story.countdown is None:
            # No countdown settings, so no effect can start the clock (a load error): nothing to work out.
            return 0, False
        if choice.effects:
            running, left = countdown_after(choice.effects, running, left, self.story)
        if not running:
            spent: int | float = 0
        else:
            # The whole cost, even when less is left: "10 min, and the clock runs out" explains itself.
            spent = choice.cost
            left -= spent
            if left <= 0:
                return spent, enabled
        if not enabled:
            return spent, False
        scenes = self.story.scenes
        outcomes = choice.outcomes
        if len(outcomes) == 1:
            entry = scenes[outcomes[0].scene].on_enter
            if not entry:
                return spent, False
        elif any(touches_clock(scenes[outcome.scene].on_enter) for outcome in outcomes):
            entry = scenes[_draw_outcome(choice, state.rng)[0]].on_enter
        else:
            return spent, False
        running, left = countdown_after(entry, running, left, self.story)
        return spent, running and left <= 0

    def countdown(self) -> CountdownView:
        """The countdown's state for display."""
        state = self._runtime.state
        settings = self.story.countdown
        if settings is None:
            return _NO_COUNTDOWN
        remaining = state.remaining
        if not state.countdown_active:
            level = "off"
        elif remaining <= max(1, settings.warning / 4):
            level = "critical"
        elif remaining <= settings.warning:
            level = "warning"
        else:
            level = "normal"
        return CountdownView(state.countdown_active, remaining, settings.label, settings.unit, settings.warning, level)

    def ui_classes(self) -> frozenset[str]:
        """The story's UI classes whose conditions hold now (e.g. ``dark``)."""
        return self._ui_kept.get(self._runtime.state, self._draw_ui_classes)

    def _draw_ui_classes(self) -> frozenset[str]:
        state = self._runtime.state
        active: set[str] = set()
        for name, condition in self.story.ui_classes:
            try:
                if condition.evaluate(state):
                    active.add(name)
            except EvaluationError as error:
                raise StoryRuntimeError(f"ui class '{name}': {error}") from None
        return frozenset(active)

    def _crew(self) -> tuple[CrewView, ...]:
        return self._crew_kept.get(self._runtime.state, self._draw_crew)

    def _draw_crew(self) -> tuple[CrewView, ...]:
        state = self._runtime.state
        crew: list[CrewView] = []
        for member in self.story.crew:
            if member.shown is not None:
                try:
                    if not member.shown.evaluate(state):
                        continue
                except EvaluationError as error:
                    raise StoryRuntimeError(f"crew '{member.id}' shown: {error}") from None
            alive = None
            if member.alive is not None:
                try:
                    alive = bool(member.alive.evaluate(state))
                except EvaluationError as error:
                    raise StoryRuntimeError(f"crew '{member.id}' alive: {error}") from None
            stats = tuple(
                (one_line(label), one_line(self._render(template, None, f"crew '{member.id}' stat '{label}'")))
                for label, template in member.stats
            )
            crew.append(CrewView(member.id, one_line(member.name), one_line(member.role), alive, stats))
        return tuple(crew)

    def _settled(self, template: Template, source: Source | None, what: str, settle: Callable[[str], str]) -> str:
        """``settle`` (``prose_text`` or ``one_line``) of the template rendered now; a plain text is settled once."""
        if not template.is_plain:
            return settle(self._render(template, source, what))
        key = (id(template), settle is prose_text)
        found = self._settled_plain.get(key)
        if found is None:
            # The story keeps its templates alive as long as this cache, so an id names one template.
            found = self._settled_plain.setdefault(key, settle(self._render(template, source, what)))
        return found

    def _render(self, template: Template, source: Source | None, what: str) -> str:
        """The template rendered now, with ``SEAM`` where its passages stood (for ``prose_text``, ``one_line``)."""
        try:
            return template.render(self._runtime.state, seam=SEAM)
        except EvaluationError as error:
            # A located template knows the file it was written in (a branch's, for text added with extend:).
            written = error.where or source
            where = f"{written}: " if written else ""
            raise StoryRuntimeError(f"{where}in {what}: {error}") from None

    def _guard_holds(self, choice: Choice) -> bool:
        if choice.guard is None:
            return True
        try:
            return bool(choice.guard.evaluate(self._runtime.state))
        except EvaluationError as error:
            raise StoryRuntimeError(f"{choice.source}: in the condition '{choice.guard.source}': {error}") from None

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
            target, state.rng = _draw_outcome(choice, state.rng)
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


def _ending_view(ending: Ending) -> EndingView:
    """The ending's card text as front ends show it: title and hint on one line."""
    hint = None if ending.hint is None else one_line(ending.hint)
    return EndingView(ending.id, one_line(ending.title), ending.tone, hint)


def _draw_outcome(choice: Choice, rng: int) -> tuple[str, int]:
    """The target a random choice draws from generator state ``rng``, and the generator's next state."""
    total = sum(outcome.weight for outcome in choice.outcomes)
    rng, draw = uniform_below(rng, total)
    for outcome in choice.outcomes:
        if draw < outcome.weight:
            return outcome.scene, rng
        draw -= outcome.weight
    return choice.outcomes[-1].scene, rng


def _drawing_reads(story: Story) -> tuple[StateReads, StateReads]:
    """What the crew panel and the UI classes read: worked out once per story (``Story.derived``)."""
    return StateReads.of(_crew_expressions(story)), StateReads.of(condition for _, condition in story.ui_classes)


def _crew_expressions(story: Story) -> list[Expr]:
    """Every expression the crew panel evaluates."""
    found: list[Expr] = []
    for member in story.crew:
        found += [condition for condition in (member.shown, member.alive) if condition is not None]
        for _, template in member.stats:
            found += template.expressions()
    return found


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


def _settled_plain_texts(story: Story) -> dict[tuple[int, bool], str]:
    """An empty memo of a story's plain texts as views show them (filled as games draw them)."""
    return {}
