"""``exception stats``: a story's size, words, reading time and paths to each ending."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from game.commands.common import add_story_arguments, for_each_story
from game.engine import Story
from game.story.expressions import format_value
from game.text import clean_text
from game.tools.stats import WORDS_PER_MINUTE, StoryStats, story_stats


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``stats``."""
    add_story_arguments(parser, several=True)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")


def run(args: argparse.Namespace) -> int:
    """Print the statistics of each story directory."""

    def show(directory: Path, story: Story) -> int:
        stats = story_stats(story)
        if args.json:
            data = asdict(stats)
            data["story"] = str(directory)
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(f"{directory}: '{clean_text(story.title)}' {clean_text(story.version)}")
            print(_as_text(stats, story.countdown.unit if story.countdown else ""))
        return 0

    return for_each_story(args, show)


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return (format_value(value) + (f" {unit}" if unit else "")).strip()


def _as_text(stats: StoryStats, unit: str) -> str:
    lines = [
        f"  {_count(stats.scenes, 'scene')}, {_count(stats.choices, 'choice')}, {_count(stats.endings, 'ending')},"
        f" {_count(stats.variables, 'variable')} in {_count(stats.files, 'file')}",
        f"  {stats.words:,} words: about {stats.reading_minutes:.0f} minutes of reading at {WORDS_PER_MINUTE} words"
        " a minute (every passage counted once)",
        "",
        f"  {'ending':<28} {'choices: fewest':>15} {'most':>6} {'time: least':>13} {'most':>8}",
    ]
    for path in stats.paths:
        name = f"{path.title} ({path.ending})"
        lines.append(
            f"  {name:<28} {_number(path.shortest_choices):>15} {_number(path.longest_choices):>6}"
            f" {_number(path.shortest_time, unit):>13} {_number(path.longest_time, unit):>8}"
        )
    lines.append("")
    lines.append(
        "  Paths follow every choice and outcome, guards ignored; 'most' never enters a scene twice. Time is each"
        " choice's cost, as it counts once the countdown runs."
    )
    return "\n".join(lines)
