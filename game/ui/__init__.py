"""The Textual terminal UI: the way *exception* is played.

This module imports quickly (no Textual here): ``run_app`` imports the app lazily,
so the command line stays fast for the subcommands that never draw a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppOptions:
    """What the command line asks the UI to do."""

    story_dir: Path
    branches: tuple[Path, ...] = ()
    seed: int | None = None
    saves_dir: Path | None = None
    load: str | None = None  # a slot or a save file to open at start
    replay: Path | None = None  # a save file to replay
    watch: bool = False  # reload the story on file change (not implemented yet)


def run_app(options: AppOptions) -> int:
    """Run the terminal UI until the player quits; returns the exit code."""
    from game.collector import paused_for_startup

    # Start-up builds tens of thousands of objects that live as long as the program (Textual's
    # modules, classes and styles) and next to no garbage, so the collector's passes over them
    # are wasted: about 5% of the time to the title. ExceptionApp turns it back on once the
    # title is on screen; this ``finally`` is for a start that never gets that far.
    with paused_for_startup():
        from game.ui.app import ExceptionApp

        app = ExceptionApp(options)
        app.run()
    return app.return_code or 0


__all__ = ["AppOptions", "run_app"]
