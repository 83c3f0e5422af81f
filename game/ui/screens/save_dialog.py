"""The save dialog: name a slot (or pick one to overwrite, after asking); returns the slot name."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from game.ui.screens.save_list_dialog import SaveListDialog
from game.ui.widgets.slot_list import SlotList, saved_when

if TYPE_CHECKING:
    from game.saves import SaveStore, SaveSummary


def suggested_slot(title: str) -> str:
    """A slot name from a scene title: lower case words joined by hyphens."""
    words = "".join(char if char.isalnum() else " " for char in title.lower()).split()
    return "-".join(words)[:40] or "save"


class SaveDialog(SaveListDialog[str | None]):
    """Type a slot name and press Enter; Escape cancels. An existing slot is overwritten only after asking."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#slot-name"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, store: SaveStore, *, suggestion: str = "") -> None:
        super().__init__(store)
        self.suggestion = suggested_slot(suggestion)

    def compose(self) -> ComposeResult:
        """Title, name field, existing slots (filled in by the listing worker)."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text("Save"), classes="dialog-title", markup=False)
            yield Input(value=self.suggestion, placeholder="slot name", id="slot-name")
            yield Static(Text("Reading the saves…"), id="saves-status", classes="dialog-hint", markup=False)
            yield SlotList(id="slots")
            yield Static(Text("Enter save · Esc cancel"), classes="dialog-keys", markup=False)

    def wanted(self, summaries: list[SaveSummary]) -> list[SaveSummary]:
        """Only named saves can be overwritten: the autosaves are the game's own."""
        return [summary for summary in summaries if not summary.is_autosave]

    def show_saves(self, summaries: list[SaveSummary]) -> None:
        """Show the named saves one could overwrite."""
        if not self.is_attached:
            return
        slots = self.query_one(SlotList)
        slots.show_summaries(summaries)
        slots.display = bool(summaries)
        status = self.query_one("#saves-status", Static)
        status.update(Text("or overwrite a slot:" if summaries else "No named saves yet: this one will be the first."))

    @on(Input.Submitted, "#slot-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.save_as(name)
        else:
            self.notify("Type a name for the save.", severity="warning", timeout=3)

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        summary = self.query_one(SlotList).summary_of(event.option_id)
        if summary is not None:
            self.save_as(summary.slot)

    def save_as(self, name: str) -> None:
        """Close with ``name``, asking first when a save of that name would be overwritten."""
        from game.saves import SaveError, slot_name
        from game.ui.screens.confirm import ConfirmDialog

        try:
            slot_name(name)
        except SaveError as error:
            self.notify(str(error), title="Not that name", severity="warning", timeout=6)
            return
        try:
            existing = self.store.find(name)
            detail = (
                None
                if existing is None
                else f"It holds {existing.scene_title}, turn {existing.turn}, saved {saved_when(existing)}."
            )
        except SaveError as error:
            detail = f"Its file is not a save this game can read: {error}"
        if detail is None:
            self.dismiss(name)
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self.dismiss(name)

        self.app.push_screen(
            ConfirmDialog(f"Overwrite the save '{name}'?", detail, yes="Overwrite", no="Cancel"), answered
        )

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
