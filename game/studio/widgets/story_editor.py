"""The YAML editor: Textual's TextArea with highlighting, problem lines marked, and completion."""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import (
    DocumentNavigator,
    EditResult,
    Highlight,
    Location,
    SyntaxAwareDocument,
    TextAreaTheme,
    WrappedDocument,
)

if TYPE_CHECKING:
    from tree_sitter import Language

#: The highlight name problem lines get (styled by the studio's editor theme).
PROBLEM_HIGHLIGHT = "studio.problem"
THEME_NAME = "studio"
#: Rows highlighted above and below the visible ones (at least a screenful), so scrolling rarely queries.
HIGHLIGHT_MARGIN = 60
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


class WholeTextSyntaxDocument(SyntaxAwareDocument):
    """Textual's syntax-aware document, giving tree-sitter the text in one piece when it reparses.

    Textual hands tree-sitter one line per Python call, and tree-sitter asks for every line again
    after each edit: 1,600 calls a keystroke on the largest story file. The encoded text is kept
    until the next edit and given in large chunks instead.
    """

    _READ_CHUNK = 1 << 16

    def __init__(self, text: str, language: Language) -> None:
        self._encoded: bytes | None = None
        super().__init__(text, language)

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        """Replace the text between start and end (the parse after it reads the new text)."""
        self._encoded = None
        return super().replace_range(start, end, text)

    def _read_callable(self, byte_offset: int, point: tuple[int, int]) -> bytes:
        if self._encoded is None:
            # The same bytes Textual gives line by line: every line followed by the newline.
            newline = self.newline
            self._encoded = (newline.join(self._lines) + newline).encode("utf-8")
        return self._encoded[byte_offset : byte_offset + self._READ_CHUNK]


class RowCountedWrappedDocument(WrappedDocument):
    """Textual's wrapped document, with its height counted in constant time.

    Textual sums every line's wrap offsets for the height, and asks for it once per line drawn: on a
    file of 1,600 lines that was half of a keystroke's drawing time. The rows are already listed one
    entry per row, so their count is the height.
    """

    @property
    def height(self) -> int:
        """The number of rows the wrapped document takes."""
        return len(self._offset_to_line_info)


class StoryEditor(TextArea):
    """One open story file. Its undo history lives as long as the file stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_completion", "Next completion", show=False),
    ]

    def __init__(self, path: Path, text: str, *, completer: Completer | None = None, id: str | None = None) -> None:
        # Set before TextArea's constructor, which builds the highlight map already.
        self._problem_lines: frozenset[int] = frozenset()
        self._highlighted_rows = (0, 0)
        self._highlighted_lines: list[str] = []
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

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if type(self.document) is SyntaxAwareDocument:
            self.document = WholeTextSyntaxDocument(text, self.document.language)
        self.wrapped_document = RowCountedWrappedDocument(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._rewrap_and_refresh_virtual_size()

    def mark_problems(self, lines: Sequence[int]) -> None:
        """Mark these lines (1-based) as having problems; every other line is unmarked."""
        marked = frozenset(line - 1 for line in lines if line >= 1)
        if marked == self._problem_lines:
            return
        self._problem_lines = marked
        self._build_highlight_map()
        self.refresh()

    @property
    def problem_lines(self) -> frozenset[int]:
        """The marked lines (0-based)."""
        return self._problem_lines

    def _build_highlight_map(self) -> None:
        # Textual queries tree-sitter over the whole file after every edit (most of a keystroke's time
        # on a long file); only the rows on screen, plus a margin for scrolling, are queried here, and
        # render_line queries again when a row outside them is drawn.
        previous = {row: list(found) for row, found in self._highlights.items() if found}
        previous_rows, previous_lines = self._highlighted_rows, self._highlighted_lines
        highlights = self._highlights
        highlights.clear()
        top, bottom = self._visible_line_indices
        margin = max(HIGHLIGHT_MARGIN, bottom - top)
        first, last = max(0, top - margin), min(self.document.line_count, bottom + margin)
        self._highlighted_rows = (first, last)
        if self._highlight_query and isinstance(self.document, SyntaxAwareDocument):
            captures = self.document.query_syntax_tree(self._highlight_query, (first, 0), (last, 0))
            for name, nodes in captures.items():
                for node in nodes:
                    (start_row, start_column), (end_row, end_column) = node.start_point, node.end_point
                    if start_row == end_row:
                        highlights[start_row].append((start_column, end_column, name))
                        continue
                    # A node over several rows: only its rows in the queried range are kept.
                    if start_row >= first:
                        highlights[start_row].append((start_column, None, name))
                    for row in range(max(start_row + 1, first), min(end_row, last)):
                        highlights[row].append((0, None, name))
                    if end_row < last:
                        highlights[end_row].append((0, end_column, name))
        # Problems ride on the syntax highlights so they are redrawn with them after every edit.
        for row in self._problem_lines:
            if row < self.document.line_count:
                highlights[row].append((0, None, PROBLEM_HIGHLIGHT))
        self._highlighted_lines = self.document.lines[first:last]
        self._forget_changed_rows(previous, previous_rows, previous_lines)

    def _forget_changed_rows(
        self, previous: dict[int, list[Highlight]], previous_rows: tuple[int, int], previous_lines: list[str]
    ) -> None:
        # Textual forgets every drawn line after an edit, so a keystroke redraws the whole view. Its
        # cache keys hold all a line's looks but its text and highlights: a line drawn before is kept
        # when the rows are where they were and its text and highlights are unchanged.
        first, last = self._highlighted_rows
        if (first, last) != previous_rows or len(previous_lines) != last - first:
            self._line_cache.clear()
            return
        lines, highlights = self._highlighted_lines, self._highlights
        changed = {
            row
            for row in range(first, last)
            if lines[row - first] != previous_lines[row - first] or highlights.get(row, []) != previous.get(row, [])
        }
        cached = self._line_cache.keys()  # an LRUCache is not iterable
        stale = [key for key in cached if not first <= key[2] < last or key[2] in changed]
        for key in stale:
            self._line_cache.discard(key)

    def render_line(self, y: int) -> Strip:
        """A line as TextArea draws it, with its number in the gutter marked when the line has a problem."""
        row = self.scroll_offset.y + y  # lines never wrap in the studio's editor: one row, one line
        first, last = self._highlighted_rows
        if not first <= row < last and row < self.document.line_count:
            self._build_highlight_map()  # scrolled beyond the highlighted rows: highlight around the view
        strip = super().render_line(y)  # lines never wrap in the studio's editor: one row, one line
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
