"""Hardening of the UI: bad settings files, story errors on every UI path, the palette under fast input."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from ui_support import FIXTURES, ready

from game.engine import Game, load_story
from game.saves import SaveStore
from game.saves.format import dump_save
from game.ui.app import ExceptionApp
from game.ui.config import Settings
from game.ui.screens.game import GameScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.story_errors import StoryErrorsScreen
from game.ui.screens.title import TitleScreen

AppFactory = Callable[..., ExceptionApp]

START_ERROR = FIXTURES / "harden_start_error"
OK = FIXTURES / "harden_ok"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))


def _errors_shown(app: ExceptionApp) -> tuple[str, ...]:
    screen = app.screen
    assert isinstance(screen, StoryErrorsScreen), f"expected the story errors, got {type(screen).__name__}"
    return screen.errors


# ------------------------------------------------------------ settings files


async def test_a_broken_settings_file_is_told_once_on_the_title_and_kept(
    make_app: AppFactory, config_dir: Path
) -> None:
    settings_file = config_dir / "settings.json"
    settings_file.write_text('{"theme": ["ember"], "typewriter": false}', encoding="utf-8")
    endings_file = config_dir / "endings.json"
    endings_file.write_text('{"endings": [{"story_id": "x", "ending_id": "y", "title": "t", "times": 1e999}]}')
    app = make_app(OK)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert app.settings == Settings(typewriter=False)
        told = [note for note in app._notifications if note.title == "Some of your settings were ignored"]
        assert len(told) == 1
        lines = told[0].message.splitlines()
        assert len(lines) == 2
        assert str(settings_file) in lines[0] and "theme" in lines[0]
        assert str(endings_file) in lines[1] and "1 of 1" in lines[1]
        # Opening settings and saving them unchanged leaves the player's file alone...
        app.screen.action_pick("settings")  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.dismiss(app.screen.current())
        await pilot.pause()
        assert settings_file.read_text(encoding="utf-8") == '{"theme": ["ember"], "typewriter": false}'
        # ...and a change writes a good file.
        app.apply_settings(Settings(typewriter=False, theme="phosphor"))
        assert json.loads(settings_file.read_text(encoding="utf-8"))["theme"] == "phosphor"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
async def test_a_fifo_settings_file_does_not_hang_the_start(make_app: AppFactory, config_dir: Path) -> None:
    (config_dir / "settings.json").unlink()
    os.mkfifo(config_dir / "settings.json")
    app = make_app(OK)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TitleScreen) and app.story is not None
        assert any("a FIFO" in line for line in app.config_problems)


# -------------------------------------------------------------- story errors


async def test_new_game_on_a_start_scene_that_cannot_be_drawn(make_app: AppFactory) -> None:
    app = make_app(START_ERROR)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        errors = _errors_shown(app)
        assert any("story.yaml:12:3:" in error and "division by zero" in error.lower() for error in errors), errors
        assert isinstance(app.screen_stack[-2], TitleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


def _save_with_a_log_that_disagrees(store: SaveStore) -> Path:
    """A save at turn 3 whose snapshot is right but whose first log entry names a choice that is not there."""
    game = Game(load_story(OK), 7)
    for choice in ("ladder", "down", "hatch"):
        game.choose(choice)
    summary = store.save("tampered", game, play_time=12)
    body = json.loads(summary.path.read_text(encoding="utf-8"))
    assert body["log"][0]["choice"] == "ladder"
    body["log"][0]["choice"] = "no_such_choice"
    summary.path.write_text(dump_save(body), encoding="utf-8")
    return summary.path


async def test_undo_on_a_save_whose_log_disagrees_keeps_the_game(make_app: AppFactory, store: SaveStore) -> None:
    path = _save_with_a_log_that_disagrees(store)
    app = make_app(OK, load=str(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert (screen.session.view.scene, screen.session.view.turn) == ("aft", 3)
        await pilot.press("u")
        await pilot.pause()
        errors = _errors_shown(app)
        assert any("no_such_choice" in error for error in errors), errors
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        game = screen.session.game
        assert (game.scene.id, game.turn, len(game.log)) == ("aft", 3, 3)
        assert game.view() == screen.session.view
        # Play goes on from where it was.
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.view.scene == "bridge" and screen.session.view.turn == 4


async def test_load_of_a_game_that_cannot_be_drawn_shows_the_error(
    make_app: AppFactory, store: SaveStore, tmp_path: Path
) -> None:
    story = tmp_path / "story"
    shutil.copytree(OK, story)
    game = Game(load_story(story), 7)
    game.choose("ladder")
    path = store.save("at-the-bridge", game, play_time=3).path
    _edit(story / "story.yaml", "The bridge is {if lights}", "The bridge is {10 / (n - 2)} {if lights}")
    app = make_app(story, load=str(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        errors = _errors_shown(app)
        assert any("story.yaml:" in error and "division by zero" in error.lower() for error in errors), errors
        assert isinstance(app.screen_stack[0], TitleScreen) and len(app.screen_stack) == 2


async def test_a_reload_that_cannot_draw_the_current_scene_keeps_the_game(make_app: AppFactory, tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(OK, story)
    app = make_app(story, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.session.view.scene == "bridge"
        before = app.story
        _edit(story / "story.yaml", "The bridge is {if lights}", "The bridge is {10 / (n - 2)} {if lights}")
        await _reload(app, pilot)
        errors = _errors_shown(app)
        assert any("story.yaml:" in error and "division by zero" in error.lower() for error in errors), errors
        assert not any(note.message.startswith("The story was reloaded") for note in app._notifications)
        assert app.screen_stack[-2] is screen and app.story is before
        assert screen.session.view.scene == "bridge" and screen.session.view.turn == 1
        # Fixing the file closes the errors and carries the game over.
        _edit(story / "story.yaml", "{10 / (n - 2)} ", "")
        await _reload(app, pilot)
        assert isinstance(app.screen, GameScreen) and app.screen is not screen
        assert app.screen.session.view.scene == "bridge" and app.screen.session.view.turn == 1


async def _reload(app: ExceptionApp, pilot: Pilot[Any]) -> None:
    app.check_story_files()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
