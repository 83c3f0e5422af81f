"""Every use of Textual's internals, in one place, so that a Textual upgrade breaks here and nowhere else.

The game and the studio lean on a few things Textual does not document as its
interface: what the ``theme`` watcher does (set to skip a second CSS parse at
start), whether an app is exiting, the command palette's private methods (to
make it safe under keys that arrive faster than it draws), and the text
area's highlight map (to mark problem lines). Each is wrapped here behind a
public name; tests/ui/test_ui_textual_compat.py checks the behaviour relied on,
and a test keeps every other module off Textual's private names. Written for
Textual 8.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from textual import on, work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.strip import Strip
from textual.widgets import Button, Input, TextArea
from textual.widgets.text_area import (
    DocumentNavigator,
    EditResult,
    Highlight,
    Location,
    SyntaxAwareDocument,
    WrappedDocument,
)


def start_in_theme(app: App[Any], name: str) -> None:
    """Start ``app`` in the registered theme ``name`` without parsing the CSS twice; call before it runs.

    Assigning ``app.theme`` runs Textual's watcher, which queues a re-parse and re-apply
    of every stylesheet for just after start, before the first frame. Nothing is parsed
    yet then, so setting the value, the stylesheet's variables and the classes the
    watcher would set is enough. An unknown or light theme goes Textual's own way: it
    reports an unknown theme, and a light one needs its ANSI colour filter rebuilt
    (Textual built the filter for its dark default).
    """
    chosen = app.get_theme(name)
    if chosen is None or not chosen.dark:
        app.theme = name
        return
    app.set_reactive(App.theme, name)
    app.stylesheet.set_variables(app.get_css_variables())
    # The classes Textual's watcher would have set.
    app.set_class(True, f"-theme-{name}", "-dark-mode", update=False)
    app.set_class(False, "-light-mode", update=False)


def is_exiting(app: App[Any]) -> bool:
    """True once ``app.exit()`` was called (Textual still delivers the events queued before it)."""
    return bool(app._exit)


_ReturnType = TypeVar("_ReturnType")


class QuietExitApp(App[_ReturnType]):
    """An app that ignores a widget not found, or not mountable, once it is exiting.

    Once the app exits, Textual stops mounting widgets but still delivers the keys and
    Mount events queued before the exit: a screen opened in the same instant (a key
    pressed with Ctrl+C) finds none of its widgets, and nothing new can be mounted. The
    program is leaving anyway; that is no reason for a traceback. Any other error stops
    the app as usual.
    """

    def _handle_exception(self, error: Exception) -> None:
        from textual.widget import MountError

        if is_exiting(self) and isinstance(error, NoMatches | MountError):
            return
        super()._handle_exception(error)


class WholeTextSyntaxDocument(SyntaxAwareDocument):
    """Textual's syntax-aware document, giving tree-sitter the text in one piece when it reparses.

    Textual hands tree-sitter one line per Python call, and tree-sitter asks for every line again
    after each edit: 1,600 calls a keystroke on the largest story file. The encoded text is kept
    until the next edit and given in large chunks instead.
    """

    _READ_CHUNK = 1 << 16

    def __init__(self, text: str, language: Any) -> None:
        # ``language`` is tree-sitter's Language (the studio extra), not named here: the game needs no tree-sitter.
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


#: Rows highlighted above and below the visible ones (at least a screenful), so scrolling rarely queries.
HIGHLIGHT_MARGIN = 60


class MarkedLinesTextArea(TextArea):
    """A TextArea for long files, whose lines can carry an extra highlight redrawn with the syntax highlights.

    Textual queries tree-sitter over the whole file after every edit and redraws every line;
    here only the rows around the view are queried (again when a row beyond them is drawn),
    tree-sitter reads the text in large pieces, the height is counted in constant time, and
    only lines whose text or highlights changed are drawn again. Lines never wrap
    (``soft_wrap=False``): one row, one line.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set before TextArea's constructor, which builds the highlight map already.
        self._highlighted_rows = (0, 0)
        self._highlighted_lines: list[str] = []
        super().__init__(*args, **kwargs)

    def marked_line_highlights(self) -> Iterable[tuple[int, str]]:
        """The (0-based row, highlight name) pairs to add to the syntax highlights; none by default."""
        return ()

    def rebuild_highlights(self) -> None:
        """Recompute the highlights (syntax and marked lines) after the marks changed."""
        self._build_highlight_map()

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if type(self.document) is SyntaxAwareDocument:
            self.document = WholeTextSyntaxDocument(text, self.document.language)
        self.wrapped_document = RowCountedWrappedDocument(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._rewrap_and_refresh_virtual_size()

    def _build_highlight_map(self) -> None:
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
        line_count = self.document.line_count
        for row, highlight in self.marked_line_highlights():
            if 0 <= row < line_count:
                highlights[row].append((0, None, highlight))
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
        """A line as TextArea draws it; scrolled beyond the highlighted rows, they are highlighted around the view."""
        row = self.scroll_offset.y + y
        first, last = self._highlighted_rows
        if not first <= row < last and row < self.document.line_count:
            self._build_highlight_map()
        return super().render_line(y)


class GamePalette(CommandPalette):
    """Textual's command palette, safe under fast input.

    Faults of Textual 8.2's palette showed under keys that arrive faster than it draws
    (27,000 random keys in a terminal), each handled here:

    - its option list pages with a table of line positions filled only once the list has a
      size: PageDown or PageUp before the list was first laid out raised ``KeyError: 0``.
      Until then there is nothing to page through, so the keys do nothing;
    - list keys reaching a palette whose widgets are not there yet (just opened) or any more
      (just closed) raised ``NoMatches``: they do nothing then;
    - a selection (Enter) still queued when Escape had closed the palette closed it again,
      popping the screen *under* it (the game, or the last screen: ``ScreenStackError``) and
      then ran the command the player had escaped from. A palette that is no longer on top
      neither closes again nor runs anything;
    - a search started by a keystroke just before the palette closed found its widgets
      gone (``NoMatches`` in a worker, which stops the app). A closed palette has no results
      to show, so that search ends quietly.

    - each keystroke in the search box started a search and cancelled the earlier ones, which
      stay listed until the event loop gets to them: with keys queued faster than they are
      handled, every keystroke walked thousands of cancelled searches (a 27,000-key run kept
      the program busy for minutes after the keys stopped). A burst of typing now starts one
      search.

    Textual's own palette has a fixed id: one opened while the previous is still being
    removed failed with ``DuplicateIds``; this one has none (see ``ExceptionApp``).
    """

    def __init__(self) -> None:
        super().__init__()
        self._typed = ""
        self._search_due = False

    @on(Input.Changed)
    def _search_typed(self, event: Input.Changed) -> None:
        """Search once for a burst of typing (Textual's handler, which searches each keystroke, is skipped)."""
        event.stop()
        event.prevent_default()
        self._typed = event.value.strip()
        if not self._search_due:
            self._search_due = True
            # After the keys already queued: a paste or a fast typist gives one search, not one a key.
            self.call_later(self._search_now)

    def _search_now(self) -> None:
        self._search_due = False
        self._cancel_gather_commands()
        self._stop_no_matches_countdown()
        self._gather_commands(self._typed)

    def _has_list(self) -> bool:
        """True while the palette is on top with its list (not before its widgets exist, nor after it closed)."""
        return self.is_active and bool(self.query(CommandList))

    def _action_command_list(self, action: str) -> None:
        if not self._has_list():
            return
        if action in ("page_down", "page_up") and not self.query_one(CommandList).scrollable_content_region:
            return
        super()._action_command_list(action)

    def _action_cursor_down(self) -> None:
        if self._has_list():
            super()._action_cursor_down()

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Close the palette, once: when it is no longer the top screen it was closed already."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)

    def _select_or_command(self, event: object = None) -> None:
        # Called directly when a listed command is chosen (Enter on the list).
        if not self.is_active:
            return  # closed (Escape) before this selection was handled: run nothing
        super()._select_or_command(event)  # type: ignore[arg-type]

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _closed_already(self, event: Input.Submitted | Button.Pressed) -> None:
        """Enter in the search box after the palette closed: Textual's handler (which runs next) must not run."""
        if not self.is_active:
            event.stop()
            event.prevent_default()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]
        try:
            await gather(self, search_value)
        except NoMatches:
            return  # the palette's widgets are gone (it is closing): no results to show
