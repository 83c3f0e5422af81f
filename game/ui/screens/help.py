"""Help: every key."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.ui.screens.dialog import Dialog

KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "take the choice with that number"),
    ("↑ ↓  Enter", "move through the choices and take one (or click it)"),
    ("any key", "finish the text being written"),
    ("/  :", "type a command: words of a choice, undo, save, look, journal"),
    ("Esc", "back from the command line to the choices"),
    ("s", "save into a named slot"),
    ("l", "load a save"),
    ("u", "undo the last choice"),
    ("j", "journal: everything read and chosen"),
    ("?", "this help"),
    ("q", "quit to the title (asks if progress is not saved)"),
    ("Ctrl+P", "command palette: every action by name"),
    ("Ctrl+C", "leave at once (every turn is autosaved)"),
    ("", ""),
    ("Replay", ""),
    ("Space", "play or pause"),
    ("→  ←", "step forward or back"),
    ("+  -", "faster or slower"),
    ("g", "jump to a turn"),
    ("t", "take over: play on from here"),
)


def keys_table() -> Table:
    """The keys as a two-column table."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, meaning in KEYS:
        table.add_row(key, meaning)
    return table


class HelpScreen(Dialog[None]):
    """All keys; Escape or ? closes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#help-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        """Title and keys."""
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static("Help", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                yield Static(keys_table(), markup=False)
            yield Static("Esc close", classes="dialog-keys", markup=False)

    def action_close(self) -> None:
        """Back."""
        self.dismiss(None)
