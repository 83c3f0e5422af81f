"""Issue 19's size rule: no source file of the game is over 500 lines, so each one can be read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
MAX_LINES = 500
SOURCES = sorted(GAME.rglob("*.py"))


def test_the_scan_sees_the_game_sources() -> None:
    names = {path.relative_to(GAME).as_posix() for path in SOURCES}
    assert {"cli.py", "story/loader.py", "engine/game.py", "ui/app.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.relative_to(GAME).as_posix())
def test_no_source_file_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"game/{path.relative_to(GAME).as_posix()} has {lines} lines (at most {MAX_LINES}):"
        " split it by role into modules named for what they do"
    )
