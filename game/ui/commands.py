"""The command palette (Ctrl+P): the same actions as the keys, found by typing.

The palette lists the game's actions only (Textual's own Quit and Theme would repeat the
game's Quit and Settings). The palette itself, Textual's made safe for keys that arrive faster
than it draws, is ``game.ui.textual_compat.GamePalette`` (it overrides Textual's private methods).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider


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
