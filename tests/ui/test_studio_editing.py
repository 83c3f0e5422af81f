"""The studio's editor: open at a line, type, errors as you type, save byte for byte, leave, recover."""

from __future__ import annotations

from pathlib import Path

import pytest
from studio_fixtures import *  # noqa: F403
from studio_support import MakeApp, ManualClock, checked, line_index

from game.studio.journal import BufferJournal
from game.studio.screens.leave import LeaveScreen
from game.studio.screens.recover import RecoverScreen
from game.studio.widgets.problem_list import ProblemList


async def test_opens_the_file_at_the_line(make_app: MakeApp, story_copy: Path) -> None:
    app = make_app("act2_dark.yaml", line=40)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.studio.editor
        assert editor is not None
        assert editor.path == (story_copy / "act2_dark.yaml").resolve()
        assert editor.cursor_location[0] == 39
        assert editor.has_focus


async def test_a_mistake_shows_an_error_and_fixing_it_clears_it(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        assert screen.last_check is not None and screen.last_check.story is not None
        editor = screen.editor
        assert editor is not None
        original = editor.text
        row = line_index(editor.text, "title: The Cradle")
        editor.go_to(row + 1, 1)
        await pilot.press(*"    colour: red", "enter")
        screen = await checked(pilot, clock)
        problems = app.studio.query_one(ProblemList).problems
        assert [(p.display, p.line, "unknown key 'colour'" in p.message) for p in problems] == [
            ("act1_printing.yaml", row + 1, True)
        ]
        assert row in editor.problem_lines
        # Enter on the problem puts the cursor on it.
        editor.go_to(1, 1)
        app.studio.query_one(ProblemList).focus()
        await pilot.press("enter")
        assert editor.cursor_location == (row, 4)
        assert editor.has_focus
        # Undo the typing: the file is as it was and the problem goes.
        for _ in range(20):
            editor.undo()
        await pilot.pause()
        assert editor.text == original
        screen = await checked(pilot, clock)
        assert app.studio.query_one(ProblemList).problems == ()
        assert not editor.problem_lines


async def test_ctrl_s_writes_the_buffer_byte_for_byte(make_app: MakeApp, story_copy: Path) -> None:
    app = make_app("endings.yaml", line=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"# é — a note ✓", "enter")
        editor = app.studio.editor
        assert editor is not None
        assert (story_copy / "endings.yaml").read_text(encoding="utf-8") != editor.text
        await pilot.press("ctrl+s")
        assert (story_copy / "endings.yaml").read_bytes() == editor.text.encode("utf-8")
        assert not app.studio.workspace.dirty()
        assert not list(story_copy.glob(".tmp-*"))


async def test_leaving_with_unsaved_changes_asks_first(make_app: MakeApp, story_copy: Path) -> None:
    app = make_app()
    before = (story_copy / "act1_printing.yaml").read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"# unsaved", "enter")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, LeaveScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert (story_copy / "act1_printing.yaml").read_bytes() == before


async def test_unsaved_edits_survive_a_crash_and_are_offered_back(
    make_app: MakeApp, story_copy: Path, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"# kept across a crash", "enter")
        clock.advance(5.0)
        app.studio.tick()
        text = app.studio.editor.text  # type: ignore[union-attr]
        # The test ends without leaving: as if the terminal were killed.
    journal = BufferJournal(tmp_path / "studio-data", story_copy)
    assert journal.read().buffers == {(story_copy / "act1_printing.yaml").resolve(): text}
    assert "# kept across a crash" not in (story_copy / "act1_printing.yaml").read_text(encoding="utf-8")

    second = make_app()
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, RecoverScreen)
        await pilot.press("r")
        await pilot.pause()
        editor = second.studio.editors[(story_copy / "act1_printing.yaml").resolve()]
        assert editor.text == text
        assert second.studio.workspace.dirty()


def test_a_damaged_journal_is_one_line_and_nothing_else(tmp_path: Path, story_copy: Path) -> None:
    journal = BufferJournal(tmp_path / "data", story_copy)
    journal.path.parent.mkdir(parents=True)
    journal.path.write_bytes(b"\xff{not json")
    recovered = journal.read()
    assert recovered.buffers == {}
    assert recovered.problem is not None and "\n" not in recovered.problem
    assert journal.path.exists()


async def test_the_file_tree_lists_the_story_and_opens_a_file(make_app: MakeApp, story_copy: Path) -> None:
    from game.studio.widgets.story_tree import StoryTree

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.studio.query_one(StoryTree)
        assert not tree.display or tree.region.width == 0  # folded away below 140 columns
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert tree.region.width > 0
        files = [str(node.label) for node in tree.root.children[0].children]
        assert files == sorted(path.name for path in story_copy.glob("*.yaml"))
        tree.focus()
        tree.move_cursor(tree.root.children[0].children[files.index("lewis.yaml")])
        await pilot.press("enter")
        await pilot.pause()
        assert app.studio.current == (story_copy / "lewis.yaml").resolve()


async def test_a_file_that_is_not_utf8_is_refused_with_a_note_and_left_alone(
    make_app: MakeApp, story_copy: Path
) -> None:
    bad = story_copy / "broken.yaml"
    bad.write_bytes(b"scenes:\n  x: \xff\xfe\n")
    app = make_app("broken.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.studio.editor is None or app.studio.current != bad.resolve()
        assert "not UTF-8" in str(app.studio.query_one("#status").render())
        await pilot.press("ctrl+s")
    assert bad.read_bytes() == b"scenes:\n  x: \xff\xfe\n"


@pytest.mark.parametrize("size", [(40, 12), (20, 6)])
async def test_a_tiny_terminal_never_crashes_the_studio(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"ab", "f9", "escape", "f2", "ctrl+t")
        await pilot.pause()
        assert app.is_running


async def test_a_journal_naming_files_outside_the_story_offers_nothing(
    make_app: MakeApp, story_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    BufferJournal(tmp_path / "studio-data", story_copy).write({outside: "a: 2\n"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RecoverScreen)
        assert outside.resolve() not in app.studio.editors
