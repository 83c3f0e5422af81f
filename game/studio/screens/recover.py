"""Offered at start when the last session left unsaved edits behind (a crash, a killed terminal)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class RecoverScreen(ModalScreen[bool]):
    """Dismissed with True to restore the kept edits into the editor (unsaved), False to drop them."""

    AUTO_FOCUS = "#recover-yes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer(True)", "Restore"),
        Binding("x", "answer(False)", "Discard"),
    ]

    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files

    def compose(self) -> ComposeResult:
        with Vertical(id="recover-dialog", classes="studio-dialog"):
            yield Label("Unsaved edits from the last session were kept.", classes="dialog-title")
            yield Label("\n".join(f"  {name}" for name in self.files[:8]))
            yield Label("Restore them into the editor (still unsaved), or discard them?")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore (r)", id="recover-yes", variant="primary")
                yield Button("Discard (x)", id="recover-no", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "recover-yes")

    def action_answer(self, restore: bool) -> None:
        self.dismiss(restore)
