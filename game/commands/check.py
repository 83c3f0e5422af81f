"""``exception check``: validate stories and report every error at once; ``--deep`` explores them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from game.commands.common import add_story_arguments, for_each_story
from game.engine import Story
from game.text import clean_text
from game.tools.explore import DEFAULT_MAX_STATES, DEFAULT_PER_SCENE, DEFAULT_TIME_LIMIT, DeepReport, deep_check


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``check``."""
    add_story_arguments(parser, several=True)
    parser.add_argument(
        "--deep",
        action="store_true",
        help="explore the reachable game states: unreachable scenes and endings, soft locks, dead guards, "
        "unused variables, countdown problems",
    )
    parser.add_argument("--json", action="store_true", help="with --deep: print the findings as JSON")
    parser.add_argument(
        "--max-states",
        type=int,
        default=DEFAULT_MAX_STATES,
        metavar="N",
        help=f"with --deep: stop after N states (default {DEFAULT_MAX_STATES:,})",
    )
    parser.add_argument(
        "--per-scene",
        type=int,
        default=DEFAULT_PER_SCENE,
        metavar="N",
        help=f"with --deep: past N states in a scene, explore only states with a value new to it "
        f"(default {DEFAULT_PER_SCENE}; 0: no limit, an exhaustive search)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"with --deep: stop after this long (default {DEFAULT_TIME_LIMIT:g})",
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary(directory: Path, story: Story) -> str:
    """The one line printed for a clean story."""
    endings = len(story.endings)
    choices = sum(len(scene.choices) for scene in story.scenes.values())
    return (
        f"{directory}: ok — '{clean_text(story.title)}' {clean_text(story.version)}: "
        f"{_plural(len(story.scenes), 'scene')}, "
        f"{_plural(choices, 'choice')}, {_plural(endings, 'ending')}, {_plural(len(story.variables), 'variable')}"
    )


def run(args: argparse.Namespace) -> int:
    """Check each story directory; print a summary line for each clean one."""

    def check(directory: Path, story: Story) -> int:
        if not args.deep:
            print(summary(directory, story))
            return 0
        report = deep_check(
            story,
            max_states=max(1, args.max_states),
            time_limit=max(0.1, args.time_limit),
            per_scene=max(0, args.per_scene),
        )
        if args.json:
            print(json.dumps(_as_json(directory, report), ensure_ascii=False, indent=2))
        else:
            print(_as_text(directory, story, report))
        return 1 if report.errors else 0

    return for_each_story(args, check)


def _as_text(directory: Path, story: Story, report: DeepReport) -> str:
    lines: list[str] = []
    for finding in report.findings:
        lines.append(f"{finding.location()}: {finding.level}: {finding.message}")
        if finding.witness is not None:
            seed = "" if finding.seed is None else f" --seed {finding.seed}"
            lines.append(
                f"    witness ({_plural(len(finding.witness), 'choice')}{seed}): {' '.join(finding.witness) or '(start)'}"
            )
    coverage = (
        f"{directory}: explored {report.states:,} states and {report.transitions:,} transitions in "
        f"{report.seconds:.2f} s; scenes reached {len(report.scenes_reached)}/{report.scenes_total}, "
        f"endings reached {len(report.endings_reached)}/{len(story.endings)}"
    )
    if report.walks:
        coverage += f" (with {report.walks:,} random walks after the search)"
    lines.append(coverage)
    if not report.complete:
        lines.append(
            f"{directory}: the search was cut by {report.cut_by}: findings about what is never reached are warnings"
        )
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    lines.append(f"{directory}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    return "\n".join(lines)


def _as_json(directory: Path, report: DeepReport) -> dict[str, Any]:
    return {
        "story": str(directory),
        "complete": report.complete,
        "cut_by": report.cut_by,
        "states": report.states,
        "transitions": report.transitions,
        "random_walks": report.walks,
        "seconds": round(report.seconds, 3),
        "scenes": {"total": report.scenes_total, "reached": sorted(report.scenes_reached)},
        "endings_reached": sorted(report.endings_reached),
        "findings": [
            {
                "level": finding.level,
                "kind": finding.kind,
                "message": finding.message,
                "path": finding.source.path if finding.source else None,
                "line": finding.source.line if finding.source else None,
                "col": finding.source.col if finding.source else None,
                "witness": None if finding.witness is None else list(finding.witness),
                "seed": finding.seed,
            }
            for finding in report.findings
        ],
    }
