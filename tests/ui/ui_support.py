"""Helpers shared by the UI tests (fixtures live in conftest.py)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHIP = FIXTURES / "ui_ship"
BROKEN = FIXTURES / "ui_broken"
START = datetime(2031, 5, 4, 12, 0, tzinfo=UTC)


def ticking_clock() -> Callable[[], datetime]:
    """A clock that moves one minute forward each time it is read."""
    counter = itertools.count()
    return lambda: START + timedelta(minutes=next(counter))


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until the story has loaded and the screen has settled."""
    app: Any = pilot.app
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.story is not None or app.story_errors:
            break
    await pilot.pause()
    await pilot.pause()
