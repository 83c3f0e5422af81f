"""The panel beside the story: the countdown clock above the crew."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from game.engine import CountdownView, CrewView
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.crew import CrewPanel


class SidePanel(VerticalScroll):
    """The countdown clock and the crew; the crew folds to one line a member when the panel is short."""

    def compose(self) -> ComposeResult:
        """The clock, then the crew."""
        yield CountdownClock(id="clock")
        yield CrewPanel(id="crew")

    def show(self, countdown: CountdownView, crew: tuple[CrewView, ...]) -> None:
        """The clock and the crew of a scene's view."""
        self.query_one(CountdownClock).show(countdown)
        self.query_one(CrewPanel).show(crew)

    def fit_crew(self) -> None:
        """The crew in full when the panel has room for it, else one line a member.

        Decided from the full form's height (not the current form's), so it cannot flip back
        and forth.
        """
        crew = self.query_one(CrewPanel)
        if not (self.display and crew.display and self.size.height):
            return
        width = self.size.width - self.styles.gutter.width - crew.styles.gutter.width
        room = self.size.height - self.styles.gutter.height
        others = sum(
            child.outer_size.height + child.styles.margin.height
            for child in self.children
            if child is not crew and child.display
        )
        full = crew.lines_needed(width, compact=False, console=self.app.console) + crew.styles.margin.height
        crew.compact = others + full > room
