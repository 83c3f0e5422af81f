"""The ``exception`` command line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Subcommand name -> module in game.commands (imported only when used or listed).
COMMANDS: dict[str, str] = {
    "play": "game.commands.play",
    "check": "game.commands.check",
    "replay": "game.commands.replay",
    "test": "game.commands.test",
    "stats": "game.commands.stats",
    "graph": "game.commands.graph",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="exception",
        description="exception: a text adventure aboard a dark ship. With no command, the game starts.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        arguments = ["play"]
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        return 0


def entry_point() -> None:
    """Console-script entry: exit with ``main``'s code."""
    sys.exit(main())
