"""Studio test fixtures (imported with ``from studio_fixtures import *``): a story copy, a clock the test moves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from studio_support import MakeApp, ManualClock

from game.studio.app import StudioApp
from game.studio.options import StudioOptions

REPO_STORY = Path(__file__).resolve().parents[2] / "story"

__all__ = ["clock", "make_app", "story_copy", "studio_dirs"]


@pytest.fixture(autouse=True)
def studio_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXCEPTION_STUDIO_DIR", str(tmp_path / "studio-data"))
    monkeypatch.setenv("EXCEPTION_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("EXCEPTION_SAVES_DIR", str(tmp_path / "saves"))


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    """The bundled story copied to a temporary folder (tests never write into the repository's story/)."""
    target = tmp_path / "story"
    shutil.copytree(REPO_STORY, target, ignore=shutil.ignore_patterns("branches"))
    return target


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_app(story_copy: Path, clock: ManualClock, tmp_path: Path) -> MakeApp:
    def make(open_file: str | None = "act1_printing.yaml", line: int = 1, **extra: object) -> StudioApp:
        options = StudioOptions(
            story=story_copy,
            open_file=story_copy / open_file if open_file else None,
            open_line=line,
            data_dir=tmp_path / "studio-data",
            clock=clock,
            **extra,  # type: ignore[arg-type]
        )
        return StudioApp(options)

    return make
