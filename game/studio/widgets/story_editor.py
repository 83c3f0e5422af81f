"""The YAML editor: Textual's TextArea with highlighting, problem lines marked, and completion."""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets.text_area import TextAreaTheme

from game.ui.textual_compat import MarkedLinesTextArea

#: The highlight name problem lines get (styled by the studio's editor theme).
PROBLEM_HIGHLIGHT = "studio.problem"
THEME_NAME = "studio"
#: The line number of a line with a problem.
GUTTER_PROBLEM = Style(color="white", bgcolor="#a01c2c", bold=True)

#: Given the text of the line up to the cursor, the words that could complete it there.
Completer = Callable[[str], Sequence[str]]


def yaml_highlighting_available() -> bool:
    """True when tree-sitter and its YAML grammar are installed (``pip install 'exception-game[studio]'``)."""
    return (
        importlib.util.find_spec("tree_sitter") is not None and importlib.util.find_spec("tree_sitter_yaml") is not None
    )


def _studio_theme() -> TextAreaTheme:
    base = TextAreaTheme.get_builtin_theme("monokai")
    assert base is not None
    styles = {**base.syntax_styles, PROBLEM_HIGHLIGHT: Style(underline=True, bgcolor="#4a1020")}
    return dataclasses.replace(base, name=THEME_NAME, syntax_styles=styles)


class StoryEditor(MarkedLinesTextArea):
    """One open story file. Its undo history lives as long as the file stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_completion", "Next completion", show=False),
    ]

    def __init__(self, path: Path, text: str, *, completer: Completer | None = None, id: str | None = None) -> None:
        # Set before TextArea's constructor, which builds the highlight map already.
        self._problem_lines: frozenset[int] = frozenset()
        self._completion_index = 0
        super().__init__(
            text,
            language="yaml" if yaml_highlighting_available() else None,
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            id=id,
        )
        self.indent_width = 2
        self.path = path
        self.completer = completer
        self.register_theme(_studio_theme())
        self.theme = THEME_NAME

    def mark_problems(self, lines: Sequence[int]) -> None:
        """Mark these lines (1-based) as having problems; every other line is unmarked."""
        marked = frozenset(line - 1 for line in lines if line >= 1)
        if marked == self._problem_lines:
            return
        self._problem_lines = marked
        self.rebuild_highlights()
        self.refresh()

    @property
    def problem_lines(self) -> frozenset[int]:
        """The marked lines (0-based)."""
        return self._problem_lines

    def marked_line_highlights(self) -> Iterable[tuple[int, str]]:
        """Problems ride on the syntax highlights so they are redrawn with them after every edit."""
        return ((row, PROBLEM_HIGHLIGHT) for row in self._problem_lines)

    def render_line(self, y: int) -> Strip:
        """A line as TextArea draws it, with its number in the gutter marked when the line has a problem."""
        row = self.scroll_offset.y + y  # lines never wrap in the studio's editor: one row, one line
        strip = super().render_line(y)
        if row in self._problem_lines and self.show_line_numbers:
            width = self.gutter_width
            # Added on top of the gutter's own style (the cursor line's included), so it always shows.
            gutter = Strip(
                [
                    Segment(text, (style or Style()) + GUTTER_PROBLEM, control)
                    for text, style, control in strip.crop(0, width)
                ],
                width,
            )
            strip = Strip.join([gutter, strip.crop(width, strip.cell_length)])
        return strip

    def go_to(self, line: int, col: int = 1) -> None:
        """Put the cursor at a 1-based line and column and scroll it into view."""
        row = max(0, min(line - 1, self.document.line_count - 1))
        column = max(0, min(col - 1, len(self.document.get_line(row))))
        self.cursor_location = (row, column)
        self.scroll_cursor_visible(center=True)

    def update_suggestion(self) -> None:
        """Offer the rest of the first completion at the cursor (Right arrow takes it)."""
        self.suggestion = ""
        if self.completer is None or not self.selection.is_empty:
            return
        row, column = self.cursor_location
        line = self.document.get_line(row)
        if column != len(line):
            return
        self._completion_index = 0
        found = self.completer(line[:column])
        if found:
            self.suggestion = found[0]

    def action_next_completion(self) -> None:
        """Ctrl+N: offer the next completion at the cursor instead (Right takes it)."""
        found = self.completions() if self.cursor_at_end_of_line and self.selection.is_empty else []
        if found:
            self._completion_index = (self._completion_index + 1) % len(found)
            self.suggestion = found[self._completion_index]

    def completions(self) -> list[str]:
        """Every completion the cursor's place offers (shown in the status line)."""
        if self.completer is None:
            return []
        row, column = self.cursor_location
        return list(self.completer(self.document.get_line(row)[:column]))
