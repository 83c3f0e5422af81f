"""What the subcommands share: where the bundled story is and how a story is chosen."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine import Story


def default_story_dir() -> Path:
    """The bundled story: inside the installed package, or ``story/`` beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "bundled_story"
    if bundled.is_dir():
        return bundled
    return package.parent / "story"


def add_story_arguments(parser: argparse.ArgumentParser, *, positional: bool) -> None:
    """``DIR ...`` (or ``--story DIR``) plus repeatable ``--branch DIR``."""
    if positional:
        parser.add_argument("stories", nargs="*", metavar="DIR", help="story directories (default: the bundled story)")
    else:
        parser.add_argument("--story", metavar="DIR", help="the story directory (default: the bundled story)")
    parser.add_argument(
        "--branch",
        action="append",
        default=[],
        metavar="DIR",
        help="a branch directory merged on top of the story (repeatable)",
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every file even if the story is unchanged")


def story_dirs(args: argparse.Namespace) -> list[Path]:
    """The story directories the arguments name."""
    if getattr(args, "stories", None):
        return [Path(item) for item in args.stories]
    if getattr(args, "story", None):
        return [Path(args.story)]
    return [default_story_dir()]


def load_or_report(directory: Path, args: argparse.Namespace) -> Story | None:
    """Load a story, or print every error to stderr and return None."""
    from game.engine import StoryLoadError, load_story

    try:
        story = load_story(directory, args.branch, use_cache=not args.no_cache)
    except StoryLoadError as error:
        for problem in error.errors:
            print(problem, file=sys.stderr)
        count = len(error.errors)
        print(f"{count} error{'s' if count != 1 else ''} in {directory}", file=sys.stderr)
        return None
    # A story is hundreds of thousands of immutable objects that live as long as the
    # program: moving them out of the collector's reach keeps its full passes from
    # rescanning them, which otherwise costs more than the game itself on big stories.
    gc.freeze()
    return story


def for_each_story(args: argparse.Namespace, action: Callable[[Path, Story], int]) -> int:
    """Load every story the arguments name and run ``action`` on each; returns the worst exit code.

    A story that does not load has its errors printed and counts as exit code 1.
    """
    status = 0
    for directory in story_dirs(args):
        story = load_or_report(directory, args)
        status = max(status, 1 if story is None else action(directory, story))
    return status
