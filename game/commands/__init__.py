"""Subcommands of the ``exception`` command, one module each.

Each module has ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``.
"""
