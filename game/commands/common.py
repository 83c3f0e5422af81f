"""What the subcommands share: where the bundled story is and how a story is chosen.

Also the whole of the reference commands (``scenes``, ``vars``) but what each
lists and how it prints it: their arguments, ``--name``, and ``--json``.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from game.collector import freeze_long_lived

if TYPE_CHECKING:
    from game.engine import Story
    from game.tools.reference import Positions

T = TypeVar("T")


def default_story_dir() -> Path:
    """The bundled story: inside the installed package, or ``story/`` beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "bundled_story"
    if bundled.is_dir():
        return bundled
    return package.parent / "story"


#: The help of the story folder, the same on every command (positional or ``--story``).
STORY_FOLDER_HELP = "the story folder, as DIR or --story DIR (default: the bundled story, as installed)"


class _StoryFolder(argparse.Action):
    """Record a story folder given as ``DIR`` or as ``--story DIR``; refuse two that differ."""

    #: Whether the command reads several story folders in turn (check, test, stats).
    several = False

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if values is None or values == []:
            return  # argparse calls a positional with nothing when it was not given
        given = [values] if isinstance(values, str) else [str(value) for value in values]
        if len(given) > 1 and not self.several:
            parser.error(f"one story folder at a time, not {len(given)}: {' '.join(given)}")
        earlier = getattr(namespace, "stories", None)
        if earlier and [_same(path) for path in earlier] != [_same(path) for path in given]:
            shown = " ".join(earlier)
            parser.error(
                f"two story folders: {shown} and {' '.join(given)}; give the story folder once, as DIR or as --story DIR"
            )
        namespace.stories = given


class _StoryFolders(_StoryFolder):
    several = True


def _same(path: str) -> Path:
    return Path(path).resolve()


def add_story_arguments(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    """The story folder (``DIR`` or ``--story DIR``, the same either way), ``--branch DIR`` and ``--no-cache``.

    With ``several`` (check, test, stats) more than one folder may follow, each handled in turn.
    """
    action = _StoryFolders if several else _StoryFolder
    parser.add_argument("stories", nargs="*", metavar="DIR", action=action, help=STORY_FOLDER_HELP)
    parser.add_argument("--story", dest="stories", metavar="DIR", action=action, help=STORY_FOLDER_HELP)
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
    given = getattr(args, "stories", None)
    if given:
        return [Path(item) for item in given]
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
    freeze_long_lived()
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


def add_reference_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """The arguments of a reference command: the story, ``--name PATTERN`` (repeatable) and ``--json``.

    ``what`` names the entries listed (``scenes``, ``variables``) in the help.
    """
    add_story_arguments(parser)
    parser.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="PATTERN",
        help=f"only the {what} whose name matches (a shell pattern such as 'trust_*'; repeatable)",
    )
    parser.add_argument("--json", action="store_true", help=f"print the {what} as JSON (format in the guide)")


def only_named(
    entries: Sequence[T], name_of: Callable[[T], str], patterns: Sequence[str], command: str
) -> list[T] | None:
    """The entries whose name matches one of ``patterns`` (all when none); None, with a message, when none match."""
    if not patterns:
        return list(entries)
    chosen = [entry for entry in entries if any(fnmatch.fnmatchcase(name_of(entry), pattern) for pattern in patterns)]
    if not chosen:
        shown = ", ".join(repr(pattern) for pattern in patterns)
        print(f"exception {command}: nothing is named {shown}; run without --name to see every name", file=sys.stderr)
        return None
    return chosen


def run_reference(
    args: argparse.Namespace,
    command: str,
    reference: Callable[[Story, Positions], Sequence[T]],
    name_of: Callable[[T], str],
    as_json: Callable[[Story, list[T], str], dict[str, Any]],
    as_text: Callable[[Path, Story, list[T]], str],
) -> int:
    """Run a reference command (``exception COMMAND``); returns its exit code.

    Loads the story, builds ``reference`` with the positions read again from
    its files (branches included), keeps the entries ``--name`` chooses, and
    prints them: ``as_json(story, entries, story folder)`` with ``--json``,
    else ``as_text(story folder, story, entries)``.
    """
    from game.tools.reference import read_positions

    directory = story_dirs(args)[0]
    story = load_or_report(directory, args)
    if story is None:
        return 1
    entries = only_named(reference(story, read_positions(directory, args.branch)), name_of, args.name, command)
    if entries is None:
        return 1
    if args.json:
        print(json.dumps(as_json(story, entries, str(directory)), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(as_text(directory, story, entries))
    return 0
