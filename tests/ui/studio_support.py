"""Helpers the studio tests share."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from game.studio.app import StudioApp
from game.studio.screens.studio import StudioScreen


class ManualClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


#: The ``make_app`` fixture: ``make_app(open_file="act1_printing.yaml", line=1)`` builds a studio on the story copy.
MakeApp = Callable[..., StudioApp]


async def checked(pilot: Pilot[None], clock: ManualClock) -> StudioScreen:
    """Let typing pause past the check delay, run the check, and wait for it to be shown."""
    app = pilot.app
    assert isinstance(app, StudioApp)
    screen = app.studio
    await pilot.pause()  # the editor's Changed messages first
    clock.advance(5.0)
    screen.tick()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def line_index(text: str, needle: str) -> int:
    """The 0-based row of the first line containing ``needle``."""
    for row, line in enumerate(text.splitlines()):
        if needle in line:
            return row
    raise AssertionError(f"no line contains {needle!r}")
