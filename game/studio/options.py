"""What the studio is started with."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The studio keeps its journal of unsaved buffers here when set (tests, several setups side by side).
STUDIO_DIR_ENV = "EXCEPTION_STUDIO_DIR"


def studio_data_dir() -> Path:
    """$EXCEPTION_STUDIO_DIR, else the per-user state folder's ``studio``."""
    override = os.environ.get(STUDIO_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("exception", appauthor=False)) / "studio"


@dataclass(frozen=True, slots=True)
class StudioOptions:
    """The story, its branches, the file to open first and the studio's data folder."""

    story: Path
    branches: tuple[Path, ...] = ()
    open_file: Path | None = None
    open_line: int = 1
    data_dir: Path = field(default_factory=studio_data_dir)
    #: Seconds, monotonic: when typing paused and when to check (tests pass a clock they move).
    clock: Callable[[], float] = time.monotonic
    #: Seconds after the last keystroke before the story is checked.
    check_delay: float = 0.4
    #: Seconds between journal writes of unsaved buffers while typing.
    journal_delay: float = 1.0
    #: Seconds the deep check may explore before it reports what it covered.
    deep_time_limit: float = 10.0
