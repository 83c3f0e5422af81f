"""The game's status line: the countdown, then the story's title."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.engine import CountdownView
from game.ui.widgets.prose import format_number, plain


def status_text(countdown: CountdownView, title: str) -> Text:
    """The countdown (while it runs) and the story's title, on one line."""
    # The clock first: on a narrow terminal it is the one thing the status line must keep.
    status = Text()
    if countdown.active:
        status.append_text(plain(f"{countdown.label} {format_number(countdown.remaining)} {countdown.unit}", "bold"))
        status.append("  ·  ")
    status.append_text(plain(title))
    return status


class GameStatus(Static):
    """The line above the game: how much time is left, and which story this is."""

    def show(self, countdown: CountdownView, title: str) -> None:
        """Draw the line for a scene's countdown."""
        self.update(status_text(countdown, title))
