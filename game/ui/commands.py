"""The command palette (Ctrl+P): the same actions as the keys, found by typing.

The palette lists the game's actions only (Textual's own Quit and Theme would repeat the
game's Quit and Settings), and ``GamePalette`` is Textual's palette made safe for keys that
arrive faster than it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual import on, work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.widgets import Button, Input


@runtime_checkable
class HasPaletteCommands(Protocol):
    """A screen that offers commands to the palette."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, callback) for each command available now."""
        ...


class GameCommands(Provider):
    """Commands of the screen the palette was opened on."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if isinstance(screen, HasPaletteCommands):
            return screen.palette_commands()
        return []

    async def discover(self) -> Hits:
        """Every command, before anything is typed."""
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, partial(callback), help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose names match what is typed."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(callback), text=name, help=help_text)


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
