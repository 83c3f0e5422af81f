"""``exception studio``: the author's studio (edit, check, play and map a story in one window)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import default_story_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``studio``."""
    parser.add_argument("story", nargs="?", metavar="STORY", help="the story directory (default: the bundled story)")
    parser.add_argument(
        "--branch", action="append", default=[], metavar="DIR", help="a branch directory to edit with it (repeatable)"
    )
    parser.add_argument(
        "--open", metavar="FILE[:LINE]", help="the file to open first, at a line (relative to the story or as given)"
    )


def parse_open(value: str, story: Path) -> tuple[Path, int]:
    """``FILE`` or ``FILE:LINE`` as a path (relative to the story folder when it is there) and a line."""
    name, line = value, 1
    head, sep, tail = value.rpartition(":")
    if sep and tail.isdigit():
        name, line = head, max(1, int(tail))
    path = Path(name)
    if not path.is_absolute() and not path.exists() and (story / path).exists():
        path = story / path
    return path, line


def run(args: argparse.Namespace) -> int:
    """Start the studio; a missing folder or file is one line on stderr and exit code 2."""
    story = Path(args.story) if args.story else default_story_dir()
    if not story.is_dir():
        print(f"exception studio: {story} is not a story folder (a folder of .yaml files)", file=sys.stderr)
        return 2
    branches = tuple(Path(branch) for branch in args.branch)
    for branch in branches:
        if not branch.is_dir():
            print(f"exception studio: the branch {branch} is not a folder", file=sys.stderr)
            return 2
    open_file, line = (None, 1)
    if args.open:
        open_file, line = parse_open(args.open, story)
        if not open_file.is_file():
            print(f"exception studio: cannot open {args.open}: there is no such file", file=sys.stderr)
            return 2

    from game.studio.app import StudioApp
    from game.studio.options import StudioOptions

    StudioApp(StudioOptions(story=story, branches=branches, open_file=open_file, open_line=line)).run()
    return 0
