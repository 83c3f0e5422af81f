"""Snapshot tests: the clock in the dark at warning and critical, and a choice that runs the clock out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from ui_support import FIXTURES, ready

from game.ui.app import ExceptionApp

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
    # 3 min left at 80x24: wading spends the last of it and says so; sealing stops the clock first.
    assert snap_compare(make_app(CLOCK), run_before=keys("n", "1", "2", "2"))
