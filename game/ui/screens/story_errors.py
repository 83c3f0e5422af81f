"""Shown over the game while live reload finds errors in the story files."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class StoryErrorsScreen(ModalScreen[None]):
    """The errors, one ``path:line:col: message`` a line; it closes by itself when the story loads again."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#story-errors-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Hide")]

    def __init__(self, errors: tuple[str, ...]) -> None:
        super().__init__()
        self.errors = errors

    def compose(self) -> ComposeResult:
        """A title, the errors, and what to do."""
        count = len(self.errors)
        with Vertical(id="story-errors-box", classes="dialog"):
            yield Static(
                Text(f"The story has {count} error{'s' if count != 1 else ''}", style="bold"),
                classes="dialog-title",
            )
            with VerticalScroll(id="story-errors-scroll"):
                yield Static(Text("\n".join(self.errors)), id="story-errors-list", markup=False)
            yield Static(
                Text("Fix the file and save it: play resumes where you were. Esc hides this."),
                classes="dialog-keys",
                markup=False,
            )

    def show_errors(self, errors: tuple[str, ...]) -> None:
        """Replace the list (the files changed again, still with errors)."""
        self.errors = errors
        self.query_one("#story-errors-list", Static).update(Text("\n".join(errors)))
        count = len(errors)
        self.query_one(".dialog-title", Static).update(
            Text(f"The story has {count} error{'s' if count != 1 else ''}", style="bold")
        )
