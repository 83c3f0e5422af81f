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


def saved_when(summary: SaveSummary) -> str:
    """When a save was last written, in local time, to the minute."""
    return summary.updated.astimezone().strftime("%Y-%m-%d %H:%M")


def slot_label(summary: SaveSummary) -> str:
    """What a player calls a save: its name, or "Autosave"."""
    return "Autosave" if summary.is_autosave else summary.slot


def slot_text(summary: SaveSummary) -> Text:
    """One slot as two lines of text."""
    text = Text()
    text.append_text(plain(slot_label(summary), "bold italic" if summary.is_autosave else "bold"))
    text.append("  ")
    text.append_text(plain(summary.scene_title))
    details = [saved_when(summary), f"turn {summary.turn}"]
    if summary.countdown:
        details.append(summary.countdown + " left")
    if summary.ending:
        details.append(f"ending: {summary.ending}")
    details.append(f"played {play_time_text(summary.play_time)}")
    text.append("\n")
    text.append_text(plain("  " + " · ".join(details), "dim"))
    return text


class SlotList(OptionList):
    """Save slots, newest first. Option ids are positions; ``summary_of`` maps one back to its save."""

    DEFAULT_CSS = """
    SlotList { height: auto; max-height: 14; min-width: 20; }
    """

    def __init__(self, summaries: list[SaveSummary] | None = None, *, id: str | None = None) -> None:
        self.summaries: dict[str, SaveSummary] = {}
        super().__init__(id=id, markup=False)
        self.show_summaries(summaries or [])

    def show_summaries(self, summaries: list[SaveSummary]) -> None:
        """Show these saves in place of the ones shown (the highlight stays at its position)."""
        highlighted = self.highlighted
        self.summaries = {f"slot-{index}": summary for index, summary in enumerate(summaries)}
        self.clear_options()
        self.add_options([Option(slot_text(summary), id=key) for key, summary in self.summaries.items()])
        if summaries:
            self.highlighted = min(highlighted or 0, len(summaries) - 1)

    def summary_of(self, option_id: str | None) -> SaveSummary | None:
        """The save an option shows."""
        return None if option_id is None else self.summaries.get(option_id)

    @property
    def highlighted_summary(self) -> SaveSummary | None:
        """The save under the highlight."""
        if self.highlighted is None:
            return None
        return self.summary_of(self.get_option_at_index(self.highlighted).id)
