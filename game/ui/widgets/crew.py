"""The crew panel: who is aboard, their role, whether they live, and their stats."""

from __future__ import annotations

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


class CrewPanel(Static):
    """The crew, from ``view.crew``."""

    DEFAULT_CSS = """
    CrewPanel { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def show(self, crew: tuple[CrewView, ...]) -> None:
        """Draw these crew members."""
        self.display = bool(crew)
        self.update(crew_text(crew))
