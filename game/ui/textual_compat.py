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
from textual.widgets import Button, Input, TextArea


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


class MarkedLinesTextArea(TextArea):
    """A TextArea whose lines can carry an extra highlight, redrawn with the syntax highlights after every edit."""

    def marked_line_highlights(self) -> Iterable[tuple[int, str]]:
        """The (0-based row, highlight name) pairs to add to the syntax highlights; none by default."""
        return ()

    def rebuild_highlights(self) -> None:
        """Recompute the highlights (syntax and marked lines) after the marks changed."""
        self._build_highlight_map()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        line_count = self.document.line_count
        for row, highlight in self.marked_line_highlights():
            if 0 <= row < line_count:
                self._highlights[row].append((0, None, highlight))


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
