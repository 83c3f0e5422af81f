"""The base of the game's dialogs: a modal screen that closes once."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal screen whose ``dismiss`` acts only while it is the top screen.

    Keys arrive faster than screens close: Enter and Escape pressed together both reach a
    dialog before it has gone. Textual's ``dismiss`` pops whatever screen is on top, so the
    second one closed the screen *under* the dialog (the game, back to the title) or set the
    dialog's result twice (``InvalidStateError``). A dialog that is no longer on top has
    already been answered, and ignores the second answer.
    """

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with ``result``, unless this dialog has been closed already."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)
