"""Shown over the title or the game when the story has errors: at load, on a live reload, or in play."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.ui.screens.dialog import Dialog

#: What to do, with live reload on: the screen closes by itself once the files are fixed.
WATCH_HINT = "Fix the file and save it: play resumes where you were. Esc hides this."
#: What to do without live reload.
RESTART_HINT = "Fix the story file and start the game again; your progress is kept. Esc hides this."


def errors_title(errors: tuple[str, ...]) -> str:
    """``The story has N errors``."""
    count = len(errors)
    return f"The story has {count} error{'s' if count != 1 else ''}"


class StoryErrorsScreen(Dialog[None]):
    """The errors, one ``path:line:col: message`` a line, over whatever was on screen (which is kept as it was).

    With live reload it closes by itself when the story loads again.
    """

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#story-errors-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Hide")]

    def __init__(self, errors: tuple[str, ...], *, title: str | None = None, hint: str = WATCH_HINT) -> None:
        super().__init__()
        self.errors = errors
        self.heading = title or errors_title(errors)
        self.hint = hint

    def compose(self) -> ComposeResult:
        """A title, the errors, and what to do."""
        with Vertical(id="story-errors-box", classes="dialog"):
            yield Static(Text(self.heading, style="bold"), classes="dialog-title")
            with VerticalScroll(id="story-errors-scroll"):
                yield Static(Text("\n".join(self.errors)), id="story-errors-list", markup=False)
            yield Static(Text(self.hint), id="story-errors-hint", classes="dialog-keys", markup=False)

    def show_errors(self, errors: tuple[str, ...], *, title: str | None = None, hint: str | None = None) -> None:
        """Replace the list (the files changed again, still with errors)."""
        self.errors = errors
        self.heading = title or errors_title(errors)
        self.hint = hint or self.hint
        self.query_one("#story-errors-list", Static).update(Text("\n".join(errors)))
        self.query_one(".dialog-title", Static).update(Text(self.heading, style="bold"))
        self.query_one("#story-errors-hint", Static).update(Text(self.hint))
