"""The save dialog: name a slot (or pick one to overwrite); returns the slot name."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from game.ui.screens.dialog import Dialog
from game.ui.widgets.slot_list import SlotList

if TYPE_CHECKING:
    from game.saves import SaveSummary


def suggested_slot(title: str) -> str:
    """A slot name from a scene title: lower case words joined by hyphens."""
    words = "".join(char if char.isalnum() else " " for char in title.lower()).split()
    return "-".join(words)[:40] or "save"


class SaveDialog(Dialog[str | None]):
    """Type a slot name and press Enter; Escape cancels."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#slot-name"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, summaries: list[SaveSummary], *, suggestion: str = "") -> None:
        super().__init__()
        self.summaries = [summary for summary in summaries if summary.slot != "autosave"]
        self.suggestion = suggested_slot(suggestion)

    def compose(self) -> ComposeResult:
        """Title, name field, existing slots."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text("Save"), classes="dialog-title", markup=False)
            yield Input(value=self.suggestion, placeholder="slot name", id="slot-name")
            if self.summaries:
                yield Static(Text("or overwrite a slot:"), classes="dialog-hint", markup=False)
                yield SlotList(self.summaries, id="slots")
            else:
                yield Static(Text("No saves yet."), classes="dialog-hint", markup=False)
            yield Static(Text("Enter save · Esc cancel"), classes="dialog-keys", markup=False)

    @on(Input.Submitted, "#slot-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)
        else:
            self.notify("Type a name for the save.", severity="warning", timeout=3)

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
