"""Snapshots of the screens around the game: the title, the ending card, the gallery with a hint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from test_ui_screens import SCREENS, played, with_hints
from textual.pilot import Pilot
from textual.widgets import OptionList
from ui_support import SHIP, ready

from game.engine import load_story
from game.saves import SaveStore
from game.ui.app import ExceptionApp
from game.ui.screens.ending import EndingScreen
from game.ui.session import Session

AppFactory = Callable[..., ExceptionApp]


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


def test_title_with_a_game_to_continue(snap_compare: Any, make_app: AppFactory, store: SaveStore) -> None:
    store.autosave(played(load_story(SHIP), "corridor"), play_time=60)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)

    assert snap_compare(make_app(), run_before=run, terminal_size=(100, 30))


def test_ending_card(snap_compare: Any, make_app: AppFactory) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app: Any = pilot.app
        game = played(app.story, "wait", "wait", "down", "follow")
        await app.push_screen(EndingScreen(Session.resumed(app.story, game, clock=app.clock), new_find=True))
        await _settle(pilot)

    assert snap_compare(make_app(SCREENS), run_before=run)


def test_gallery_with_a_hint(snap_compare: Any, make_app: AppFactory) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app: Any = pilot.app
        app.story = with_hints(app.story, {"sound": "Someone has to trust you three times."})
        app.record_ending(app.story, played(app.story, "cut", "run"))
        await pilot.press("e")
        await _settle(pilot)
        app.screen.query_one("#gallery-list", OptionList).highlighted = 1
        await _settle(pilot)

    assert snap_compare(make_app(), run_before=run)
