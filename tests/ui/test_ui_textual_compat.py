"""game.ui.textual_compat: the behaviour the game relies on from Textual's internals, checked on small apps.

A Textual upgrade that changes what these wrap fails here first (the command palette's
hardening is driven by tests/ui/test_ui_hardening.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import Theme
from textual.widgets import Static
from textual.widgets.text_area import TextAreaTheme

from game.ui.textual_compat import MarkedLinesTextArea, QuietExitApp, is_exiting, start_in_theme

DARK = Theme(name="test-dark", primary="#204080", background="#102030", dark=True)
LIGHT = Theme(name="test-light", primary="#204080", background="#f0e0d0", dark=False)


class ThemedApp(App[None]):
    """A widget painted with the theme's background; the theme set at start, the fast way or Textual's."""

    CSS = "#paint { background: $background; }"

    def __init__(self, theme: str, *, fast: bool) -> None:
        super().__init__()
        for registered in (DARK, LIGHT):
            self.register_theme(registered)
        if fast:
            start_in_theme(self, theme)
        else:
            self.theme = theme

    def compose(self) -> ComposeResult:
        yield Static("paint", id="paint")


async def _painted(app: ThemedApp) -> tuple[str, Color, frozenset[str]]:
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        return app.theme, app.query_one("#paint").styles.background, frozenset(app.classes)


@pytest.mark.parametrize("theme", [DARK.name, LIGHT.name])
async def test_starting_in_a_theme_looks_as_setting_it_does(theme: str) -> None:
    fast = await _painted(ThemedApp(theme, fast=True))
    usual = await _painted(ThemedApp(theme, fast=False))
    assert fast[0] == usual[0] == theme
    assert fast[1] == usual[1]
    expected = Color.parse(DARK.background if theme == DARK.name else LIGHT.background or "")
    assert fast[1] == expected
    modes = {"-dark-mode", "-light-mode"}
    assert fast[2] & modes == usual[2] & modes
    # Newer Textual also names the theme in a class (older versions do not; no stylesheet of ours reads it).
    assert usual[2] & {f"-theme-{theme}"} <= fast[2]
    assert ("-dark-mode" in fast[2]) is (theme == DARK.name)


class ClosingApp(QuietExitApp[int]):
    """An app that, told to, looks for a widget that is not there."""

    def compose(self) -> ComposeResult:
        yield Static("here", id="here")

    looked = False

    def look_for_nothing(self) -> None:
        self.looked = True
        self.query_one("#not-there")


async def test_a_missing_widget_while_exiting_is_no_error() -> None:
    app = ClosingApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not is_exiting(app)
        app.exit(7)
        assert is_exiting(app)
        app.call_later(app.look_for_nothing)
    assert app.looked, "the queued call ran after the exit"
    assert app.return_value == 7
    assert app.return_code == 0, "the error stopped the app"


async def test_a_missing_widget_otherwise_stops_the_app() -> None:
    app = ClosingApp()
    with pytest.raises(Exception, match="not-there"):
        async with app.run_test() as pilot:
            app.call_later(app.look_for_nothing)
            await pilot.pause()
            await pilot.pause()
    assert app.looked
    assert app.return_code == 1


MARK = "test.mark"
MARK_STYLE = Style(bgcolor="#ff0000")


class Marked(MarkedLinesTextArea):
    """Marks the rows it is told to."""

    def __init__(self, text: str) -> None:
        self.rows: tuple[int, ...] = ()  # before TextArea's set-up, which builds the highlights
        super().__init__(text, soft_wrap=False)
        self.register_theme(TextAreaTheme(name="marks", syntax_styles={MARK: MARK_STYLE}))
        self.theme = "marks"

    def marked_line_highlights(self) -> Iterable[tuple[int, str]]:
        return ((row, MARK) for row in self.rows)


class EditorApp(App[None]):
    CSS: ClassVar[str] = "Marked { height: 10; }"

    def compose(self) -> ComposeResult:
        yield Marked("first\nsecond\nthird")


def _marked_rows(editor: Marked) -> list[int]:
    rows = []
    for y in range(3):
        strip: Any = editor.render_line(y)
        if any(style is not None and style.bgcolor == MARK_STYLE.bgcolor for _, style, _ in strip):
            rows.append(y)
    return rows


async def test_marked_lines_are_highlighted_and_follow_edits() -> None:
    app = EditorApp()
    async with app.run_test(size=(40, 12)) as pilot:
        editor = app.query_one(Marked)
        await pilot.pause()
        assert _marked_rows(editor) == []
        editor.rows = (1, 99)  # a row past the end is ignored
        editor.rebuild_highlights()
        await pilot.pause()
        assert _marked_rows(editor) == [1]
        editor.insert("x")  # an edit rebuilds the highlights: the mark stays
        await pilot.pause()
        assert _marked_rows(editor) == [1]
        editor.rows = ()
        editor.rebuild_highlights()
        await pilot.pause()
        assert _marked_rows(editor) == []
