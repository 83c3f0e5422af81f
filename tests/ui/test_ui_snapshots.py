"""Snapshot tests: how the screens look (fixed seed, typewriter off, fixed clocks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from ui_support import SHIP, ready

from game.engine import Game, load_story
from game.saves import SaveStore
from game.ui.app import ExceptionApp

AppFactory = Callable[..., ExceptionApp]


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press(*pressed)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # dialogs list the saves in a worker
        await pilot.pause()

    return run


def test_title(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys())


def test_game_lit(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys("n"))


def test_game_dark(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys("n", "2"))


def test_countdown_warning(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys("n", "2", "1", "1"))


def test_save_dialog(snap_compare: Any, make_app: AppFactory, store: SaveStore) -> None:
    game = Game(load_story(SHIP), 7)
    game.choose("corridor")
    store.save("in-the-corridor", game, play_time=754)
    assert snap_compare(make_app(), run_before=keys("n", "1", "s"))


def test_ending(snap_compare: Any, make_app: AppFactory) -> None:
    # The ending's prose comes first (see test_ui_reading_snapshots); Enter opens the card.
    assert snap_compare(make_app(), run_before=keys("n", "2", "2", "enter"))


def test_small_terminal(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys("n", "2"), terminal_size=(40, 12))


def test_small_title(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), run_before=keys(), terminal_size=(40, 12))
