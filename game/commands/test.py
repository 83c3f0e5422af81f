"""``exception test --random N``: seeded random playthroughs of a story."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.commands.common import add_story_arguments, for_each_story
from game.engine import Game, Story
from game.tools.playtest import DEFAULT_MAX_TURNS, PlaytestReport, RunProblem, random_playtests


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``test``."""
    add_story_arguments(parser, several=True)
    parser.add_argument("--random", type=int, default=100, metavar="N", help="how many playthroughs (default 100)")
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
        saved: dict[int, Path] = {}
        on_problem = _failure_writer(Path(args.save_failures), saved) if args.save_failures else None
        report = random_playtests(story, args.random, seed=args.seed, max_turns=args.max_turns, on_problem=on_problem)
        if args.json:
            print(json.dumps(_as_json(directory, story, report, saved), ensure_ascii=False, indent=2))
        else:
            print(_as_text(directory, story, report, saved))
        return 1 if report.problems else 0

    return for_each_story(args, playtest)


def _failure_writer(directory: Path, saved: dict[int, Path]) -> Any:
    from game.saves import SaveError, SaveStore

    store = SaveStore(directory)

    def write(problem: RunProblem, game: Game) -> None:
        try:
            saved[problem.run] = store.save(f"failure-{problem.run}-seed-{problem.seed}", game, play_time=0).path
        except SaveError as error:
            print(f"exception test: could not save run {problem.run}: {error}", file=sys.stderr)

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


def _shorten(items: list[str], most: int = 12) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _as_text(directory: Path, story: Story, report: PlaytestReport, saved: dict[int, Path]) -> str:
    scenes, choices, endings = _never(story, report)
    lines = [
        f"{directory}: {report.runs} random playthroughs from seed {report.seed}, {report.turns:,} choices in all",
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
    for problem in report.problems:
        lines.append(
            f"  run {problem.run} (seed {problem.seed}): {problem.kind} in '{problem.scene}': {problem.message}"
        )
        lines.append(f"    choices: {' '.join(problem.choices) or '(none)'}")
        if problem.run in saved:
            lines.append(f"    replay: exception replay {saved[problem.run]} --transcript")
    return "\n".join(lines)


def _as_json(directory: Path, story: Story, report: PlaytestReport, saved: dict[int, Path]) -> dict[str, Any]:
    scenes, choices, endings = _never(story, report)
    return {
        "story": str(directory),
        "runs": report.runs,
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
                "save": str(saved[problem.run]) if problem.run in saved else None,
            }
            for problem in report.problems
        ],
    }
