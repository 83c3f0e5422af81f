"""The scrolling narrative: every scene read so far, the newest revealed like a typewriter."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from game.ui.widgets.prose import plain, prose

#: Timer ticks per second while the typewriter runs.
TICKS_PER_SECOND = 30
#: Oldest scene blocks are dropped beyond this many, so a long game stays light.
MAX_BLOCKS = 120


class SceneBlock(Vertical):
    """One scene as read: its title, its text, and afterwards the choice taken."""

    DEFAULT_CSS = """
    SceneBlock { height: auto; margin: 0 0 1 0; }
    SceneBlock > .scene-title { text-style: bold; margin: 0 0 1 0; }
    SceneBlock > .scene-taken { margin: 1 0 0 0; display: none; }
    SceneBlock.-taken > .scene-taken { display: block; }
    """

    def __init__(self, title: str, text: str, *, revealed: bool) -> None:
        super().__init__(classes="scene-block")
        self.full_text = prose(text)
        self.shown = len(self.full_text) if revealed else 0
        self._title = Static(plain(title), classes="scene-title", markup=False)
        self._text = Static(Text(self.full_text[: self.shown]), classes="scene-text", markup=False)
        self._taken = Static("", classes="scene-taken", markup=False)

    def compose(self) -> ComposeResult:
        """Title, text, and the (hidden) choice taken."""
        yield self._title
        yield self._text
        yield self._taken

    @property
    def complete(self) -> bool:
        """True once all the text is shown."""
        return self.shown >= len(self.full_text)

    def reveal(self, count: int) -> None:
        """Show ``count`` more characters (all of them for a negative count)."""
        total = len(self.full_text)
        self.shown = total if count < 0 else min(total, self.shown + count)
        self._text.update(Text(self.full_text[: self.shown]))

    def mark_taken(self, choice_text: str) -> None:
        """Show the choice the player took here."""
        self._taken.update(plain(f"› {choice_text}"))
        self.add_class("-taken")


class NarrativePane(VerticalScroll):
    """The story so far; the last block is the current scene."""

    DEFAULT_CSS = """
    NarrativePane { height: 1fr; padding: 0 2; }
    NarrativePane > .narrative-note { color: $text-muted; text-style: italic; margin: 0 0 1 0; }
    """

    class RevealFinished(Message):
        """The typewriter has shown the whole current scene."""

    def __init__(self, *, typewriter: bool = False, chars_per_second: int = 90, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self.typewriter = typewriter
        self.chars_per_second = chars_per_second
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        """The typewriter's timer (paused until a scene needs it)."""
        self._timer = self.set_interval(1 / TICKS_PER_SECOND, self.tick, pause=True)

    @property
    def current(self) -> SceneBlock | None:
        """The newest scene block."""
        blocks = list(self.query_children(SceneBlock))
        return blocks[-1] if blocks else None

    @property
    def revealing(self) -> bool:
        """True while the typewriter is still writing the current scene."""
        block = self.current
        return block is not None and not block.complete

    def add_scene(self, title: str, text: str) -> None:
        """Append a scene; with the typewriter on it is written out over time."""
        block = SceneBlock(title, text, revealed=not self.typewriter)
        self.mount(block)
        blocks = list(self.query_children(SceneBlock))
        for old in blocks[: max(0, len(blocks) - MAX_BLOCKS)]:
            old.remove()
        if block.complete:
            self.post_message(self.RevealFinished())
        elif self._timer is not None:
            self._timer.resume()
        self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)

    def add_note(self, note: str) -> None:
        """A line between scenes, such as going back in time."""
        self.mount(Static(plain(note), classes="narrative-note", markup=False))

    def mark_taken(self, choice_text: str) -> None:
        """Record the choice taken under the current scene."""
        block = self.current
        if block is not None:
            block.reveal(-1)
            block.mark_taken(choice_text)

    def tick(self) -> None:
        """One typewriter step (the timer calls this; tests call it directly)."""
        block = self.current
        if block is None or block.complete:
            self._stop()
            return
        block.reveal(max(1, self.chars_per_second // TICKS_PER_SECOND))
        self._keep_in_view(block)
        if block.complete:
            self._stop()
            self.post_message(self.RevealFinished())

    def finish(self) -> bool:
        """Show the whole current scene at once; returns True if anything was still hidden."""
        block = self.current
        if block is None or block.complete:
            return False
        block.reveal(-1)
        self._keep_in_view(block)
        self._stop()
        self.post_message(self.RevealFinished())
        return True

    def _keep_in_view(self, block: SceneBlock) -> None:
        # The scroll made when the scene was added could only go as far as the
        # text then shown; as the text grows, keep its title at the top.
        self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.pause()
