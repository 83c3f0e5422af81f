"""Seeded random playthroughs: coverage, endings, and every runtime error with its reproduction.

Every turn a run reaches is drawn as play draws it (titles, texts, choice
texts, disabled reasons, the crew panel, the UI classes), so a text that
fails at run time is a problem with its reproduction, like a failing choice.

Like ChoiceScript's randomtest, each run prefers the choices taken least often
so far (across all runs), so a thousand runs explore far more of a story than
a thousand coin flips would. Every run is reproducible from its seed: the
choice sequence is recorded, and a failing run can be written as a save file
that ``exception replay`` opens.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine import ChoiceError, Game, Story, StoryRuntimeError

#: A run that takes this many choices without an ending stops and is reported.
DEFAULT_MAX_TURNS = 2000


@dataclass(frozen=True, slots=True)
class RunProblem:
    """A playthrough that went wrong, with what reproduces it."""

    run: int
    seed: int
    kind: str  # "runtime-error", "soft-lock" or "no-ending"
    message: str
    scene: str
    choices: tuple[str, ...]


@dataclass(slots=True)
class PlaytestReport:
    """What N random playthroughs found."""

    runs: int
    seed: int
    scenes_total: int
    choices_total: int
    scenes_seen: set[str] = field(default_factory=set)
    choices_taken: Counter[tuple[str, str]] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    problems: list[RunProblem] = field(default_factory=list)
    turns: int = 0
    #: Why the batch stopped before ``runs`` (every run would fail at the start the same way), or None.
    stopped: str | None = None

    @property
    def scene_coverage(self) -> float:
        """The share of scenes entered at least once."""
        return len(self.scenes_seen) / self.scenes_total if self.scenes_total else 1.0

    @property
    def choice_coverage(self) -> float:
        """The share of choices taken at least once."""
        return len(self.choices_taken) / self.choices_total if self.choices_total else 1.0


def run_seed(base_seed: int, run: int) -> int:
    """The seed of run number ``run`` (0-based) in a batch started with ``base_seed``."""
    return base_seed * 1_000_003 + run


def random_playtests(
    story: Story,
    runs: int,
    *,
    seed: int = 0,
    max_turns: int = DEFAULT_MAX_TURNS,
    on_problem: Callable[[RunProblem, Game], None] | None = None,
) -> PlaytestReport:
    """Play ``runs`` seeded playthroughs, least-used choices first; report coverage and problems."""
    report = PlaytestReport(
        runs=runs,
        seed=seed,
        scenes_total=len(story.scenes),
        choices_total=sum(len(scene.choices) for scene in story.scenes.values()),
    )
    for run in range(runs):
        game_seed = run_seed(seed, run)
        problem, game = _play_one(story, run, game_seed, max_turns, report)
        if problem is not None:
            report.problems.append(problem)
            if on_problem is not None and game is not None:
                on_problem(problem, game)
            if problem.kind == "runtime-error" and not problem.choices:
                # The start is the same in every run: each would stop here with the same error.
                report.runs = run + 1
                report.stopped = "the start cannot be played, so every run would stop there with the same error"
                break
    return report


def _play_one(
    story: Story, run: int, game_seed: int, max_turns: int, report: PlaytestReport
) -> tuple[RunProblem | None, Game | None]:
    picker = random.Random(game_seed)
    taken: list[str] = []
    try:
        game = Game(story, game_seed)
    except StoryRuntimeError as error:
        return RunProblem(run, game_seed, "runtime-error", str(error), story.start, ()), None
    report.scenes_seen.add(game.scene.id)
    try:
        while not game.is_over:
            scene = game.scene
            if len(taken) >= max_turns:
                message = f"no ending after {max_turns} choices (a loop the player may never leave?)"
                return RunProblem(run, game_seed, "no-ending", message, scene.id, tuple(taken)), game
            # The whole turn is drawn, as play draws it: a text that fails here would stop the game here.
            enabled = [choice.id for choice in game.view().choices if choice.enabled]
            if not enabled:
                message = f"scene '{scene.id}' is not an ending and no choice is enabled: the player is stuck"
                return RunProblem(run, game_seed, "soft-lock", message, scene.id, tuple(taken)), game
            fewest = min(report.choices_taken[(scene.id, choice)] for choice in enabled)
            candidates = [choice for choice in enabled if report.choices_taken[(scene.id, choice)] == fewest]
            choice = picker.choice(candidates)
            report.choices_taken[(scene.id, choice)] += 1
            taken.append(choice)
            game.advance(choice)
            report.turns += 1
            report.scenes_seen.add(game.scene.id)
    except (StoryRuntimeError, ChoiceError) as error:
        return RunProblem(run, game_seed, "runtime-error", str(error), game.scene.id, tuple(taken)), game
    try:
        game.view()  # the ending is drawn too
    except StoryRuntimeError as error:
        return RunProblem(run, game_seed, "runtime-error", str(error), game.scene.id, tuple(taken)), game
    ending = game.scene.ending
    assert ending is not None
    report.endings[ending.id] += 1
    return None, None
