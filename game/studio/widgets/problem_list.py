"""The story's problems as ``file:line:col: message``; Enter on one jumps there."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.studio.checker import ERROR, Problem


class ProblemList(OptionList):
    """The problems of the last check, errors first."""

    class ProblemChosen(Message):
        """The author chose a problem to go to."""

        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: tuple[Problem, ...] = ()

    def show(self, problems: Sequence[Problem]) -> None:
        """Replace the list with these problems (none: a line saying the story loads)."""
        self.problems = tuple(problems)
        self.clear_options()
        if not self.problems:
            self.add_option(Option(Text("No problems: the story loads."), disabled=True))
            return
        for problem in self.problems:
            label = Text()
            label.append(
                "error " if problem.level == ERROR else "warning ",
                style="bold red" if problem.level == ERROR else "bold yellow",
            )
            label.append(str(problem))
            self.add_option(Option(label))
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.ProblemChosen(self.problems[event.option_index]))
