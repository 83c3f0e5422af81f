"""The narrative: the current scene, from its top, revealed like a typewriter.

Only the current scene is on screen (the journal keeps the rest), so nothing stale can show
above it, a new scene always starts at its top, and Home and End mean this scene's ends.
The typewriter draws the text not yet written in the colour of the background: the scene
takes its full height from the start, so the "more" marker and paging are right at once and
words never jump to the next line as they are written.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from game.ui.widgets.prose import emphasised, join_paragraphs, paragraphs

#: Timer ticks per second while the typewriter runs.
TICKS_PER_SECOND = 30
#: Lines of the previous page still shown after a page down (or up), so the eye keeps its place.
PAGE_OVERLAP = 2
#: The widest the text column may be set (columns), and the narrowest.
MAX_TEXT_WIDTH = 200
MIN_TEXT_WIDTH = 20


def scene_body(text: str, previous: str | None = None) -> tuple[Text, int]:
    """The scene's prose as a Text, and how much of it the typewriter writes out.

    ``previous`` is the same scene's text as last read, when a choice leads straight back to
    it (a hub): then the paragraphs the choice changed come first and the rest follows, dimmed,
    under a line saying it is as before; only the new part is typed out.
    """
    parts = paragraphs(text)
    if previous is None:
        body = join_paragraphs(parts)
        return body, len(body)
    before = set(paragraphs(previous))
    changed = [part for part in parts if part not in before]
    kept = [part for part in parts if part in before]
    body = join_paragraphs(changed)
    if kept:
        if changed:
            body.append("\n\n")
            body.append("· the rest is as before ·", style="dim italic")
        else:
            body.append("Nothing here has changed.", style="dim italic")
        typed = len(body)
        body.append("\n\n")
        body.append_text(join_paragraphs(kept, style="dim"))
        return body, typed
    return body, len(body)


class SceneBlock(Vertical):
    """The scene on screen: a lead line (what led here), its title, and its text."""

    DEFAULT_CSS = """
    SceneBlock { height: auto; }
    SceneBlock > .scene-lead { margin: 0 0 1 0; text-style: italic; }
    SceneBlock > .scene-title { text-style: bold; margin: 0 0 1 0; }
    SceneBlock > .scene-text { margin: 0 0 1 0; }
    """

    def __init__(self) -> None:
        super().__init__(classes="scene-block")
        self._lead = Static("", classes="scene-lead", markup=False)
        self._lead.display = False
        self._title = Static("", classes="scene-title", markup=False)
        self._text = Static("", classes="scene-text", markup=False)
        self.full_text = Text()
        self.shown = 0
        #: Past this many characters the rest appears at once (it was read before).
        self.typed = 0

    def compose(self) -> ComposeResult:
        """Lead, title, text."""
        yield self._lead
        yield self._title
        yield self._text

    def show(self, title: str, body: Text, typed: int, *, revealed: bool, lead: Text | None = None) -> None:
        """Show another scene in this block (cheaper than a new block: nothing is mounted)."""
        self._lead.display = lead is not None
        self._lead.update(lead or "")
        self._title.update(emphasised(title))
        self.full_text = body
        self.typed = typed
        self.shown = len(body) if revealed or typed <= 0 else 0
        self._draw()

    @property
    def complete(self) -> bool:
        """True once all the text is shown."""
        return self.shown >= len(self.full_text)

    def reveal(self, count: int) -> None:
        """Show ``count`` more characters (all of them for a negative count)."""
        total = len(self.full_text)
        self.shown = total if count < 0 else min(total, self.shown + count)
        if self.shown >= self.typed:
            self.shown = total
        self._draw()

    def _draw(self) -> None:
        if self.complete:
            self._text.update(self.full_text)
            return
        hidden = self.full_text[self.shown :]
        # The colour behind the text as Textual composes it (the mood classes change it).
        background = self._text.background_colors[1]
        hidden.stylize(Style(color=background.rich_color))
        self._text.update(Text.assemble(self.full_text[: self.shown], hidden))


class NarrativePane(VerticalScroll):
    """The current scene. ``more_below`` is True while text lies below the visible part."""

    DEFAULT_CSS = """
    NarrativePane { height: 1fr; padding: 0 2; align-horizontal: center; }
    NarrativePane > SceneBlock { max-width: 72; }
    """

    #: True while there is text below what is visible (the screen shows a "more" marker).
    more_below: var[bool] = var(False)

    class RevealFinished(Message):
        """The typewriter has shown the whole current scene."""

    def __init__(
        self,
        *,
        typewriter: bool = False,
        chars_per_second: int = 90,
        text_width: int = 72,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self.typewriter = typewriter
        self.chars_per_second = chars_per_second
        self._text_width = text_width
        self._timer: Timer | None = None
        #: How far down the scene the reader is (0 at the top, 1 at the end), kept across a resize.
        self._read_fraction = 0.0

    def on_mount(self) -> None:
        """The typewriter's timer (paused until a scene needs it)."""
        self._timer = self.set_interval(1 / TICKS_PER_SECOND, self.tick, pause=True)

    @property
    def text_width(self) -> int:
        """The widest the text column is, in columns (it is centred in the pane); 0: the pane's width."""
        return self._text_width

    @text_width.setter
    def text_width(self, width: int) -> None:
        # 0 is the settings' "window width": no measure at all.
        self._text_width = 0 if width <= 0 else max(MIN_TEXT_WIDTH, min(MAX_TEXT_WIDTH, width))
        block = self.current
        if block is not None:
            block.styles.max_width = self._text_width or None

    @property
    def current(self) -> SceneBlock | None:
        """The scene block on screen."""
        blocks = list(self.query_children(SceneBlock))
        return blocks[-1] if blocks else None

    @property
    def revealing(self) -> bool:
        """True while the typewriter is still writing the current scene."""
        block = self.current
        return block is not None and not block.complete

    def show_scene(
        self,
        title: str,
        text: str,
        *,
        lead: Text | None = None,
        previous: str | None = None,
        instant: bool = False,
    ) -> None:
        """Show a scene from its top; with the typewriter on (and not ``instant``) it is written out.

        ``lead`` is a line above the title (the choice that led here); ``previous`` is the same
        scene's text as last shown, when a choice returns straight to it (see :func:`scene_body`).
        """
        body, typed = scene_body(text, previous)
        # Without colours the unwritten text could not be hidden: it is all shown at once.
        revealed = instant or not self.typewriter or self.app.no_color
        block = self.current
        if block is None:
            block = SceneBlock()
            block.styles.max_width = self._text_width or None
            block.show(title, body, typed, revealed=revealed, lead=lead)
            self.mount(block)
        else:
            block.show(title, body, typed, revealed=revealed, lead=lead)
        self.scroll_home(animate=False, immediate=True)
        if block.complete:
            self._stop()
            self.post_message(self.RevealFinished())
        elif self._timer is not None:
            self._timer.resume()

    def add_scene(self, title: str, text: str) -> None:
        """Show a scene with nothing above its title."""
        self.show_scene(title, text)

    def tick(self) -> None:
        """One typewriter step (the timer calls this; tests call it directly)."""
        block = self.current
        if block is None or block.complete:
            self._stop()
            return
        block.reveal(max(1, self.chars_per_second // TICKS_PER_SECOND))
        if block.complete:
            self._stop()
            self.post_message(self.RevealFinished())

    def finish(self) -> bool:
        """Show the whole current scene at once; returns True if anything was still hidden."""
        block = self.current
        if block is None or block.complete:
            return False
        block.reveal(-1)
        self._stop()
        self.post_message(self.RevealFinished())
        return True

    def page(self, pages: int) -> None:
        """Scroll by whole pages (negative: up), keeping a little of the last page in view."""
        step = max(1, self.scrollable_content_region.height - PAGE_OVERLAP)
        self.scroll_relative(y=pages * step, animate=False, immediate=True)

    # ------------------------------------------------------------ "more" marker

    def _measure(self) -> None:
        self.more_below = round(self.scroll_y) < self.max_scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled: the marker may change."""
        super().watch_scroll_y(old_value, new_value)
        self._read_fraction = new_value / self.max_scroll_y if self.max_scroll_y else 0.0
        self._measure()

    def watch_virtual_size(self, size: Size) -> None:
        """More or less text (the typewriter, a new scene, a resize): the marker may change."""
        self._measure()

    def on_resize(self, event: Resize) -> None:
        """A resize rewraps the text: the reader keeps their place (the end stays the end)."""
        fraction = self._read_fraction
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, immediate=True)
        self._read_fraction = fraction
        self._measure()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.pause()
