"""The autosave is written after the scene is drawn, and Ctrl+C right after a choice still keeps it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui_support import ready

from game.saves import read_save
from game.ui.app import ExceptionApp
from game.ui.screens.game import GameScreen

AppFactory = Callable[..., ExceptionApp]


async def test_ctrl_c_right_after_a_choice_keeps_that_turn(make_app: AppFactory, saves_dir: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        screen.take("corridor")
        # The autosave waits for the next frame; leaving before it must not lose the turn.
        assert screen.autosave_pending
        await app.action_quit()
    (autosave,) = saves_dir.glob("autosave-*.json")
    assert read_save(autosave).turn == 1


async def test_the_autosave_follows_the_drawn_turn(make_app: AppFactory, saves_dir: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert not screen.autosave_pending
        assert read_save(saves_dir / f"autosave-{screen.session.playthrough}.json").turn == 1
