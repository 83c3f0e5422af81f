"""Live reload (``play --watch``): edits carry the game over, errors show in the UI, fixing them resumes play."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from ui_support import SHIP, ready

from game.ui.app import ExceptionApp
from game.ui.screens.game import GameScreen
from game.ui.screens.story_errors import StoryErrorsScreen
from game.ui.watcher import StoryWatcher

AppFactory = Callable[..., ExceptionApp]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    # Make the change visible even on file systems with coarse timestamps.
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))


async def reload(app: ExceptionApp, pilot: Pilot[Any]) -> None:
    """What the watch timer does each second, then wait for the reload to land."""
    app.check_story_files()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_the_watcher_sees_edits_new_and_removed_files(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SHIP, story)
    watcher = StoryWatcher([story])
    assert not watcher.changed()
    _edit(story / "story.yaml", "Corridor C", "Corridor D")
    assert watcher.changed()
    assert not watcher.changed()
    (story / "extra.yaml").write_text("vars: {}\n", encoding="utf-8")
    assert watcher.changed()
    (story / "notes.txt").write_text("not a story file", encoding="utf-8")
    assert not watcher.changed()
    (story / "extra.yaml").unlink()
    assert watcher.changed()


async def test_edit_break_and_fix_while_playing(make_app: AppFactory, tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SHIP, story)
    app = make_app(story, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.session.view.scene == "corridor"  # type: ignore[attr-defined]

        # An edit: the game is carried over to the new story at the same turn.
        _edit(story / "story.yaml", "title: Corridor C", "title: Corridor Seven")
        await reload(app, pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.session.view.title == "Corridor Seven"
        assert screen.session.view.turn == 1

        # A mistake: the errors are shown over the game, which keeps running underneath.
        _edit(story / "story.yaml", "to: bay\n", "to: bayy\n")
        await reload(app, pilot)
        assert isinstance(app.screen, StoryErrorsScreen)
        assert any("story.yaml:" in error and "bayy" in error for error in app.screen.errors)

        # Fixing it closes the errors and play resumes where it was.
        _edit(story / "story.yaml", "to: bayy\n", "to: bay\n")
        await reload(app, pilot)
        resumed = app.screen
        assert isinstance(resumed, GameScreen)
        assert resumed.session.view.scene == "corridor"
        assert resumed.session.view.turn == 1
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.session.view.scene == "bay"  # type: ignore[attr-defined]


async def test_a_removed_choice_stops_the_carried_over_game_at_the_divergence(
    make_app: AppFactory, tmp_path: Path
) -> None:
    story = tmp_path / "story"
    shutil.copytree(SHIP, story)
    app = make_app(story, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1")  # wake the crew: to the corridor
        await pilot.pause()
        _edit(
            story / "story.yaml",
            "      - text: Wake the crew\n        to: corridor\n",
            "      - text: Wake the crew\n        id: wake\n        to: corridor\n",
        )
        await reload(app, pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.session.view.scene == "bay"
        assert screen.session.view.turn == 0
