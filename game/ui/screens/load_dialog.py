"""The load dialog: the save slots with their details; returns the chosen save's file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from game.ui.screens.dialog import Dialog
from game.ui.widgets.slot_list import SlotList

if TYPE_CHECKING:
    from game.saves import SaveSummary


class LoadDialog(Dialog[Path | None]):
    """Pick a save with the arrows and Enter (or the mouse); Escape cancels."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#slots"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, summaries: list[SaveSummary], *, title: str = "Load") -> None:
        super().__init__()
        self.summaries = summaries
        self.title_text = title

    def compose(self) -> ComposeResult:
        """Title and slots."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title", markup=False)
            if self.summaries:
                yield SlotList(self.summaries, id="slots")
            else:
                yield Static(Text("No saves yet. Every turn is autosaved once you play."), classes="dialog-hint")
            yield Static(Text("Enter open · Esc cancel"), classes="dialog-keys", markup=False)

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        slots = self.query_one(SlotList).summaries
        if event.option_id in slots:
            self.dismiss(slots[event.option_id].path)

    def action_cancel(self) -> None:
        """Close without loading."""
        self.dismiss(None)
