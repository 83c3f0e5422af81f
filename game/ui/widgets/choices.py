"""The choices of the current scene: arrow keys and Enter, number keys, or the mouse."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import ChoiceView
from game.ui.widgets.prose import format_number, plain


class ChoiceList(OptionList):
    """The scene's choices; disabled ones are dimmed and say why."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 12; min-width: 12; border: none; padding: 0 1; }
    """

    class Chosen(Message):
        """The player picked a choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.choice_views: tuple[ChoiceView, ...] = ()

    def show(self, choices: tuple[ChoiceView, ...], *, unit: str | None = None) -> None:
        """Show these choices; ``unit`` (while the countdown runs) shows what each choice costs."""
        self.choice_views = choices
        options: list[Option] = []
        number = 0
        for choice in choices:
            if choice.enabled:
                number += 1
                prompt = Text.assemble((f"{number} ", "bold"), plain(choice.text))
                if unit is not None and choice.cost != 1:
                    prompt.append(f"  ·{format_number(choice.cost)} {unit}", style="italic")
                options.append(Option(prompt, id=choice.id))
            else:
                prompt = Text.assemble(("· ", "dim"), plain(choice.text, "dim"))
                prompt.append_text(plain(f" — {choice.reason or 'not now'}", "dim italic"))
                options.append(Option(prompt, id=choice.id, disabled=True))
        self.set_options(options)
        first = next((index for index, choice in enumerate(choices) if choice.enabled), None)
        self.highlighted = first

    def number(self, number: int) -> str | None:
        """The id of the enabled choice with this 1-based number."""
        enabled = [choice for choice in self.choice_views if choice.enabled]
        return enabled[number - 1].id if 1 <= number <= len(enabled) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an option: tell the screen."""
        event.stop()
        if event.option_id is not None:
            self.post_message(self.Chosen(event.option_id))
