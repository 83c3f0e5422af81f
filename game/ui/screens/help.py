"""Help: every key."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.ui.screens.dialog import Dialog

KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "take the choice with that number"),
    ("↑ ↓  Enter", "move through the choices and take one (or click it)"),
    ("any key", "finish the text being written"),
    ("Space  PgDn", "scroll the story a page down (the arrows stay with the choices)"),
    ("PgUp", "scroll the story a page up"),
    ("Home  End", "the top or the end of the story so far"),
    ("✓", "beside a choice: you took it before, in this game or an earlier one (Settings turns the marks off)"),
    ("· 5 min", "beside a choice while the clock runs: the time it spends; 'time runs out' if that is the last of it"),
    ("/  :", "type a command: words of a choice, undo, save, look, journal"),
    ("Esc", "back from the command line to the choices"),
    ("s", "save into a named slot"),
    ("l", "load a save"),
    ("u", "undo the last choice"),
    ("r", "redo: take again the choice you undid (until you choose differently)"),
    ("k", "skip read text on or off: scenes read before appear at once"),
    ("j", "journal: everything read and chosen"),
    ("o", "settings: text speed, typewriter, motion, theme"),
    ("?", "this help"),
    ("q", "quit to the title (asks if progress is not saved)"),
    ("Ctrl+P", "command palette: every action by name"),
    ("Ctrl+C", "leave at once (every turn is autosaved)"),
)
#: The title screen's keys (each is also shown beside its menu item).
TITLE_KEYS: tuple[tuple[str, str], ...] = (
    ("n  c", "new game, continue the latest game"),
    ("l  r", "load a save, replay a save"),
    ("e", "the endings found so far"),
    ("o", "settings"),
)
#: The ending card's keys.
ENDING_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "after the ending's prose: the ending card"),
    ("n", "play again from the beginning"),
    ("u", "undo the last choice"),
    ("j", "the journal of the way here"),
    ("e", "the endings found so far"),
    ("t", "back to the title"),
)


def keys_table() -> Table:
    """Every screen's keys as a two-column table, a heading before each screen's."""
    from game.ui.screens.replay import replay_help_rows

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    sections = (
        ("Playing", KEYS),
        ("Title", TITLE_KEYS),
        ("Ending", ENDING_KEYS),
        ("Replay", tuple(replay_help_rows())),
    )
    for index, (heading, rows) in enumerate(sections):
        if index:
            table.add_row("", "")
        table.add_row(Text(heading, style="bold underline"), "")
        for key, meaning in rows:
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
