"""The base of the dialogs that show the saves: the folder is read in a worker thread.

A save folder may be big, or on a slow drive, and may hold junk: its headers are read off
the UI thread, and the dialog shows them when they arrive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.worker import get_current_worker

from game.ui.screens.dialog import Dialog
from game.ui.widgets.slot_list import SlotList

if TYPE_CHECKING:
    from game.saves import SaveStore, SaveSummary

ResultT = TypeVar("ResultT")


class SaveListDialog(Dialog[ResultT]):
    """A dialog with a ``SlotList`` (id ``slots``) filled from the store once the listing is done."""

    def __init__(self, store: SaveStore) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        """Start listing the saves (the list stays hidden until they are read)."""
        self.query_one(SlotList).display = False
        self.list_saves()

    def wanted(self, summaries: list[SaveSummary]) -> list[SaveSummary]:
        """The saves this dialog shows, of all those listed (all of them unless a dialog says otherwise)."""
        return summaries

    @work(thread=True, exclusive=True, group="list-saves", exit_on_error=False)
    def list_saves(self) -> None:
        """Read the saves' headers off the UI thread, then show them."""
        try:
            summaries = self.wanted(self.store.list())
        except OSError:
            summaries = []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_saves, summaries)

    def show_saves(self, summaries: list[SaveSummary]) -> None:
        """Show the listed saves (each dialog in its own way)."""
        raise NotImplementedError
