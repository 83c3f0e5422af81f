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
        assert any("story.yaml:14:12:" in error and "division by zero" in error.lower() for error in errors), errors
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
        assert screen.is_active
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
        assert app.screen_stack[-2:-1] == [screen] and app.story is before
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


# ------------------------------------------------------------ fast random keys

#: Keys a player (or a cat, or a terminal's escape sequences and pastes) sends; ctrl+p and the page keys most.
RANDOM_KEYS: tuple[str, ...] = (
    *("ctrl+p",) * 6,
    *("escape",) * 5,
    *("pagedown", "pageup") * 3,
    "up",
    "down",
    "home",
    "end",
    "enter",
    "tab",
    "shift+tab",
    "space",
    "backspace",
    "slash",
    "question_mark",
    *"123456789",
    *"abcdefghijklmnopqrstuvwxyz",
)
NAMED_CHARACTERS = {"escape": "\x1b", "enter": "\r", "tab": "\t", "space": " ", "slash": "/", "question_mark": "?"}


def _stay(app: ExceptionApp) -> list[int]:
    """Leaving (Quit, Ctrl+C, the palette's Quit) counted instead of done; returns the count."""
    quits: list[int] = []

    def exit_game(code: int = 0) -> None:
        app.flush_autosaves()
        quits.append(code)

    async def action_quit() -> None:
        exit_game(0)

    app.exit_game = exit_game  # type: ignore[method-assign]
    app.action_quit = action_quit  # type: ignore[method-assign]
    return quits


def _key_event(key: str) -> Any:
    from textual import events

    character = NAMED_CHARACTERS.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


@pytest.mark.parametrize("seed", [13, 2026])  # both crashed with KeyError: 0 before GamePalette
async def test_thousands_of_random_keys_never_crash_the_ui(make_app: AppFactory, seed: int) -> None:
    import random

    from textual import events

    chooser = random.Random(seed)
    app = make_app(OK)
    _stay(app)
    sent = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        driver = app._driver
        assert driver is not None
        while sent < 1500 and app.is_running:
            # A burst sent as fast as a terminal delivers it, then the UI catches up.
            for _ in range(chooser.choice((1, 1, 2, 3, 5, 8, 20))):
                if chooser.random() < 0.03:
                    event: events.Event = events.Paste(chooser.choice(("1", "save", "undo\n", "x" * 40, "\x1b[6~")))
                else:
                    event = _key_event(chooser.choice(RANDOM_KEYS))
                event.set_sender(app)
                driver.send_message(event)
                sent += 1
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running, f"the app stopped after {sent} keys"
    assert sent >= 1500


async def _burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys sent together, as a terminal delivers a fast typist's (or a paste's) input."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = _key_event(key)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def _open_game(pilot: Pilot[Any]) -> GameScreen:
    await ready(pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, GameScreen)
    return screen


