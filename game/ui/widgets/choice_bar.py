"""The bar under the narrative: the choices, or at an ending the prompt for the ending card."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from game.engine import ChoiceView
from game.ui.widgets.choices import ChoiceList

#: The "more" marker, in the rule above the choices while text lies below the visible part.
MORE_MARKER = "▼ more  Space/PgDn"


def ending_prompt(more: bool) -> Text:
    """What Enter does at an ending: read on while text lies below, else open the ending card."""
    prompt = Text()
    if more:
        prompt.append("Space", style="bold")
        prompt.append(" or ")
        prompt.append("Enter", style="bold")
        prompt.append(": read on")
    else:
        prompt.append("Enter", style="bold")
        prompt.append(": how it ended ▸")
    return prompt


class ChoiceBar(Vertical):
    """The choices under a rule that carries the "more" marker.

    At an ending the prompt for the ending card stands where the choices were. The choices'
    own messages (``ChoiceList.Chosen``) go on to the screen.
    """

    def compose(self) -> ComposeResult:
        """The choices, and the ending prompt (hidden until an ending)."""
        yield ChoiceList(id="choices")
        yield Static("", id="ending-prompt", markup=False)

    def show(
        self, choices: tuple[ChoiceView, ...], *, unit: str | None, taken: Collection[str], at_ending: bool
    ) -> bool:
        """Show a scene's choices (none at an ending); True when the bar just went into or out of an ending."""
        choice_list = self.query_one(ChoiceList)
        choice_list.show(choices, unit=unit, taken=taken)
        if at_ending == (not choice_list.display):
            return False
        choice_list.display = not at_ending
        self.query_one("#ending-prompt", Static).display = at_ending
        return True

    def mark_reading(self, *, more: bool, at_ending: bool) -> None:
        """The "more" marker while text lies below, and (at an ending) the prompt that says what Enter does."""
        self.border_title = MORE_MARKER if more else ""
        if at_ending:
            self.query_one("#ending-prompt", Static).update(ending_prompt(more))

    def set_measure(self, text_width: int) -> None:
        """Line the choices and the prompt up under a text column ``text_width`` wide (0: the full width)."""
        # The same column as the prose: the text width plus the choices' own padding.
        for widget in (self.query_one(ChoiceList), self.query_one("#ending-prompt", Static)):
            widget.styles.max_width = text_width + widget.styles.padding.width if text_width else None
