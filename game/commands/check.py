"""``exception check``: validate stories and report every error at once; ``--deep`` explores them.

A plain check also warns about what loads but is likely wrong: a text YAML
cut at a ' #', a scene or ending no path of choices and expiries leads to.
``--only DIR`` keeps the report to the files under DIR (a branch's folder).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from game.commands.common import add_story_arguments, default_story_dir, for_each_story
from game.engine import Story
from game.text import clean_text
from game.tools.analysis import unreachable_scenes
from game.tools.explore import (
    DEFAULT_MAX_STATES,
    DEFAULT_PER_SCENE,
    DEFAULT_TIME_LIMIT,
    ERROR,
    WARNING,
    DeepReport,
    Finding,
    deep_check,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``check``."""
    add_story_arguments(parser, several=True)
    parser.add_argument(
        "--deep",
        action="store_true",
        help="explore the reachable game states, drawing every turn as play does: texts and conditions that fail "
        "at run time (with the choices that get there), unreachable scenes and endings (proved, or only within the "
        "search bounds), soft locks, dead guards, unused variables, countdown problems",
    )
    parser.add_argument("--json", action="store_true", help="with --deep: print the findings as JSON")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="DIR",
        help="report only the findings in files under DIR (repeatable): give your branch's folder to leave out "
        "what the story it extends reports; the counts of what is left out are still printed",
    )
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


def shown_name(directory: Path, args: argparse.Namespace | None = None) -> str:
    """The story as the author named it: the folder they gave, or "the bundled story" (never its install path)."""
    named = args is not None and (getattr(args, "stories", None) or getattr(args, "story", None))
    bundled = not named and directory.resolve() == default_story_dir().resolve()
    name = "the bundled story" if bundled else str(directory)
    branches = [str(branch) for branch in getattr(args, "branch", None) or ()]
    if branches:
        name += " with --branch " + ", --branch ".join(branches)
    return name


def summary(directory: Path, story: Story, args: argparse.Namespace | None = None) -> str:
    """The one line printed for a story that loads."""
    endings = len(story.endings)
    choices = sum(len(scene.choices) for scene in story.scenes.values())
    return (
        f"{shown_name(directory, args)}: ok — '{clean_text(story.title)}' {clean_text(story.version)}: "
        f"{_plural(len(story.scenes), 'scene')}, "
        f"{_plural(choices, 'choice')}, {_plural(endings, 'ending')}, {_plural(len(story.variables), 'variable')}"
    )


def static_findings(story: Story) -> list[Finding]:
    """What a plain check warns about: texts YAML cut at a ' #', and scenes and endings no path leads to."""
    findings = [Finding(WARNING, "cut-by-comment", message, source) for source, message in story.warnings]
    for found in unreachable_scenes(story):
        kind = "unreachable-ending" if found.is_ending else "unreachable-scene"
        findings.append(Finding(WARNING, kind, found.message(story), found.source))
    return findings


class _Scope:
    """Which findings to report: those in files under the ``--only`` folders (all, without ``--only``)."""

    def __init__(self, directory: Path, only: list[str]) -> None:
        self.directory = directory
        self.folders = [Path(folder).resolve() for folder in only]
        self.names = ", ".join(only)

    def holds(self, finding: Finding) -> bool:
        if not self.folders:
            return True
        if finding.source is None:
            return False
        written = Path(finding.source.path)
        # A story file's path is relative to the story folder; a branch outside it keeps the path it was given.
        candidates = {(self.directory / written).resolve(), written.resolve()}
        return any(path.is_relative_to(folder) for path in candidates for folder in self.folders)

    def split(self, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
        kept = [finding for finding in findings if self.holds(finding)]
        return kept, [finding for finding in findings if not self.holds(finding)]


def run(args: argparse.Namespace) -> int:
    """Check each story directory; print its warnings and a summary line, or with --deep its findings."""

    def check(directory: Path, story: Story) -> int:
        scope = _Scope(directory, args.only)
        name = shown_name(directory, args)
        if not args.deep:
            shown, hidden = scope.split(static_findings(story))
            for finding in shown:
                print(f"{finding.location()}: {finding.level}: {finding.message}")
            line = summary(directory, story, args)
            if shown:
                line += f"; {_plural(len(shown), 'warning')}"
            print(line)
            if hidden:
                print(f"{name}: {_plural(len(hidden), 'warning')} outside {scope.names} not shown")
            return 0
        report = deep_check(
            story,
            max_states=max(1, args.max_states),
            time_limit=max(0.1, args.time_limit),
            per_scene=max(0, args.per_scene),
        )
        report.findings[:0] = [finding for finding in static_findings(story) if finding.kind == "cut-by-comment"]
        shown, hidden = scope.split(report.findings)
        if args.json:
            print(json.dumps(_as_json(name, report, shown, hidden), ensure_ascii=False, indent=2))
        else:
            print(_as_text(name, story, report, shown, hidden, scope))
        return 1 if any(finding.level == ERROR for finding in shown) else 0

    return for_each_story(args, check)


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"{finding.location()}: {finding.level}: {finding.message}"]
    if finding.witness is not None:
        seed = "" if finding.seed is None else f" --seed {finding.seed}"
        lines.append(
            f"    witness ({_plural(len(finding.witness), 'choice')}{seed}): {' '.join(finding.witness) or '(start)'}"
        )
    return lines


def _as_text(
    name: str, story: Story, report: DeepReport, shown: list[Finding], hidden: list[Finding], scope: _Scope
) -> str:
    lines: list[str] = []
    proved = [finding for finding in shown if not finding.bounded]
    bounded = [finding for finding in shown if finding.bounded]
    for finding in proved:
        lines += _finding_lines(finding)
    if bounded:
        lines.append(
            f"{name}: within the search bounds only (cut by {report.cut_by}), not proved; raise"
            " --max-states, --per-scene or --time-limit to look further:"
        )
        for finding in bounded:
            lines += ["  " + line for line in _finding_lines(finding)]
    coverage = (
        f"{name}: explored {report.states:,} states and {report.transitions:,} transitions in "
        f"{report.seconds:.2f} s; scenes reached {len(report.scenes_reached)}/{report.scenes_total}, "
        f"endings reached {len(report.endings_reached)}/{len(story.endings)}"
    )
    if report.walks:
        coverage += f" (with {report.walks:,} random walks after the search)"
    lines.append(coverage)
    if not report.complete:
        lines.append(
            f"{name}: the search was cut by {report.cut_by}: what it did not reach is listed apart, as warnings;"
            " errors and what the scene graph proves stand"
        )
    errors = sum(1 for finding in shown if finding.level == ERROR)
    warnings = len(shown) - errors
    total = f"{name}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if proved or bounded:
        total += f" ({len(proved)} proved, {len(bounded)} within the bounds only)"
    lines.append(total)
    if hidden:
        hidden_errors = sum(1 for finding in hidden if finding.level == ERROR)
        lines.append(
            f"{name}: {_plural(hidden_errors, 'error')} and {_plural(len(hidden) - hidden_errors, 'warning')}"
            f" outside {scope.names} not shown"
        )
    return "\n".join(lines)


def _as_json(name: str, report: DeepReport, shown: list[Finding], hidden: list[Finding]) -> dict[str, Any]:
    return {
        "story": name,
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
                "proved": not finding.bounded,
            }
            for finding in shown
        ],
        "not_shown": {
            "errors": sum(1 for finding in hidden if finding.level == ERROR),
            "warnings": sum(1 for finding in hidden if finding.level != ERROR),
        },
    }
