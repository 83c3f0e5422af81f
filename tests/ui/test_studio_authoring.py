"""The studio as an author uses it: completion, play from here, the log replayed on edits, the map, the
deep check's witness in the playing pane, a new branch."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio_fixtures import *  # noqa: F403
from studio_support import MakeApp, ManualClock, checked, line_index

from game.engine import load_story
from game.studio.app import StudioApp
from game.studio.options import StudioOptions
from game.studio.screens.new_branch import NewBranchScreen
from game.studio.screens.play_from_here import PlayFromHereScreen
from game.studio.widgets.findings_list import FindingsList
from game.studio.widgets.play_pane import PlayPane
from game.studio.widgets.scene_map import SceneMap

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


async def test_completion_offers_a_scene_id(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        editor.go_to(line_index(editor.text, "title: The Cradle") + 1, 1)
        await pilot.press("end", "enter", *"      to: the_po")
        assert editor.suggestion == "ds"
        assert "ds" in editor.completions()
        await pilot.press("right")
        assert "      to: the_pods" in editor.text.splitlines()


async def test_ctrl_n_offers_the_next_completion(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        editor.go_to(line_index(editor.text, "title: The Cradle") + 1, 1)
        await pilot.press("end", "enter", *"      to: the_p")
        offered = editor.completions()
        assert len(offered) > 1 and editor.suggestion == offered[0]
        assert "Ctrl+N" in str(screen.query_one("#status").render())
        await pilot.press("ctrl+n")
        assert editor.suggestion == offered[1]
        await pilot.press("right")
        assert f"      to: the_p{offered[1]}" in editor.text.splitlines()


async def test_play_from_here_starts_at_the_scene_under_the_cursor_with_the_chosen_values(
    make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        editor.go_to(line_index(editor.text, "  the_pods:") + 3, 5)
        await pilot.press("f3")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlayFromHereScreen)
        assert dialog.scene == "the_pods"
        dialog.query_one("#var-a1_at_lid").value = "true"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        pane = screen.query_one(PlayPane)
        assert pane.view is not None and pane.view.scene == "the_pods"
        assert pane.playthrough is not None and pane.playthrough.game.state.vars["a1_at_lid"] is True


async def test_a_bad_value_keeps_the_dialog_open_and_says_why(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        screen.editor.go_to(line_index(screen.editor.text, "  waking:") + 2, 5)  # type: ignore[union-attr]
        await pilot.press("f3")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlayFromHereScreen)
        dialog.query_one("#var-a1_at_lid").value = "maybe"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "a1_at_lid" in str(dialog.query_one("#here-problem").render())


async def test_each_good_check_replays_the_log_and_says_where_it_stops_fitting(
    make_app: MakeApp, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        await pilot.press("f2")
        pane = screen.query_one(PlayPane)
        assert pane.view is not None and pane.view.scene == "waking"
        pane.take("the_pods")
        assert pane.view.scene == "the_pods"
        # An edit that keeps the log: the pane replays it and stays where it was.
        editor = screen.editor
        assert editor is not None
        await pilot.press("escape", "ctrl+home", *"# a note", "enter")
        assert editor.has_focus
        screen = await checked(pilot, clock)
        assert pane.view.scene == "the_pods"
        assert not str(pane.query_one("#play-fit").render())
        # The choice taken is renamed: the log no longer fits at turn 1.
        row = line_index(editor.text, "to: the_pods")
        column = editor.document.get_line(row).index("the_pods")
        editor.replace("mack_wakes", (row, column), (row, column + len("the_pods")))
        screen = await checked(pilot, clock)
        assert screen.last_check is not None and screen.last_check.story is not None
        note = str(pane.query_one("#play-fit").render())
        assert "no longer fits" in note and "turn 1" in note and "the_pods" in note
        assert pane.view.scene == "waking"


async def test_the_map_shows_the_ways_in_and_out_and_follows_them(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        editor.go_to(line_index(editor.text, "  waking:") + 2, 5)
        await pilot.press("f9")
        scene_map = screen.query_one(SceneMap)
        assert scene_map.scene == "waking"
        assert ("out", "the_pods") in {(link.direction, link.scene) for link in scene_map.links}
        index = next(i for i, link in enumerate(scene_map.links) if link.scene == "the_pods")
        scene_map.highlighted = index + 1  # the heading comes first
        await pilot.press("enter")
        await pilot.pause()
        assert editor.cursor_location[0] == line_index(editor.text, "  the_pods:")
        assert scene_map.scene == "the_pods"
        assert ("in", "waking") in {(link.direction, link.scene) for link in scene_map.links}


async def test_go_to_definition_of_a_scene_named_under_the_cursor(make_app: MakeApp, clock: ManualClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        row = line_index(editor.text, "to: the_pods")
        editor.cursor_location = (row, editor.document.get_line(row).index("the_pods") + 3)
        await pilot.press("f12")
        assert editor.cursor_location[0] == line_index(editor.text, "  the_pods:")


async def test_a_deep_check_witness_plays_in_the_playing_pane(tmp_path: Path, clock: ManualClock) -> None:
    story = tmp_path / "softlock"
    shutil.copytree(FIXTURES / "deep_softlock", story)
    app = StudioApp(StudioOptions(story=story, data_dir=tmp_path / "data", clock=clock))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        findings = screen.query_one(FindingsList)
        kinds = [finding.kind for finding in findings.findings]
        assert "soft-lock" in kinds
        findings.highlighted = kinds.index("soft-lock")
        findings.focus()
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(PlayPane)
        assert pane.view is not None and pane.view.scene == "vault"
        assert [choice.enabled for choice in pane.view.choices] == [False]
        assert screen.editor is not None and screen.editor.cursor_location[0] == line_index(
            screen.editor.text, "  vault:"
        )


async def test_a_new_branch_from_the_dialog_passes_check(
    make_app: MakeApp, story_copy: Path, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await checked(pilot, clock)
        editor = screen.editor
        assert editor is not None
        editor.go_to(line_index(editor.text, "  the_pods:") + 2, 5)
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewBranchScreen)
        assert dialog.query_one("#branch-hook").value == "the_pods"  # type: ignore[attr-defined]
        for field, value in {
            "name": "spare_pod",
            "choice-text": "Look into the sixth pod",
            "scene": "sp_sixth_pod",
            "title": "The Sixth Pod",
            "opening": "The sixth pod is empty, and warm.",
        }.items():
            dialog.query_one(f"#branch-{field}").value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        branch = story_copy / "branches" / "spare_pod"
        assert (branch / "spare_pod.yaml").is_file()
        loaded = load_story(story_copy, [branch], use_cache=False)
        assert "sp_sixth_pod" in loaded.scenes
        assert any(choice.outcomes[0].scene == "sp_sixth_pod" for choice in loaded.scenes["the_pods"].choices)
        assert screen.current == (branch / "spare_pod.yaml").resolve()
        screen = await checked(pilot, clock)
        assert screen.last_check is not None and screen.last_check.story is not None
        assert "sp_sixth_pod" in screen.last_check.story.scenes


async def test_a_branch_that_would_not_load_is_refused_in_the_dialog(
    make_app: MakeApp, story_copy: Path, clock: ManualClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await checked(pilot, clock)
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewBranchScreen)
        for field, value in {
            "name": "odd",
            "choice-text": "Go",
            "scene": "waking",
            "title": "T",
            "opening": "x",
        }.items():
            dialog.query_one(f"#branch-{field}").value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "scene 'waking' already" in str(dialog.query_one("#branch-problem").render())
        assert not (story_copy / "branches" / "odd").exists()
