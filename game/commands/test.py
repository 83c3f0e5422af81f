"""``exception test --random N``: seeded random playthroughs of a story."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.commands.check import shown_name
from game.commands.common import add_story_arguments, for_each_story
from game.engine import Game, Story, StoryRuntimeError
from game.tools.playtest import DEFAULT_MAX_TURNS, PlaytestReport, RunProblem, random_playtests


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``test``."""
    add_story_arguments(parser, several=True)
    parser.add_argument(
        "--random",
        type=int,
        default=100,
        metavar="N",
        help="how many playthroughs (default 100); every turn is drawn as play draws it, so a text that fails is a problem",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="the first seed (default 0)")
    parser.add_argument(
        "--max-turns",
        type=int,
        default=DEFAULT_MAX_TURNS,
        metavar="T",
        help=f"give up on a run after this many choices (default {DEFAULT_MAX_TURNS})",
    )
    parser.add_argument("--save-failures", metavar="DIR", help="write each failing run as a save file here")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Run the playtests on each story directory; exit 1 when any run found a problem."""
    if args.random < 1 or args.max_turns < 1:
        print("exception test: --random and --max-turns must be at least 1", file=sys.stderr)
        return 2

    def playtest(directory: Path, story: Story) -> int:
        saved: dict[int, SavedFailure] = {}
        on_problem = _failure_writer(Path(args.save_failures), saved) if args.save_failures else None
        report = random_playtests(story, args.random, seed=args.seed, max_turns=args.max_turns, on_problem=on_problem)
        if args.json:
            print(json.dumps(_as_json(shown_name(directory, args), story, report, saved), ensure_ascii=False, indent=2))
        else:
            print(_as_text(shown_name(directory, args), story, report, saved))
        return 1 if report.problems else 0

    return for_each_story(args, playtest)


@dataclass(frozen=True, slots=True)
class SavedFailure:
    """A failing run written as a save: where, and the choices still to take from it to see the failure."""

    path: Path
    then: tuple[str, ...] = ()


def _failure_writer(directory: Path, saved: dict[int, SavedFailure]) -> Any:
    from game.saves import SaveError, SaveStore

    store = SaveStore(directory)

    def write(problem: RunProblem, game: Game) -> None:
        slot = f"failure-{problem.run}-seed-{problem.seed}"
        # A save shows its turn, so a turn that cannot be drawn (a text or a condition that fails there)
        # cannot be saved: the save is then made as many turns back as it takes, and the report lists
        # the choices to take from there to see the failure.
        turn = game.turn
        for back in range(turn + 1):
            try:
                if back:
                    game.undo(back)
                summary = store.save(slot, game, play_time=0)
            except StoryRuntimeError:
                continue
            except SaveError as error:
                print(f"exception test: could not save run {problem.run}: {error}", file=sys.stderr)
                return
            saved[problem.run] = SavedFailure(summary.path, problem.choices[turn - back :] if back else ())
            return
        print(
            f"exception test: could not save run {problem.run}: no turn of it can be drawn; replay its choices"
            " with exception play --plain instead",
            file=sys.stderr,
        )

    return write


def _never(story: Story, report: PlaytestReport) -> tuple[list[str], list[str], list[str]]:
    scenes = [scene for scene in story.scenes if scene not in report.scenes_seen]
    choices = [
        f"{scene.id}.{choice.id}"
        for scene in story.scenes.values()
        for choice in scene.choices
        if (scene.id, choice.id) not in report.choices_taken
    ]
    endings = [scene.ending.id for scene in story.endings if scene.ending and scene.ending.id not in report.endings]
    return scenes, choices, endings


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _shorten(items: list[str], most: int = 12) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _as_text(name: str, story: Story, report: PlaytestReport, saved: dict[int, SavedFailure]) -> str:
    scenes, choices, endings = _never(story, report)
    lines = [
        f"{name}: {report.runs} random playthroughs from seed {report.seed}, {report.turns:,} choices in all",
        f"  scenes entered: {len(report.scenes_seen)}/{report.scenes_total} ({report.scene_coverage:.1%})"
        + (f"; never: {_shorten(scenes)}" if scenes else ""),
        f"  choices taken:  {len(report.choices_taken)}/{report.choices_total} ({report.choice_coverage:.1%})"
        + (f"; never: {_shorten(choices)}" if choices else ""),
        "  endings: "
        + (", ".join(f"{ending} {count}" for ending, count in report.endings.most_common()) or "none reached")
        + (f"; never reached: {', '.join(endings)}" if endings else ""),
    ]
    if not report.problems:
        lines.append("  problems: none")
    if report.stopped:
        lines.append(f"  stopped after {_plural(report.runs, 'run')}: {report.stopped}")
    # Each distinct problem once, with its first run's reproduction: a story error that every run meets
    # is one line to fix, not a page.
    alike: dict[tuple[str, str], list[RunProblem]] = {}
    for problem in report.problems:
        alike.setdefault((problem.kind, problem.message), []).append(problem)
    for problems in alike.values():
        problem = problems[0]
        lines.append(
            f"  run {problem.run} (seed {problem.seed}): {problem.kind} in '{problem.scene}': {problem.message}"
        )
        lines.append(f"    choices: {' '.join(problem.choices) or '(none)'}")
        if len(problems) > 1:
            others = [str(other.run) for other in problems[1:]]
            lines.append(f"    the same in {_plural(len(others), 'more run')}: {_shorten(others, 10)}")
        if problem.run in saved:
            failure = saved[problem.run]
            lines.append(f"    replay: exception replay {failure.path} --transcript")
            if failure.then:
                lines.append(
                    f"    (saved {_plural(len(failure.then), 'turn')} before the failure, the last turn that can be"
                    f" drawn; then take: {' '.join(failure.then)})"
                )
    return "\n".join(lines)


def _as_json(name: str, story: Story, report: PlaytestReport, saved: dict[int, SavedFailure]) -> dict[str, Any]:
    scenes, choices, endings = _never(story, report)
    return {
        "story": name,
        "runs": report.runs,
        "stopped": report.stopped,
        "seed": report.seed,
        "turns": report.turns,
        "scenes": {"total": report.scenes_total, "entered": len(report.scenes_seen), "never": scenes},
        "choices": {"total": report.choices_total, "taken": len(report.choices_taken), "never": choices},
        "endings": dict(report.endings.most_common()),
        "endings_never_reached": endings,
        "problems": [
            {
                "run": problem.run,
                "seed": problem.seed,
                "kind": problem.kind,
                "scene": problem.scene,
                "message": problem.message,
                "choices": list(problem.choices),
                "save": str(saved[problem.run].path) if problem.run in saved else None,
                "save_then": list(saved[problem.run].then) if problem.run in saved else None,
            }
            for problem in report.problems
        ],
    }
