"""The crew panel: who is aboard, their role, whether they live, and their stats."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from game.engine import CrewView
from game.ui.widgets.prose import plain


def crew_text(crew: tuple[CrewView, ...]) -> Text:
    """The crew as text: name and role, then status and stats, one member after another."""
    text = Text()
    for index, member in enumerate(crew):
        if index:
            text.append("\n\n")
        dead = member.alive is False
        text.append_text(plain(member.name, "bold strike dim" if dead else "bold"))
        if member.role:
            text.append("  ")
            text.append_text(plain(member.role, "dim"))
        if member.alive is not None:
            text.append("\n")
            text.append("✝ dead" if dead else "● alive", style="dim" if dead else "")
        for label, value in member.stats:
            text.append("\n")
            text.append_text(plain(f"{label}: ", "dim"))
            text.append_text(plain(value))
    return text


def _compact_stat(label: str, value: str) -> str:
    """A number keeps its label ("Trust 2"); a word says enough alone ("wounded")."""
    number = value.strip().lstrip("+-").replace(".", "", 1)
    return f"{label} {value}" if number.isdigit() else value


def crew_compact_text(crew: tuple[CrewView, ...]) -> Text:
    """The crew one line a member: alive or dead, name, then the stats in short."""
    width = max((len(member.name) for member in crew), default=0)
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, member in enumerate(crew):
        if index:
            text.append("\n")
        dead = member.alive is False
        if member.alive is not None:
            text.append("✝ " if dead else "● ", style="dim" if dead else "")
        name = plain(member.name, "bold strike dim" if dead else "bold")
        name.pad_right(max(0, width - len(name)))
        text.append_text(name)
        stats = " · ".join(_compact_stat(label, value) for label, value in member.stats)
        if stats:
            text.append(" ")
            text.append_text(plain(stats, "dim" if dead else ""))
    return text


class CrewPanel(Static):
    """The crew, from ``view.crew``: in full, or one line a member when space is short (``compact``)."""

    DEFAULT_CSS = """
    CrewPanel { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.crew: tuple[CrewView, ...] = ()
        self._compact = False

    @property
    def compact(self) -> bool:
        """True when the panel shows one line a member."""
        return self._compact

    @compact.setter
    def compact(self, compact: bool) -> None:
        if compact != self._compact:
            self._compact = compact
            self.set_class(compact, "-compact")
            self._draw()

    def show(self, crew: tuple[CrewView, ...]) -> None:
        """Draw these crew members."""
        self.crew = crew
        self.display = bool(crew)
        self._draw()

    def _draw(self) -> None:
        self.update(crew_compact_text(self.crew) if self._compact else crew_text(self.crew))

    def lines_needed(self, width: int, *, compact: bool, console: Console) -> int:
        """How many lines the panel takes at ``width`` columns of text, in full or compact."""
        if not self.crew:
            return 0
        if compact:
            return len(self.crew)
        return len(crew_text(self.crew).wrap(console, max(1, width)))
