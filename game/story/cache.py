"""A cache of loaded stories, keyed by the hash of their files' bytes.

Parsing and checking a large story costs seconds; an unchanged story loads
from here in a fraction of that. The cache is an optimization only: any
problem reading or writing it is ignored and the story is loaded normally.
Entries are unpickled with an allow-list of the story model's own classes,
so a tampered cache file cannot run code.
"""

from __future__ import annotations

import io
import os
import pickle
import tempfile
from pathlib import Path

from game.story.model import Story

#: Bump when the model or the loader's output changes shape.
CACHE_FORMAT = 1
CACHE_ENV = "EXCEPTION_CACHE_DIR"
_ALLOWED_MODULES = frozenset({"game.story.model", "game.story.expressions"})


def cache_dir() -> Path | None:
    """Where cached stories live: $EXCEPTION_CACHE_DIR, else the user cache dir."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("exception", appauthor=False)) / "stories"
    except Exception:  # noqa: BLE001 - an unusable home directory only disables the cache
        return None


class _StoryUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module in _ALLOWED_MODULES and not name.startswith("_"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a story")


def _entry(fingerprint: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"{fingerprint}.v{CACHE_FORMAT}.pickle"


def read(fingerprint: str) -> Story | None:
    """The cached story with this fingerprint, or None."""
    path = _entry(fingerprint)
    if path is None:
        return None
    try:
        data = path.read_bytes()
        story = _StoryUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - a missing or damaged entry is simply a miss
        return None
    if not isinstance(story, Story) or story.fingerprint != fingerprint:
        return None
    return story


def write(fingerprint: str, story: Story) -> None:
    """Store a story; failures are ignored."""
    path = _entry(fingerprint)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(story, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001 - the cache is optional
        return
