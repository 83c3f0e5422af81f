"""Asked before leaving with unsaved changes: save them all, leave them, or stay."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

SAVE = "save"
DISCARD = "discard"
STAY = "stay"


class LeaveScreen(ModalScreen[str]):
    """Dismissed with SAVE, DISCARD or STAY."""

    AUTO_FOCUS = "#leave-save"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save all and leave"),
        Binding("d", "choose('discard')", "Leave without saving"),
        Binding("escape", "choose('stay')", "Stay"),
    ]

    def __init__(self, unsaved: list[str]) -> None:
        super().__init__()
        self.unsaved = unsaved

    def compose(self) -> ComposeResult:
        names = ", ".join(self.unsaved[:4]) + (f" and {len(self.unsaved) - 4} more" if len(self.unsaved) > 4 else "")
        with Vertical(id="leave-dialog", classes="studio-dialog"):
            yield Label(f"Unsaved changes in {names}.", classes="dialog-title")
            yield Label("Leave the studio without saving them?")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save all and leave (s)", id="leave-save", variant="primary")
                yield Button("Leave without saving (d)", id="leave-discard", variant="error")
                yield Button("Stay (Esc)", id="leave-stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss({"leave-save": SAVE, "leave-discard": DISCARD}.get(event.button.id or "", STAY))

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)
