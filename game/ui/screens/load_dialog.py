"""The load dialog: autosaves and named saves with their details; returns the chosen save's file.

The saves are listed in a worker thread (a save folder may be big, or on a slow drive);
``d`` deletes the highlighted save after asking.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from game.ui.screens.save_list_dialog import SaveListDialog
from game.ui.widgets.slot_list import SlotList, saved_when, slot_label

if TYPE_CHECKING:
    from game.saves import SaveStore, SaveSummary

NO_SAVES = "No saves yet. Every turn is autosaved once you play."


class LoadDialog(SaveListDialog[Path | None]):
    """Pick a save with the arrows and Enter (or the mouse); d deletes one; Escape cancels."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#slots"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self, store: SaveStore, *, title: str = "Load") -> None:
        super().__init__(store)
        self.title_text = title
        #: None until the listing has come back from its worker.
        self.summaries: list[SaveSummary] | None = None

    def compose(self) -> ComposeResult:
        """Title, slots (filled in by the listing worker), keys."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title", markup=False)
            yield Static(Text("Reading the saves…"), id="saves-status", classes="dialog-hint", markup=False)
            yield SlotList(id="slots")
            yield Static(Text("Enter open · d delete · Esc cancel"), classes="dialog-keys", markup=False)

    def show_saves(self, summaries: list[SaveSummary]) -> None:
        """Show the listed saves (or say there are none)."""
        if not self.is_attached:
            return
        self.summaries = summaries
        slots = self.query_one(SlotList)
        slots.show_summaries(summaries)
        slots.display = bool(summaries)
        status = self.query_one("#saves-status", Static)
        status.display = not summaries
        status.update(Text(NO_SAVES))
        if summaries and self.is_active:
            slots.focus()

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        summary = self.query_one(SlotList).summary_of(event.option_id)
        if summary is not None:
            self.dismiss(summary.path)

    def action_delete(self) -> None:
        """Delete the highlighted save, after asking."""
        from game.ui.screens.confirm import ConfirmDialog

        summary = self.query_one(SlotList).highlighted_summary
        if summary is None or self.summaries is None:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(summary)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete {'this autosave' if summary.is_autosave else repr(slot_label(summary))}?",
                f"{summary.scene_title}, turn {summary.turn}, saved {saved_when(summary)}. It cannot be brought back.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def _delete(self, summary: SaveSummary) -> None:
        from game.saves import SaveError

        try:
            self.store.delete_file(summary.path)
        except SaveError as error:
            self.notify(str(error), title="Not deleted", severity="error", timeout=8)
            return
        self.notify(f"Deleted {'the autosave' if summary.is_autosave else repr(slot_label(summary))}.", timeout=3)
        self.show_saves([other for other in self.summaries or [] if other.path != summary.path])

    def action_cancel(self) -> None:
        """Close without loading."""
        self.dismiss(None)
