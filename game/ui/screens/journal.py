"""The journal: every scene read and every choice taken this playthrough."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.ui.screens.dialog import Dialog
from game.ui.session import JournalEntry
from game.ui.widgets.prose import plain, prose


def entry_text(entry: JournalEntry) -> Text:
    """One journal entry: turn and title, prose, the choice taken; an undone turn dimmed and marked."""
    text = Text()
    style = "dim" if entry.undone else ""
    text.append(f"Turn {entry.turn}  ", style="dim")
    text.append_text(plain(entry.title, f"bold {style}".strip()))
    if entry.undone:
        text.append("  (undone)", style="dim italic")
    text.append("\n")
    text.append(prose(entry.text), style=style)
    if entry.choice is not None:
        text.append("\n")
        text.append_text(plain(f"› {entry.choice}", f"italic {style}".strip()))
    return text


class JournalScreen(Dialog[None]):
    """Scroll with the arrows, Page Up and Page Down; Escape or j closes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#journal-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,j,q", "close", "Close")]

    def __init__(self, entries: tuple[JournalEntry, ...]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        """Title and the scrolling journal."""
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(Text("Journal"), classes="dialog-title", markup=False)
            with VerticalScroll(id="journal-scroll"):
                # One widget per turn, so the journal can open at the top of the latest one.
                for entry in self.entries:
                    yield Static(entry_text(entry), classes="journal-entry", markup=False)
            yield Static(Text("↑↓ PgUp PgDn Home End scroll · Esc close"), classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        """Open at the latest turn, once the entries have their sizes (before, nothing can scroll)."""
        self.call_after_refresh(self.show_latest)

    def show_latest(self) -> None:
        """Scroll so the latest turn starts at the top (or as near as the journal's end allows)."""
        entries = self.query(".journal-entry")
        if entries:
            scroll = self.query_one("#journal-scroll", VerticalScroll)
            scroll.scroll_to_widget(entries.last(), top=True, animate=False, immediate=True)

    def action_close(self) -> None:
        """Back to the game."""
        self.dismiss(None)
