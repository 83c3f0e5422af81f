"""Pilot tests: every playthrough keeps its own autosave; Load lists, overwrites ask, deletes ask."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static
from ui_support import SHIP, ready

from game.engine import Game, load_story
from game.saves import SaveStore, SaveSummary
from game.ui.app import ExceptionApp
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.game import GameScreen
from game.ui.screens.load_dialog import LoadDialog
from game.ui.screens.replay import ReplayScreen
from game.ui.screens.save_dialog import SaveDialog
from game.ui.screens.title import TitleScreen
from game.ui.widgets.menu import Menu
from game.ui.widgets.slot_list import SlotList

AppFactory = Callable[..., ExceptionApp]


def saved_game(*choices: str) -> Game:
    game = Game(load_story(SHIP), 7)
    for choice in choices:
        game.choose(choice)
    return game


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers (the save listings) finish and their results be drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def autosaves(store: SaveStore) -> dict[str, SaveSummary]:
    return {summary.playthrough or "": summary for summary in store.list() if summary.is_autosave}


async def highlight(pilot: Pilot[Any], predicate: Callable[[SaveSummary], bool]) -> SaveSummary:
    """Move the dialog's slot list to the first save that matches."""
    slots = pilot.app.screen.query_one(SlotList)
    for index in range(slots.option_count):
        summary = slots.summary_of(slots.get_option_at_index(index).id)
        if summary is not None and predicate(summary):
            slots.focus()
            slots.highlighted = index
            await pilot.pause()
            return summary
    raise AssertionError("no such save in the list")


async def leave_to_title(pilot: Pilot[Any]) -> None:
    await pilot.press("q")
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmDialog):
        await pilot.press("y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TitleScreen)


def game_screen(app: ExceptionApp) -> GameScreen:
    assert isinstance(app.screen, GameScreen), f"expected the game screen, got {type(app.screen).__name__}"
    return app.screen


async def test_a_new_game_a_load_and_a_take_over_keep_three_autosaves(make_app: AppFactory, store: SaveStore) -> None:
    store.save("waiting", saved_game("cut", "wait"), play_time=60)
    store.save("a path", saved_game("corridor", "lewis_eyes", "reach", "cut"), play_time=30)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        # 1. A new game, one turn.
        await pilot.press("n", "1")
        await pilot.pause()
        first = game_screen(app).session.playthrough
        assert autosaves(store)[first].turn == 1
        await leave_to_title(pilot)
        # 2. Load a named save and play a turn: a playthrough of its own.
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadDialog)
        await highlight(pilot, lambda summary: summary.slot == "waiting")
        await pilot.press("enter")
        await pilot.pause()
        second = game_screen(app).session.playthrough
        assert second != first
        await pilot.press("1")
        await pilot.pause()
        turns = {playthrough: summary.turn for playthrough, summary in autosaves(store).items()}
        assert turns == {first: 1, second: 3}
        await leave_to_title(pilot)
        # 3. Replay a save and take over from turn 1: a third playthrough.
        title = app.screen
        assert isinstance(title, TitleScreen)
        title.action_pick("replay")
        await settle(pilot)
        await highlight(pilot, lambda summary: summary.slot == "a path")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("right", "t")
        await pilot.pause()
        third = game_screen(app).session.playthrough
        await pilot.press("1")
        await pilot.pause()
        turns = {playthrough: summary.turn for playthrough, summary in autosaves(store).items()}
        assert turns == {first: 1, second: 3, third: 2}
        # Nothing of the player's own was touched.
        assert store.read("waiting").turn == 2
        await leave_to_title(pilot)
        # Continue opens the most recent: the game taken over from the replay.
        assert title.query_one("#menu", Menu).is_enabled("continue")
        await pilot.press("c")
        await settle(pilot)
        screen = game_screen(app)
        assert screen.session.playthrough == third
        assert screen.session.view.turn == 2
        await pilot.press("1")
        await pilot.pause()
        # Continuing an autosave plays on in the same playthrough: still three autosaves.
        turns = {playthrough: summary.turn for playthrough, summary in autosaves(store).items()}
        assert turns == {first: 1, second: 3, third: 3}


async def test_load_lists_autosaves_and_named_saves_with_time_scene_and_turn(
    make_app: AppFactory, store: SaveStore
) -> None:
    store.save("waiting", saved_game("cut", "wait"), play_time=60)
    store.autosave(saved_game("corridor"), play_time=5, playthrough="0123456789ab")
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("l")
        await settle(pilot)
        slots = app.screen.query_one(SlotList)
        shown = [str(slots.get_option_at_index(index).prompt) for index in range(slots.option_count)]
        assert len(shown) == 2
        autosave, named = shown  # newest first
        assert autosave.startswith("Autosave  Corridor C")
        assert named.startswith("waiting  The Bay, Dark")
        for text, summary in zip(shown, store.list(), strict=True):
            assert f"turn {summary.turn}" in text
            assert summary.updated.strftime("%Y-%m-%d %H:%M") in text


