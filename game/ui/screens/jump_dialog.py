"""Ask for a turn number to jump to; returns it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from game.ui.screens.dialog import Dialog


class JumpDialog(Dialog[int | None]):
    """Type a turn from 0 to ``last`` and press Enter; Escape cancels."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#turn"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, last: int, current: int) -> None:
        super().__init__()
        self.last = last
        self.current = current

    def compose(self) -> ComposeResult:
        """Title and the number field."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(f"Jump to turn (0 to {self.last})"), classes="dialog-title", markup=False)
            yield Input(str(self.current), type="integer", id="turn")
            yield Static(Text("Enter jump · Esc cancel"), classes="dialog-keys", markup=False)

    @on(Input.Submitted, "#turn")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            turn = int(event.value)
        except ValueError:
            self.notify(f"Type a number from 0 to {self.last}.", severity="warning", timeout=3)
            return
        self.dismiss(max(0, min(self.last, turn)))

    def action_cancel(self) -> None:
        """Close without jumping."""
        self.dismiss(None)
