"""``python -m game`` runs the ``exception`` command."""

from game.cli import entry_point

entry_point()
