"""A short menu of one-line items: arrow keys and Enter, or the mouse."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class Menu(Widget, can_focus=True):
    """A few fixed items, each enabled or not; Enter or a click on an enabled one selects it.

    It looks and moves like an OptionList without borders or scrolling, which is all the
    title screen needs: it is on screen in the first frame, where an OptionList's larger
    stylesheet and scrolling machinery cost the launch time.
    """

    # The colours are OptionList's, so the menu looks like the rest of Textual's lists.
    DEFAULT_CSS = """
    Menu {
        width: auto;
        height: auto;
        color: $foreground;
        & > .menu--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .menu--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .menu--disabled {
            color: $text-disabled;
        }
        & > .menu--hover {
            background: $block-hover-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"menu--item", "menu--highlighted", "menu--disabled", "menu--hover"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("home,pageup", "first", "First", show=False),
        Binding("end,pagedown", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    #: The index of the highlighted item (always an enabled one), or None.
    highlighted: reactive[int | None] = reactive(None)
    #: The index of the item under the mouse, or None.
    hovered: reactive[int | None] = reactive(None)

    class Selected(Message):
        """An enabled item was chosen (Enter or a click)."""

        def __init__(self, menu: Menu, key: str) -> None:
            super().__init__()
            self.menu = menu
            self.key = key

        @property
        def control(self) -> Menu:
            """The menu (so ``@on(Menu.Selected, "#id")`` works)."""
            return self.menu

    def __init__(
        self, items: Sequence[tuple[str, str]], *, enabled: Collection[str] = (), id: str | None = None
    ) -> None:
        """``items`` are (key, label) pairs, in order; only the keys in ``enabled`` can be chosen."""
        super().__init__(id=id)
        self.items: tuple[tuple[str, str], ...] = tuple(items)
        self._enabled: frozenset[str] = frozenset(enabled)

    # ------------------------------------------------------------------ state

    def is_enabled(self, key: str) -> bool:
        """Whether the item ``key`` can be chosen now (False for an unknown key)."""
        return key in self._enabled and any(key == item_key for item_key, _ in self.items)

    def set_enabled(self, keys: Collection[str]) -> None:
        """Enable exactly these items; the highlight moves to the first enabled one if it must."""
        self._enabled = frozenset(keys)
        highlighted = self.highlighted
        if highlighted is None or not self._enabled_at(highlighted):
            self.highlighted = self._next_enabled(-1, 1)
        self.refresh()

    @property
    def highlighted_key(self) -> str | None:
        """The key of the highlighted item."""
        return None if self.highlighted is None else self.items[self.highlighted][0]

    def _enabled_at(self, index: int) -> bool:
        return self.items[index][0] in self._enabled

    def _next_enabled(self, start: int, step: int) -> int | None:
        """The first enabled index after ``start`` going by ``step``, wrapping round (as OptionList does)."""
        count = len(self.items)
        for offset in range(1, count + 1):
            index = (start + step * offset) % count
            if self._enabled_at(index):
                return index
        return None

    # ---------------------------------------------------------------- actions

    def action_cursor(self, step: int) -> None:
        """Move the highlight to the next enabled item up (-1) or down (1)."""
        if self.items:
            start = self.highlighted if self.highlighted is not None else (-1 if step > 0 else 0)
            self.highlighted = self._next_enabled(start, step)

    def action_first(self) -> None:
        """Highlight the first enabled item."""
        if self.items:
            self.highlighted = self._next_enabled(-1, 1)

    def action_last(self) -> None:
        """Highlight the last enabled item."""
        if self.items:
            self.highlighted = self._next_enabled(len(self.items), -1)

    def action_select(self) -> None:
        """Choose the highlighted item."""
        index = self.highlighted
        if index is not None and self._enabled_at(index):
            self.post_message(self.Selected(self, self.items[index][0]))

    # ------------------------------------------------------------------ mouse

    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self.items):
            return None
        return offset.y

    def on_click(self, event: events.Click) -> None:
        """A click on an enabled item highlights and chooses it."""
        index = self._index_at(event)
        if index is not None and self._enabled_at(index):
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Show which item the mouse is over."""
        self.hovered = self._index_at(event)

    def on_leave(self, _event: events.Leave) -> None:
        """The mouse left: nothing is hovered."""
        self.hovered = None

    # -------------------------------------------------------------- rendering

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the longest label."""
        return max((cell_len(label) for _, label in self.items), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One row per item."""
        return len(self.items)

    def render_line(self, y: int) -> Strip:
        """One item, padded to the full width so the highlight is a bar."""
        width = self.size.width
        if not 0 <= y < len(self.items):
            return Strip.blank(width, self.get_visual_style("menu--item").rich_style)
        key, label = self.items[y]
        if key not in self._enabled:
            component = "menu--disabled"
        elif y == self.highlighted:
            component = "menu--highlighted"
        elif y == self.hovered:
            component = "menu--hover"
        else:
            component = ""
        components = ("menu--item", component) if component else ("menu--item",)
        style = self.get_visual_style(*components).rich_style
        return Strip([Segment(set_cell_size(label, width), style)], width)
