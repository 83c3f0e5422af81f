"""Snapshots of the studio's main layout at 120x40 and 80x24: a mistake listed, the story playing beside it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from studio_fixtures import *  # noqa: F403
from studio_support import MakeApp, ManualClock, checked, line_index
from textual.pilot import Pilot

from game.studio.app import StudioApp


async def _author_at_work(pilot: Pilot[Any], clock: ManualClock) -> None:
    app = pilot.app
    assert isinstance(app, StudioApp)
    screen = await checked(pilot, clock)
    await pilot.press("f2")
    editor = screen.editor
    assert editor is not None
    editor.cursor_blink = False
    editor.focus()
    editor.go_to(line_index(editor.text, "title: The Cradle") + 1, 1)
    await pilot.press("end", "enter", *"    colour: red")
    screen = await checked(pilot, clock)
    # The check's duration varies from run to run: the picture shows it as 0 ms.
    assert screen.last_check is not None
    screen.show_check(dataclasses.replace(screen.last_check, seconds=0.0))
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_layout(snap_compare: Any, make_app: MakeApp, clock: ManualClock, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await _author_at_work(pilot, clock)

    assert snap_compare(make_app(), run_before=run, terminal_size=size)
