"""The ``exception`` command line."""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Sequence

from game import __version__

#: Subcommand name -> (module in game.commands, one line of help). A module is imported
#: only when its command runs, so starting the game does not load the authoring tools.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("game.commands.play", "play a story (the terminal UI; plain text with --plain, JSON lines with --jsonl)"),
    "check": (
        "game.commands.check",
        "check a story for errors (exit 0 clean, 1 on story errors); --deep explores every reachable state",
    ),
    "replay": (
        "game.commands.replay",
        "replay a save: in the game (default), as a --transcript or --jsonl, or --verify it",
    ),
    "test": (
        "game.commands.test",
        "play a story at random N times (least-used choices first) and report coverage, endings and errors",
    ),
    "stats": (
        "game.commands.stats",
        "count a story's scenes, choices, endings and words, and measure the paths to each ending",
    ),
    "graph": ("game.commands.graph", "draw the story graph (Mermaid or Graphviz dot); --svg renders it with Graphviz"),
    "scenes": ("game.commands.scenes", "list every scene: title, file:line, act, point of view, what leads in and out"),
    "vars": ("game.commands.vars", "list every variable: type, start value, where it is set and where it is read"),
    "schema": ("game.commands.schema", "print the story files' JSON Schema (for editors), or with --path where it is"),
    "serve": ("game.commands.serve", "play in a browser: serve the game on this machine (needs the web extra)"),
    "studio": ("game.commands.studio", "the author's studio: edit a story with errors as you type, play it, map it"),
}


#: The packages the game needs at run time (pyproject.toml), by import name.
DEPENDENCIES = frozenset({"textual", "rich", "yaml", "transitions", "platformdirs"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand listed, and ``command``'s own arguments loaded.

    With ``command`` None, every subcommand's module is imported (for complete help).
    """
    parser = argparse.ArgumentParser(
        prog="exception",
        description="exception: a text adventure aboard a dark ship. With no command, the game starts.",
    )
    parser.add_argument("--version", action="version", version=f"exception {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, summary) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=summary, description=summary)
        if command is not None and name != command:
            continue
        module = importlib.import_module(module_name)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        arguments = ["play"]
    # Only the chosen command's module is imported; '--version' needs none of them.
    chosen = arguments[0] if arguments[0] in COMMANDS else ("play" if arguments[0] == "--version" else None)
    try:
        parser = build_parser(chosen)
        args = parser.parse_args(arguments)
        if args.command is None:
            parser.print_help()
            return 2
        return int(args.handler(args))
    except ModuleNotFoundError as error:
        if error.name not in DEPENDENCIES:
            raise
        print(
            f"exception: the package '{error.name}' is missing; install the game with its dependencies"
            " (python3 -m pip install . in the game's folder)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        return 0


def tolerate_narrow_streams() -> None:
    """Let stdout and stderr replace what their encoding cannot hold, instead of raising.

    An ASCII-only locale (``LC_ALL=C``), a Windows console code page or a pipe
    opened with a legacy encoding cannot print the story's text; a '?' in place
    of a character is better than a UnicodeEncodeError halfway through a report.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def entry_point() -> None:
    """Console-script entry: exit with ``main``'s code."""
    tolerate_narrow_streams()
    sys.exit(main())
