"""The deep check's findings, each with its witness path; Enter plays the witness (or shows the place)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.text import clean_text
from game.tools.explore import ERROR, DeepReport, Finding


class FindingsList(OptionList):
    """One line per finding: level, place, message, and the witness's length."""

    class FindingChosen(Message):
        """The author chose a finding."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] = []

    def waiting(self, text: str) -> None:
        """A line saying what is happening (the check running, no story loaded...)."""
        self.findings = []
        self.clear_options()
        self.add_option(Option(text, disabled=True))

    def show(self, report: DeepReport) -> None:
        """List a report's findings."""
        self.findings = list(report.findings)
        self.clear_options()
        cut = f"; cut by {report.cut_by}" if report.cut_by else ""
        summary = f"{report.states:,} states, {len(report.scenes_reached)}/{report.scenes_total} scenes reached{cut}"
        if not self.findings:
            self.add_option(Option(f"No findings ({summary}).", disabled=True))
            return
        for finding in self.findings:
            label = Text(finding.level + " ", style="bold red" if finding.level == ERROR else "bold yellow")
            label.append(f"{finding.location()}: {clean_text(finding.message)}")
            if finding.witness is not None:
                label.append(f"  ▶ witness: {len(finding.witness)} choices", style="green")
            self.add_option(Option(label))
        self.add_option(Option(summary, disabled=True))
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.findings):
            self.post_message(self.FindingChosen(self.findings[event.option_index]))
