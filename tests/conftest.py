"""Shared fixtures: paths, an isolated story cache for every test, and Hypothesis without deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No test may depend on how fast the machine is: a loaded 2-core runner took 289 ms over a 200 ms deadline.
settings.register_profile("exception", deadline=None)
settings.load_profile("exception")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STORY = ROOT / "story"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own story cache, saves and settings (no test writes to the user's)."""
    monkeypatch.setenv("EXCEPTION_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("EXCEPTION_SAVES_DIR", str(tmp_path_factory.mktemp("saves")))
    monkeypatch.setenv("EXCEPTION_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
