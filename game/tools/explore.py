"""The deep check: explore every reachable game state, breadth first, and report what is wrong.

A game state is reduced to what can change what happens next: the scene, the
variables the story's logic reads (guards and effect expressions), the
countdown, the once-only choices used, and visits as far as ``visited()`` and
``visits()`` read them (counts capped at ``VISIT_CAP``). Random choices are
explored for every outcome. Each finding that needs one carries a witness: the
exact choice sequence from the start, and a seed that reproduces its random
outcomes, so ``exception play`` or a test can replay it.

Every state explored is also drawn as play draws it (titles, texts, choice
texts, disabled reasons, the crew panel, the UI classes), and the state key
keeps what those texts read in the scene, so a text that fails at run time
is an error with its witness like a failing choice.

The search has bounds (states, time); when they cut it, the report says so and
what was covered, and findings that need the whole space (scenes not reached,
guards never true) become warnings marked ``bounded``. A scene the scene graph
alone cannot reach is proved unreachable whatever the bounds.

This module is the search and its bounds; ``deep_report`` holds what it
reports, ``deep_walks`` its witnesses and the random walks after a cut search,
``deep_conclusions`` what the whole search shows once it is over.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Hashable
from operator import itemgetter
from typing import Any

from game.engine import ChoiceError, Game, GameState, Story, StoryRuntimeError
from game.story.model import Source
from game.tools.analysis import DrawingReads, drawing_reads, scene_relevance
from game.tools.deep_conclusions import conclude
from game.tools.deep_report import ERROR, WARNING, DeepReport, Finding
from game.tools.deep_walks import Parent, random_walks, reproducing_seed, witness_path

__all__ = [
    "DEFAULT_MAX_STATES",
    "DEFAULT_PER_SCENE",
    "DEFAULT_TIME_LIMIT",
    "ERROR",
    "VISIT_CAP",
    "WALK_SECONDS",
    "WARNING",
    "DeepReport",
    "Finding",
    "deep_check",
]

VISIT_CAP = 8
DEFAULT_MAX_STATES = 500_000
DEFAULT_TIME_LIMIT = 30.0
#: States a scene keeps before only states with a new value are explored (see ``_Explorer.admit``).
DEFAULT_PER_SCENE = 250
#: After a cut search, random walks may look for missed scenes for at most this long.
WALK_SECONDS = 1.0
#: An engine message that starts with where the failing expression is written.
_LOCATED = re.compile(r"(?P<path>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)\Z", re.DOTALL)


class _Explorer:
    """The breadth-first search over game states, within its bounds (one search per instance)."""

    def __init__(
        self, story: Story, max_states: int, time_limit: float, clock: Callable[[], float], per_scene: int
    ) -> None:
        self.story = story
        self.max_states = max_states
        self.time_limit = time_limit
        self.clock = clock
        self.relevance = scene_relevance(story, shown=True)
        # The key reads these variables in every state explored: one C-level call each, not a loop.
        self.read_variables = {scene: _values_of(found.variables) for scene, found in self.relevance.items()}
        self.drawing_everywhere, self.drawing = drawing_reads(story)
        #: The parts of turns drawn without a problem, by what they read (see ``draw``).
        self.scenes_drawn: dict[Hashable, list[str]] = {}
        self.panels_drawn: set[Hashable] = set()
        self.game = Game(story, 0)
        self.parents: dict[Hashable, Parent] = {}
        self.guard_true: set[tuple[str, str]] = set()
        self.report = DeepReport(scenes_total=len(story.scenes))
        self.soft_locked: set[str] = set()
        self.failed: set[tuple[str, str]] = set()
        self.per_scene = per_scene
        self.scene_states: dict[str, int] = {}
        self.scene_values: dict[str, set[tuple[int, Hashable]]] = {}
        self.skipped = 0

    def key(self, state: GameState) -> Hashable:
        # Only what the logic can still read from this scene on: dead variables,
        # visits and once-only choices behind the player are dropped (they cannot
        # change what happens next), which keeps the state space small.
        relevant = self.relevance[state.scene]
        visits = state.visits
        return (
            state.scene,
            self.read_variables[state.scene](state.vars),
            state.countdown_active,
            state.remaining,
            relevant.once_keys.intersection(state.used_once),
            tuple(visits.get(scene, 0) > 0 for scene in relevant.visited),
            tuple(min(visits.get(scene, 0), VISIT_CAP) for scene in relevant.visit_counts),
            state.turn if relevant.reads_turn else 0,
        )

    def add_finding(
        self,
        level: str,
        kind: str,
        message: str,
        source: Source | None,
        key: Hashable | None,
        path: tuple[str, ...] | None = None,
    ) -> None:
        """Record a finding; with ``key``, its witness leads to that state (along ``path`` when given)."""
        witness: tuple[str, ...] | None = None
        seed: int | None = None
        if key is not None:
            witness = path if path is not None else witness_path(self.parents, key)
            seed = reproducing_seed(self.story, witness, key, self.key)
        self.report.findings.append(Finding(level, kind, message, source, witness, seed))

    def run(self) -> DeepReport:
        started = self.clock()
        report = self.report
        try:
            game = Game(self.story, 0)
        except StoryRuntimeError as error:
            report.findings.append(Finding(ERROR, "runtime-error", str(error)))
            return report
        self.game = game
        first = game.state
        first.log = []
        first_key = self.key(first)
        self.parents[first_key] = None
        queue: deque[tuple[Hashable, GameState]] = deque([(first_key, first)])
        while queue:
            if len(self.parents) >= self.max_states:
                report.complete, report.cut_by = False, f"the state limit ({self.max_states:,})"
                break
            if report.states % 256 == 0 and self.clock() - started > self.time_limit:
                report.complete, report.cut_by = False, f"the time limit ({self.time_limit:g} s)"
                break
            key, state = queue.popleft()
            report.states += 1
            self.expand(key, state, queue)
        report.seconds = self.clock() - started
        if self.skipped and report.complete:
            report.complete = False
            report.cut_by = (
                f"the per-scene limit ({self.per_scene:,} states; {self.skipped:,} states that brought"
                " nothing new to their scene were skipped)"
            )
        report.skipped = self.skipped
        if not report.complete:
            budget = min(WALK_SECONDS, max(0.0, self.time_limit - report.seconds))
            random_walks(self.story, self.game, report, self.guard_true, budget, self.clock, self._walk_failed)
        report.seconds = self.clock() - started
        conclude(self.story, report, self.guard_true)
        return report

    def expand(self, key: Hashable, state: GameState, queue: deque[tuple[Hashable, GameState]]) -> None:
        game = self.game
        scene = self.story.scenes[state.scene]
        self.report.scenes_reached.add(scene.id)
        game.restore_state(state)
        enabled = self.draw(scene.id, state, key)
        if scene.ending is not None:
            self.report.endings_reached.add(scene.ending.id)
            return
        if enabled is None:
            return
        if not enabled:
            if scene.id not in self.soft_locked:
                self.soft_locked.add(scene.id)
                self.add_finding(
                    ERROR,
                    "soft-lock",
                    f"scene '{scene.id}' is not an ending, and in this state none of its choices is available:"
                    " the player is stuck",
                    scene.source,
                    key,
                )
            return
        for choice_id in enabled:
            self.guard_true.add((scene.id, choice_id))
            choice = scene.choice(choice_id)
            assert choice is not None
            for outcome in choice.outcomes:
                game.restore_state(state)
                try:
                    game.advance(choice_id, outcome=outcome.scene)
                except (StoryRuntimeError, ChoiceError) as error:
                    self._runtime_error(scene.id, choice_id, str(error), key, choice.source)
                    continue
                self.report.transitions += 1
                following = game.state
                following.log = []
                following_key = self.key(following)
                if following_key not in self.parents and self.admit(following_key):
                    self.parents[following_key] = (key, choice_id, outcome.scene)
                    queue.append((following_key, following))

    def draw(self, scene_id: str, state: GameState, key: Hashable) -> list[str] | None:
        """Draw the turn as play would; returns the enabled choices (None: the conditions fail).

        Every text, condition, reason, crew stat and UI class is evaluated in
        this state: a text that fails here would stop the game here, and is
        reported with this state's witness. A drawing is the scene's part and
        the crew panel's (with the UI classes); each reads only some of the
        state, so a state whose two parts have both been drawn without a
        problem, each in some state alike in what it reads, is not drawn again.
        """
        scene_key = _drawing_key(self.drawing[scene_id], state, scene_id)
        panel_key = _drawing_key(self.drawing_everywhere, state, None)
        enabled = self.scenes_drawn.get(scene_key)
        if enabled is not None and panel_key in self.panels_drawn:
            return enabled
        try:
            view = self.game.view()
        except StoryRuntimeError as error:
            self._runtime_error(scene_id, "", str(error), key)
            # Play stops at the first problem (reported above); the search looks on past it for
            # other problems, as far as the conditions allow.
            try:
                return self.game.enabled_choice_ids()
            except StoryRuntimeError:
                return None
        enabled = [choice.id for choice in view.choices if choice.enabled]
        self.scenes_drawn[scene_key] = enabled
        self.panels_drawn.add(panel_key)
        return enabled

    def admit(self, key: Hashable) -> bool:
        """Past a scene's quota, keep only states that bring something new to that scene.

        Something new is a value of a variable, of the clock, of a once-only or a
        visit flag that no state kept in this scene had. The number of states a
        scene keeps then grows with the sum of its values' ranges, not their product.
        """
        assert isinstance(key, tuple)
        scene = key[0]
        values = self.scene_values.setdefault(scene, set())
        _, variables, active, remaining, once, visited, counts, turn = key
        parts: list[tuple[int, Hashable]] = list(enumerate(variables))
        parts += [(-1, active), (-2, remaining), (-3, turn)]
        if once:
            parts += [(-4, used) for used in once]
        if visited:
            parts += [(-5 - 2 * index, flag) for index, flag in enumerate(visited)]
        if counts:
            parts += [(-6 - 2 * index, count) for index, count in enumerate(counts)]
        fresh = set(parts) - values
        count = self.scene_states.get(scene, 0)
        if count >= self.per_scene and not fresh:
            self.skipped += 1
            return False
        values.update(fresh)
        self.scene_states[scene] = count + 1
        return True

    def _runtime_error(
        self,
        scene: str,
        choice: str,
        message: str,
        key: Hashable,
        source: Source | None = None,
        path: tuple[str, ...] | None = None,
    ) -> None:
        # Taking a choice that fails is reported once per choice; drawing a turn (choice "") once per problem
        # (a crew stat that fails does so in every scene: one finding, at the first state found).
        seen = (scene, choice) if choice else ("", message)
        if seen in self.failed:
            return
        self.failed.add(seen)
        # The engine's message starts with where the failing expression is written: use that place.
        located = _LOCATED.match(message)
        if located:
            source = Source(located["path"], int(located["line"]), int(located["col"]))
            message = located["message"]
        # The witness leads to the state where the failing choice is offered.
        self.add_finding(ERROR, "runtime-error", message, source or self.story.scenes[scene].source, key, path)

    def _walk_failed(self, scene: str, message: str, path: tuple[str, ...]) -> None:
        """A turn a random walk reached failed to draw: its witness is the walk's choices."""
        self._runtime_error(scene, "", message, self.key(self.game.state), path=path)


