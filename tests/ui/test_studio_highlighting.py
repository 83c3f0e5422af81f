"""The studio's editor highlights only the rows around the view: far down a long file, after scrolling
there and after an edit, every visible line must look exactly as Textual's own TextArea (which
highlights the whole file) draws it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.strip import Strip
from textual.widgets import TextArea

from game.studio.widgets.story_editor import StoryEditor, _studio_theme, yaml_highlighting_available

pytestmark = pytest.mark.skipif(not yaml_highlighting_available(), reason="needs textual[syntax] (tree-sitter)")

STORY = Path(__file__).resolve().parent.parent.parent / "story"
#: The bundled story's largest file: far more rows than the editor highlights around its view.
LARGEST = max(STORY.glob("*.yaml"), key=lambda path: path.stat().st_size)


class SideBySide(App[None]):
    """The studio's editor and a bare TextArea on the same text, the same size and the same theme."""

    AUTO_FOCUS = None  # neither focused: no cursor drawn, so both draw the same rows
    CSS = "Horizontal > * { width: 1fr; height: 1fr; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield StoryEditor(LARGEST, self.text)
            bare = TextArea.code_editor(self.text, language="yaml", soft_wrap=False, show_line_numbers=True)
            bare.indent_width = 2
            bare.register_theme(_studio_theme())
            bare.theme = "studio"
            yield bare


def drawn(area: TextArea) -> list[Strip]:
    return [area.render_line(y) for y in range(area.size.height)]


def colours(strips: list[Strip]) -> int:
    """How many foreground colours the rows are drawn in: the gutter's and the plain text's, plus the
    syntax highlights' (keys, strings, punctuation) when there are any."""
    return len({segment.style.color for strip in strips for segment in strip if segment.style})


async def settle(app: SideBySide) -> tuple[StoryEditor, TextArea]:
    editor = app.query_one(StoryEditor)
    bare = next(area for area in app.query(TextArea) if not isinstance(area, StoryEditor))
    return editor, bare


async def test_far_rows_are_highlighted_after_scrolling_and_after_an_edit() -> None:
    text = LARGEST.read_text(encoding="utf-8")
    rows = text.count("\n")
    assert rows > 1000
    app = SideBySide(text)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        editor, bare = await settle(app)
        assert editor.size == bare.size
        # Scrolled far past the rows highlighted at the start, without moving the cursor.
        far = rows - 200
        for area in (editor, bare):
            area.scroll_to(y=far, animate=False)
        await pilot.pause()
        assert editor.scroll_offset.y == far
        shown = drawn(editor)
        assert colours(shown) >= 4  # the view far down is highlighted at all
        assert shown == drawn(bare)

        # Edits there (a new line copied from the one above it, a character typed, one deleted): still
        # highlighted as the whole-file map has it.
        for area in (editor, bare):
            line = area.document.get_line(far + 5)
            area.move_cursor((far + 6, 0))
            area.insert(line + "\n")
            area.move_cursor((far + 8, len(area.document.get_line(far + 8))))
            area.insert("x")
            area.move_cursor((far + 10, len(area.document.get_line(far + 10))))
            area.action_delete_left()
        await pilot.pause()
        assert editor.text == bare.text
        shown = drawn(editor)
        assert colours(shown) >= 4
        assert shown == drawn(bare)

        # Back to the top, then to the end: rows beyond the last highlighted range get highlighted too.
        for y in (0, editor.document.line_count):
            for area in (editor, bare):
                area.scroll_to(y=y, animate=False)
            await pilot.pause()
            assert drawn(editor) == drawn(bare)
