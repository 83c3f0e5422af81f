"""Ask for a turn number to jump to; returns it (only ever a turn the replay has)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from game.ui.screens.dialog import Dialog


def turn_problem(typed: str, last: int) -> str | None:
    """Why ``typed`` is not a turn from 0 to ``last`` (None when it is one)."""
    text = typed.strip()
    if not text:
        return f"Type a turn from 0 to {last}."
    try:
        turn = int(text)
    except ValueError:
        return f"'{text}' is not a number: type a turn from 0 to {last}."
    if not 0 <= turn <= last:
        return f"There is no turn {turn}: this save has turns 0 to {last}."
    return None


class JumpDialog(Dialog[int | None]):
    """Type a turn from 0 to ``last`` and press Enter; a turn out of range is refused and said; Escape cancels."""

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
            # Empty, so the digits typed are the turn (the current one is only a reminder).
            yield Input("", placeholder=f"now at turn {self.current}", type="integer", id="turn")
            yield Static("", id="jump-problem", markup=False)
            yield Static(Text("Enter jump · Esc cancel"), classes="dialog-keys", markup=False)

    @on(Input.Submitted, "#turn")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = turn_problem(event.value, self.last)
        if problem is not None:
            self.query_one("#jump-problem", Static).update(Text(problem))
            self.add_class("-problem")
            return
        self.dismiss(int(event.value.strip()))

    @on(Input.Changed, "#turn")
    def _changed(self, _event: Input.Changed) -> None:
        self.remove_class("-problem")

    def action_cancel(self) -> None:
        """Close without jumping."""
        self.dismiss(None)