async def test_saving_over_a_named_slot_asks_first(make_app: AppFactory, store: SaveStore) -> None:
    store.save("waiting", saved_game("cut", "wait"), play_time=60)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "s")
        await settle(pilot)
        assert isinstance(app.screen, SaveDialog)
        app.screen.query_one("#slot-name", Input).value = "waiting"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Overwrite the save 'waiting'?" in str(app.screen.query_one(".dialog-title", Static).render())
        assert "The Bay, Dark, turn 2" in str(app.screen.query_one(".dialog-hint", Static).render())
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        assert store.read("waiting").turn == 2
        # Picking the slot from the list asks too; yes overwrites.
        await highlight(pilot, lambda summary: summary.slot == "waiting")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert store.read("waiting").turn == 1
        # A new name does not ask.
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#slot-name", Input).value = "ナイン"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert {summary.slot for summary in store.list() if not summary.is_autosave} == {"waiting", "ナイン"}


async def test_the_name_of_the_autosaves_is_refused_with_a_reason(make_app: AppFactory, store: SaveStore) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "s")
        await settle(pilot)
        app.screen.query_one("#slot-name", Input).value = "Autosave"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)  # still open, to type another name
        assert any("automatic saves" in str(notice.message) for notice in app._notifications)


async def test_deleting_a_save_asks_first_and_deletes(make_app: AppFactory, store: SaveStore) -> None:
    waiting = store.save("waiting", saved_game("cut", "wait"), play_time=60)
    corridor = store.save("corridor", saved_game("corridor"), play_time=60)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("l")
        await settle(pilot)
        await highlight(pilot, lambda summary: summary.slot == "waiting")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete 'waiting'?" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        assert waiting.path.exists()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        assert not waiting.path.exists()
        assert corridor.path.exists()
        slots = app.screen.query_one(SlotList)
        assert [summary.slot for summary in slots.summaries.values()] == ["corridor"]
        # The last one too: the dialog then says there are none.
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not corridor.path.exists()
        assert "No saves yet" in str(app.screen.query_one("#saves-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert not app.screen.query_one("#menu", Menu).is_enabled("continue")


class SlowStore(SaveStore):
    """A store whose listing waits until the test lets it go (a huge folder, a slow drive)."""

    def __init__(self, directory: Path, clock: Callable[[], datetime]) -> None:
        super().__init__(directory, clock=clock)
        self.slow = False
        self.release = threading.Event()

    def list(self) -> list[SaveSummary]:
        if self.slow:
            self.release.wait(timeout=5)
        return super().list()


async def test_the_dialogs_list_the_saves_off_the_ui_thread(
    make_app: AppFactory, saves_dir: Path, config_dir: Path
) -> None:
    from ui_support import START, ticking_clock

    from game.ui import AppOptions

    store = SlowStore(saves_dir, ticking_clock())
    store.save("waiting", saved_game("cut", "wait"), play_time=60)
    app = ExceptionApp(
        AppOptions(SHIP, seed=7),
        clock=lambda: 100.0,
        now=lambda: START,
        config_dir=config_dir,
        store=store,
        load_delay=0,
    )
    async with app.run_test() as pilot:
        await ready(pilot)
        store.slow = True
        await pilot.press("l")
        await pilot.pause()
        # The dialog is up and answers keys while the listing is still being read.
        assert isinstance(app.screen, LoadDialog)
        assert "Reading the saves" in str(app.screen.query_one("#saves-status", Static).render())
        assert not store.release.is_set()
        store.release.set()
        await settle(pilot)
        assert [summary.slot for summary in app.screen.query_one(SlotList).summaries.values()] == ["waiting"]


# ---------------------------------------------------------------- snapshots


def test_load_dialog_snapshot(snap_compare: Any, make_app: AppFactory, store: SaveStore) -> None:
    store.save("before the dark", saved_game("corridor"), play_time=754)
    store.save("ナイン", saved_game("cut", "wait"), play_time=3700)
    store.autosave(saved_game("corridor", "lewis_eyes"), play_time=95, playthrough="0123456789ab")

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(make_app(), run_before=run)


def test_overwrite_question_snapshot(snap_compare: Any, make_app: AppFactory, store: SaveStore) -> None:
    store.save("waiting", saved_game("cut", "wait"), play_time=60)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("n", "1", "s")
        await settle(pilot)
        pilot.app.screen.query_one("#slot-name", Input).value = "waiting"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), run_before=run)