def _values_of(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function that gives the values of ``names`` in a variables dict, as a tuple."""
    if not names:
        return lambda variables: ()
    if len(names) == 1:
        only = names[0]
        return lambda variables: (variables[only],)
    return itemgetter(*names)


def _drawing_key(reads: DrawingReads, state: GameState, scene: str | None) -> Hashable:
    """What of ``state`` a part of a drawing reads (see DrawingReads); ``scene`` for a scene's part."""
    variables = state.vars
    visits = state.visits
    used = state.used_once
    return (
        scene,
        tuple(variables[name] for name in reads.variables),
        tuple(visits.get(visited, 0) for visited in reads.visits),
        tuple(once in used for once in reads.once_keys),
        state.turn if reads.turn else 0,
        state.remaining if reads.remaining else 0,
        state.countdown_active if reads.countdown else False,
    )


def deep_check(
    story: Story,
    *,
    max_states: int = DEFAULT_MAX_STATES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    per_scene: int = DEFAULT_PER_SCENE,
    clock: Callable[[], float] = time.monotonic,
) -> DeepReport:
    """Explore ``story``'s reachable states and report findings (see the module docstring).

    ``per_scene=0`` turns the per-scene limit off: the search is then exhaustive
    up to ``max_states`` and ``time_limit``.
    """
    return _Explorer(story, max_states, time_limit, clock, per_scene if per_scene > 0 else 1 << 62).run()