@pytest.mark.parametrize(
    ("keys", "what"),
    [
        (("ctrl+p", "pagedown"), "PageDown before the palette's list is laid out (KeyError: 0)"),
        (("ctrl+p", "pageup", "pagedown", "pagedown"), "page keys before layout"),
        (("ctrl+p", "escape", "ctrl+p", "escape", "ctrl+p"), "palettes opened while the last one closes"),
    ],
)
async def test_palette_keys_in_one_burst(make_app: AppFactory, keys: tuple[str, ...], what: str) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_game(pilot)
        await _burst(pilot, *keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running, what
        assert screen in app.screen_stack, what


async def test_a_second_enter_on_a_closing_palette_does_not_pop_the_game(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_game(pilot)
        await pilot.press("ctrl+p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Enter on a command, and a second Enter before the palette has gone: Textual's palette
        # closed itself again, popping the game screen under it (the title came back, the game lost).
        await _burst(pilot, "down", "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert screen in app.screen_stack, [type(shown).__name__ for shown in app.screen_stack]
        assert not isinstance(app.screen, TitleScreen)


async def _palette_names(app: ExceptionApp, pilot: Pilot[Any]) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await app.workers.wait_for_complete()
    await pilot.pause()
    command_list = app.screen.query_one(CommandList)
    names = [
        str(command_list.get_option_at_index(index).prompt).split("\n")[0] for index in range(command_list.option_count)
    ]
    await pilot.press("escape")
    await pilot.pause()
    return names


async def test_the_palette_lists_each_action_once(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        title = app.screen
        assert isinstance(title, TitleScreen)
        names = await _palette_names(app, pilot)
        assert sorted(names) == sorted(name for name, _, _ in title.palette_commands())
        assert len(names) == len(set(names))
        screen = await _open_game(pilot)
        names = await _palette_names(app, pilot)
        assert sorted(names) == sorted(name for name, _, _ in screen.palette_commands())
        assert "Theme" not in names and "Quit" not in names and "Keys" not in names


async def _at_the_ending(pilot: Pilot[Any]) -> GameScreen:
    from game.ui.screens.ending import EndingScreen

    screen = await _open_game(pilot)
    await pilot.press("2")  # the ladder, to the bridge
    await pilot.pause()
    await pilot.press("1")  # read the line: the ending's prose
    await pilot.pause()
    await pilot.press("enter")  # then the card
    await pilot.pause()
    assert isinstance(pilot.app.screen, EndingScreen)
    return screen


@pytest.mark.parametrize(
    ("opening", "burst"),
    [
        (("s",), ("enter", "escape")),  # the save dialog: Enter saves, Escape cancels
        (("1", "q"), ("y", "escape")),  # leave this game? yes, and Escape
    ],
    ids=["save-enter-escape", "confirm-yes-escape"],
)
async def test_a_dialog_answered_twice_in_one_burst_closes_once(
    make_app: AppFactory, opening: tuple[str, ...], burst: tuple[str, ...]
) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_game(pilot)
        for key in opening:
            await pilot.press(key)
            await pilot.pause()
        assert app.screen is not screen
        await _burst(pilot, *burst)
        assert app.is_running
        # The second answer reached a dialog already closed: it must not close what is under it.
        if burst[0] == "y":
            assert [type(shown) for shown in app.screen_stack] == [TitleScreen]
        else:
            assert app.screen is screen, [type(shown).__name__ for shown in app.screen_stack]
        if burst == ("enter", "escape"):
            assert not list(app.store.list())  # Escape went first: nothing saved, nothing saved twice


async def test_two_undos_on_the_ending_step_back_once(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_the_ending(pilot)
        await _burst(pilot, "u", "u")
        assert app.is_running
        # The first u leaves the ending; the second reaches the game, which steps back again.
        assert app.screen is screen, [type(shown).__name__ for shown in app.screen_stack]
        assert (screen.session.view.scene, screen.session.view.turn) == ("bay", 0)


async def test_a_game_replaced_before_it_was_drawn(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # Two new games in one instant (n twice on the ending card, a palette command and a
        # key): the first game screen is popped before it has mounted its widgets.
        app.new_game()
        app.new_game()
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert [type(shown) for shown in app.screen_stack] == [TitleScreen, GameScreen]


async def test_quitting_as_a_game_opens_is_not_a_traceback(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.new_game()  # n and Ctrl+C in one burst: the game screen mounts while the app closes
        await app.action_quit()
    assert app.return_code == 0


async def test_a_burst_of_typing_in_the_palette_starts_one_search_not_one_a_key(make_app: AppFactory) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_game(pilot)
        await pilot.press("ctrl+p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        palette = app.screen
        searches: list[str] = []
        search = palette._gather_commands  # type: ignore[attr-defined]

        def counted(value: str) -> Any:
            searches.append(value)
            return search(value)

        palette._gather_commands = counted  # type: ignore[attr-defined]
        await _burst(pilot, *("s", "a", "v", "e") * 100)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is palette
        # Textual's palette started (and cancelled) a search for each of the 400 keys.
        assert 1 <= len(searches) <= 5, len(searches)
        assert searches[-1] == "save" * 100


async def test_a_choice_queued_behind_ctrl_c_is_not_played_after_the_last_autosave(
    make_app: AppFactory, store: SaveStore
) -> None:
    app = make_app(OK)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        await app.action_quit()  # Ctrl+C: the autosave is written, the app starts closing
        screen.action_number(1)  # a key typed just before it, handled after
    assert app.return_code == 0
    assert screen.session.view.turn == 1
    latest = store.latest()
    assert latest is not None and latest.turn == 1


async def test_replay_of_a_story_whose_start_cannot_be_drawn(
    make_app: AppFactory, store: SaveStore, tmp_path: Path
) -> None:
    story = tmp_path / "story"
    shutil.copytree(OK, story)
    path = store.save("start", Game(load_story(story), 7), play_time=1).path
    _edit(story / "story.yaml", "Pressure is at {10 / n}", "Pressure is at {10 / (n - 2)}")
    app = make_app(story, replay=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        errors = _errors_shown(app)
        assert any("story.yaml:" in error and "division by zero" in error for error in errors), errors
        assert isinstance(app.screen_stack[0], TitleScreen) and len(app.screen_stack) == 2
