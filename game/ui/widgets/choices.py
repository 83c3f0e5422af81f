"""The choices of the current scene: arrow keys and Enter, number keys, or the mouse."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import ClassVar

from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import ChoiceView
from game.text import clean_text, emphasis_segments
from game.ui.widgets.prose import format_number

_WHITESPACE = re.compile(r"\s+")
#: Marks a choice taken before, in this playthrough or an earlier one (the help explains it).
TAKEN_MARK = "✓"
#: The words after a choice that would run the countdown out if taken now.
EXPIRES_WORDS = "time runs out"
#: Between a choice's words and its cost.
TAIL_SEPARATOR = "  · "


def story_words(text: str, style: str = "") -> Content:
    """Story text on one line, ``*emphasis*`` in italics, never read as markup."""
    flat = _WHITESPACE.sub(" ", clean_text(text)).strip()
    content = Content.assemble(
        *((words, "italic" if emphasised else "") for words, emphasised in emphasis_segments(flat))
    )
    # Under the italics, so a component class (".choice--reason") stays a style of its own.
    return content.stylize_before(style) if style else content


class ChoicePrompt(Visual):
    """A choice: a gutter (number, mark), its words, and a tail (cost, warning).

    Wrapped lines are indented under the first; the tail stays whole, at the end of the
    last line when it fits there, else on a line of its own.
    """

    def __init__(self, gutter: Content, body: Content, tail: Content | None = None) -> None:
        self.gutter = gutter
        self.body = body
        self.tail = tail
        self._layout: tuple[int, list[Content]] | None = None

    def __str__(self) -> str:
        tail = f"{TAIL_SEPARATOR}{self.tail.plain}" if self.tail else ""
        return f"{self.gutter.plain}{self.body.plain}{tail}"

    def lines(self, width: int) -> list[Content]:
        """The words and tail as lines at most ``width`` cells wide (the gutter not included)."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1]
        lines = self.body.wrap(width) or [Content("")]
        if self.tail is not None:
            last = lines[-1].rstrip()
            joined = last + Content.assemble((TAIL_SEPARATOR, "dim")) + self.tail
            if joined.cell_length <= width:
                lines[-1] = joined
            else:
                lines.extend(self.tail.wrap(width))
        self._layout = (width, lines)
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The gutter, the words and the tail on one line."""
        tail = len(TAIL_SEPARATOR) + self.tail.cell_length if self.tail else 0
        return self.gutter.cell_length + self.body.get_optimal_width(rules, container_width) + tail

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines the words and tail take beside the gutter."""
        return len(self.lines(max(1, width - self.gutter.cell_length)))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """The gutter on the first line, blank space of its width on the others."""
        indent = self.gutter.cell_length
        body_width = max(1, width - indent)
        # One cell to spare, so the gutter's trailing space is never folded away.
        gutter = self.gutter.render_strips(indent + 1, 1, style, options)
        blank = Strip.blank(indent, style.rich_style)
        first = gutter[0].crop(0, indent).extend_cell_length(indent, style.rich_style) if gutter else blank
        strips: list[Strip] = []
        for index, line in enumerate(self.lines(body_width)[:height]):
            rendered = line.render_strips(body_width, 1, style, options)
            text = rendered[0] if rendered else Strip.blank(0)
            text = text.extend_cell_length(body_width, style.rich_style)
            strips.append(Strip.join([first if index == 0 else blank, text]))
        return strips


class ChoiceList(OptionList):
    """The scene's choices; disabled ones are dimmed and say why.

    While the countdown runs every choice shows its cost, and a choice that would run the
    clock out is marked in words. Choices taken in an earlier playthrough carry a check mark.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice--number",
        "choice--cost",
        "choice--expires",
        "choice--taken",
        "choice--reason",
    }

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 12; min-width: 12; border: none; padding: 0 1; }
    ChoiceList > .choice--number { text-style: bold; }
    ChoiceList > .choice--cost { color: $text-muted; text-style: italic; }
    ChoiceList > .choice--expires { color: $text-error; text-style: bold; }
    ChoiceList > .choice--taken { color: $text-success; }
    ChoiceList > .choice--reason { text-style: italic dim; }
    """

    class Chosen(Message):
        """The player picked a choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.choice_views: tuple[ChoiceView, ...] = ()

    def show(self, choices: tuple[ChoiceView, ...], *, unit: str | None = None, taken: Collection[str] = ()) -> None:
        """Show these choices.

        ``unit`` (while the countdown runs) shows what each choice costs; ``taken`` are the
        ids of choices taken in an earlier playthrough, marked with ``TAKEN_MARK``.
        """
        self.choice_views = choices
        marks = any(choice.id in taken for choice in choices)
        enabled_count = sum(1 for choice in choices if choice.enabled)
        number_width = len(str(enabled_count)) if enabled_count else 1
        options: list[Option] = []
        number = 0
        for choice in choices:
            if choice.enabled:
                number += 1
                gutter_parts: list[tuple[str, str]] = [(f"{number:>{number_width}} ", ".choice--number")]
            else:
                gutter_parts = [(f"{'·':>{number_width}} ", "dim")]
            if marks:
                gutter_parts.append((f"{TAKEN_MARK} ", ".choice--taken") if choice.id in taken else ("  ", ""))
            gutter = Content.assemble(*gutter_parts)
            body = story_words(choice.text, "" if choice.enabled else "dim")
            if not choice.enabled:
                body = body + Content.assemble((" — ", ".choice--reason"))
                body = body + story_words(choice.reason or "not now", ".choice--reason")
            tail: Content | None = None
            if unit is not None:
                # The unit stays beside its number: the tail is never split across lines.
                tail = Content.assemble((f"{format_number(choice.cost)} {unit}".strip(), ".choice--cost"))
                if choice.enabled and choice.expires:
                    tail = tail + Content.assemble((" · ", "dim"), (EXPIRES_WORDS, ".choice--expires"))
            options.append(Option(ChoicePrompt(gutter, body, tail), id=choice.id, disabled=not choice.enabled))
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
