"""A list of save slots with their details: scene, turn, clock, ending, when, play time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.widgets.prose import plain

if TYPE_CHECKING:
    from game.saves import SaveSummary


def play_time_text(seconds: float) -> str:
    """Play time as ``1h 05m`` or ``12m``."""
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def slot_text(summary: SaveSummary) -> Text:
    """One slot as two lines of text."""
    text = Text()
    text.append_text(plain(summary.slot, "bold"))
    text.append("  ")
    text.append_text(plain(summary.scene_title))
    details = [f"turn {summary.turn}"]
    if summary.countdown:
        details.append(summary.countdown + " left")
    if summary.ending:
        details.append(f"ending: {summary.ending}")
    details.append(summary.updated.astimezone().strftime("%Y-%m-%d %H:%M"))
    details.append(f"played {play_time_text(summary.play_time)}")
    text.append("\n")
    text.append_text(plain("  " + " · ".join(details), "dim"))
    return text


class SlotList(OptionList):
    """Save slots, newest first; option ids are the slot names."""

    DEFAULT_CSS = """
    SlotList { height: auto; max-height: 14; min-width: 20; }
    """

    def __init__(self, summaries: list[SaveSummary], *, id: str | None = None) -> None:
        self.summaries = {summary.slot: summary for summary in summaries}
        super().__init__(*(Option(slot_text(summary), id=summary.slot) for summary in summaries), id=id, markup=False)
