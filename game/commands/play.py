"""``exception play``: play a story in the terminal UI, as plain text, or as JSON lines."""

from __future__ import annotations

import argparse
import sys

from game.commands.common import add_story_arguments, load_or_report, story_dirs
from game.engine import Game, StoryRuntimeError

HELP = "play a story (plain text with --plain, JSON lines with --jsonl)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``play``."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="line-based play for screen readers, pipes and scripts")
    mode.add_argument("--jsonl", action="store_true", help="one JSON object per turn, for programs")
    parser.add_argument("--seed", type=int, help="seed for the story's random outcomes (default: random)")
    add_story_arguments(parser, positional=False)


def run(args: argparse.Namespace) -> int:
    """Start the chosen front end."""
    story = load_or_report(story_dirs(args)[0], args)
    if story is None:
        return 1
    try:
        game = Game(story, args.seed)
    except StoryRuntimeError as problem:
        print(f"story error: {problem}", file=sys.stderr)
        return 1
    if args.jsonl:
        from game.frontends.jsonl import run_jsonl

        return run_jsonl(game, sys.stdin, sys.stdout)
    from game.frontends.plain import run_plain

    return run_plain(game, sys.stdin, sys.stdout)
