"""UI test fixtures: isolated saves and config folders, fixed clocks, an app factory."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import SHIP, START, ticking_clock

from game.saves import SaveStore
from game.ui import AppOptions
from game.ui.app import ExceptionApp


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Saves and settings in temporary folders; UTC so times in snapshots never vary."""
    monkeypatch.setenv("EXCEPTION_SAVES_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("EXCEPTION_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("NO_COLOR", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def saves_dir(tmp_path: Path) -> Path:
    """The temporary saves folder."""
    return tmp_path / "saves"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """The temporary config folder, with the typewriter off unless a test says otherwise."""
    directory = tmp_path / "config"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "settings.json").write_text(json.dumps({"typewriter": False}), encoding="utf-8")
    return directory


@pytest.fixture
def store(saves_dir: Path) -> SaveStore:
    """A save store in the temporary folder with a predictable clock."""
    return SaveStore(saves_dir, clock=ticking_clock())


@pytest.fixture
def make_app(config_dir: Path, store: SaveStore) -> Callable[..., ExceptionApp]:
    """Build the app for a fixture story (seed 7, fixed clocks, typewriter off)."""

    def build(story: Path = SHIP, **options: Any) -> ExceptionApp:
        options.setdefault("seed", 7)
        return ExceptionApp(
            AppOptions(story, **options),
            clock=lambda: 100.0,
            now=lambda: START,
            config_dir=config_dir,
            store=store,
            load_delay=0,
        )

    return build
