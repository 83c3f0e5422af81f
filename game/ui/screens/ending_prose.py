"""An ending read again from the gallery: its title, its tone and its prose as it read when reached."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.text import emphasis_segments
from game.ui.screens.dialog import Dialog
from game.ui.widgets.prose import kept_prose, plain

#: What the reader says for an ending found before the gallery kept endings' prose.
NOT_KEPT = "The words of this ending were not kept when you reached it. Reach it again to read it here."


def emphasised_prose(text: str) -> Text:
    """Prose the gallery kept, in paragraphs, ``*emphasis*`` in italics (never read as markup)."""
    result = Text()
    for words, emphasised in emphasis_segments(kept_prose(text)):
        result.append(words, style="italic" if emphasised else "")
    return result


class EndingProseScreen(Dialog[None]):
    """Scroll with the arrows, Page Up and Page Down; Escape goes back to the gallery."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#ending-prose-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back")]

    def __init__(self, title: str, tone: str, text: str) -> None:
        super().__init__()
        self.ending_title = title
        self.tone = tone
        self.text = text

    def compose(self) -> ComposeResult:
        """Title, tone, prose."""
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(plain(self.ending_title), classes="dialog-title", markup=False)
            yield Static(plain(self.tone, "italic"), id="ending-prose-tone", markup=False)
            with VerticalScroll(id="ending-prose-scroll"):
                body = emphasised_prose(self.text) if self.text.strip() else Text(NOT_KEPT, style="italic")
                yield Static(body, id="ending-prose-text", markup=False)
            yield Static(Text("↑↓ PgUp PgDn scroll · Esc back"), classes="dialog-keys", markup=False)

    def action_close(self) -> None:
        """Back to the gallery."""
        self.dismiss(None)
