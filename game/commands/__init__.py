"""Subcommands of the ``exception`` command, one module each.

Each module has ``add_arguments(parser)`` and ``run(args) -> int``; its one
line of help lives in ``game.cli.COMMANDS``, so listing the commands imports none.
"""
