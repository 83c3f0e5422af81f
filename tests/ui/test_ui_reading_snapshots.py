"""Snapshot tests of reading the game screen: a long scene, the ending's prose, small terminals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from ui_support import FIXTURES, SHIP, ready

from game.ui.app import ExceptionApp

AppFactory = Callable[..., ExceptionApp]
READING = FIXTURES / "ui_reading"


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press(*pressed)
        await pilot.pause()
        await pilot.pause()

    return run


def test_long_scene_with_more_marker(snap_compare: Any, make_app: AppFactory) -> None:
    """The top of a scene taller than the pane; "▼ more" in the rule above the choices."""
    assert snap_compare(make_app(READING), run_before=keys("n"), terminal_size=(100, 30))


def test_ending_prose_before_the_card(snap_compare: Any, make_app: AppFactory) -> None:
    """The ending's scene read to its last line; Enter (said on screen and in the footer) opens the card."""
    assert snap_compare(make_app(READING), run_before=keys("n", "2", "end"), terminal_size=(100, 30))


def test_game_80x24(snap_compare: Any, make_app: AppFactory) -> None:
    """80x24: the measure, the compact crew without a scrollbar, the choices in view."""
    assert snap_compare(make_app(READING), run_before=keys("n"), terminal_size=(80, 24))


def test_game_40x12(snap_compare: Any, make_app: AppFactory) -> None:
    """40x12: at least five lines of narrative above the choices."""
    assert snap_compare(make_app(READING), run_before=keys("n"), terminal_size=(40, 12))


def test_hub_revisited_wide(snap_compare: Any, make_app: AppFactory) -> None:
    """200x60: the text centred at 72 columns; back in the galley, what changed comes first."""
    assert snap_compare(make_app(READING), run_before=keys("n", "1", "1"), terminal_size=(200, 60))


def test_dark_scene_80x24(snap_compare: Any, make_app: AppFactory) -> None:
    """The ship fixture in the dark with the clock running, at 80x24."""
    assert snap_compare(make_app(SHIP), run_before=keys("n", "2"), terminal_size=(80, 24))
