"""Snapshot tests: the clock in the dark at warning and critical, and a choice that runs the clock out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.pilot import Pilot
from ui_support import FIXTURES, ready

from game.ui.app import ExceptionApp
from game.ui.screens.game import GameScreen
from game.ui.widgets.choices import ChoiceList

AppFactory = Callable[..., ExceptionApp]
CLOCK = FIXTURES / "ui_clock"


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press(*pressed)
        await pilot.pause()
        await pilot.pause()

    return run


def test_dark_clock_warning(snap_compare: Any, make_app: AppFactory) -> None:
    # 8 min left of 14, the warning at 12: small digits at 80x24.
    assert snap_compare(make_app(CLOCK), run_before=keys("n", "1", "2"))


def test_dark_clock_critical(snap_compare: Any, make_app: AppFactory) -> None:
    # 3 min left, critical: large digits at 100x30.
    assert snap_compare(make_app(CLOCK), run_before=keys("n", "1", "2", "2"), terminal_size=(100, 30))


def test_choice_that_runs_the_clock_out(snap_compare: Any, make_app: AppFactory) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await keys("n", "1", "2", "2")(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GameScreen)
        view = screen.session.view
        # With 3 min left, wading (5) runs the clock out; sealing (3) stops it first.
        marked = tuple(replace(choice, expires=choice.id == "wade") for choice in view.choices)
        screen.query_one(ChoiceList).show(marked, unit=view.countdown.unit, taken=screen.reading.taken_in(view.scene))
        await pilot.pause()

    assert snap_compare(make_app(CLOCK), run_before=run, terminal_size=(100, 30))
