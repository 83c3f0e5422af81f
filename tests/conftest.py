"""Shared fixtures: paths, and an isolated story cache for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STORY = ROOT / "story"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own story cache, saves and settings (no test writes to the user's)."""
    monkeypatch.setenv("EXCEPTION_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("EXCEPTION_SAVES_DIR", str(tmp_path_factory.mktemp("saves")))
    monkeypatch.setenv("EXCEPTION_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
