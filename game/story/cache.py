"""A cache of loaded stories, keyed by the story's files and by the engine that read them.

Parsing and checking a large story costs seconds; an unchanged story loads
from here in a fraction of that. The cache is an optimization only: any
problem reading or writing it is a miss, and the story is loaded normally.

This module keeps the entries on disk: where they live, their names, the
bounded read of an untrusted entry, the atomic write, and pruning. What an
entry holds and how a story becomes one and back is ``game.story.cache_format``
(written by ``cache_encode``, read by ``cache_decode``): plain values and
indices, never a pickle.

Entries are keyed by the engine too (``engine_version``: a hash of the
sources of the story package, the entry layout included, and of the game's
version), so an upgraded or edited engine never reads an older engine's
entry, and no format number is kept by hand. Branch folders' paths are not
part of an entry: the loader sets the paths given on this run. Entries
unused for a while are pruned.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
import time
from itertools import islice
from pathlib import Path

from game.collector import gc_paused
from game.story.cache_decode import DamagedEntry, decode
from game.story.cache_encode import Unstorable, encode
from game.story.files import UnreadableFile, read_regular_file
from game.story.model import Story

__all__ = [
    "CACHE_ENV",
    "FORMAT_PACKAGE",
    "MAX_ENTRIES",
    "DamagedEntry",
    "Unstorable",
    "cache_dir",
    "decode",
    "encode",
    "engine_key",
    "engine_version",
    "prune",
    "read",
    "write",
]

#: The package whose sources define what a cached story is: the model, the loader, the expressions,
#: the YAML reader, and the entry layout (``cache_format``, ``cache_encode``, ``cache_decode``). Its
#: sources key every entry (``engine_version``).
FORMAT_PACKAGE = Path(__file__).resolve().parent
CACHE_ENV = "EXCEPTION_CACHE_DIR"
ENTRY_SUFFIX = ".story"
#: An entry larger than this is neither written nor read.
MAX_ENTRY_BYTES = 512 * 1024 * 1024
#: The most entries kept; the least recently used go first.
MAX_ENTRIES = 12
#: Entries unused for this long are removed.
MAX_AGE_SECONDS = 30 * 24 * 3600
#: A temporary file this old was left by an interrupted write (a live writer finishes in seconds).
STALE_TEMP_SECONDS = 3600
#: Pruning looks at no more than this many names in the cache folder.
MAX_NAMES_SCANNED = 10_000


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


# ------------------------------------------------------------------ the engine's version


def engine_version() -> str | None:
    """The key of this engine's entries: ``engine_key`` of ``FORMAT_PACKAGE`` and the game's version.

    The loader, the model, the expression language, the YAML reader and the
    entry layout are all in ``game.story``, which imports nothing else from the
    game that shapes a story (``game.collector`` only pauses the collector), so
    any change to them (an upgrade, a local edit) is a new key. None when the
    sources cannot be read (the cache is then off).
    """
    from game import __version__

    return engine_key(FORMAT_PACKAGE, __version__)


def engine_key(package: Path, version: str) -> str | None:
    """A hash of the version and of every Python source under ``package`` (by relative path); None if unreadable."""
    digest = hashlib.sha256(f"{version}\0".encode())
    try:
        for source in sorted(package.rglob("*.py")):
            digest.update(source.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(source.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


# ------------------------------------------------------------------- entries on disk


def _entry(fingerprint: str, engine: str) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    name = hashlib.sha256(f"{engine}\0{fingerprint}".encode()).hexdigest()
    return directory / (name + ENTRY_SUFFIX)


def read(fingerprint: str) -> Story | None:
    """The cached story with this fingerprint (with no branch paths), or None."""
    engine = engine_version()
    path = None if engine is None else _entry(fingerprint, engine)
    if engine is None or path is None:
        return None
    try:
        # A FIFO, a device or a link at the entry's path is refused before it is read (a FIFO would block).
        data = read_regular_file(path, MAX_ENTRY_BYTES, follow_links=False)
        with gc_paused():
            story = decode(data, fingerprint=fingerprint, engine=engine)
    except (OSError, UnreadableFile, DamagedEntry):
        return None
    except Exception:  # noqa: BLE001 - whatever else a damaged entry provokes, it is a miss
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return story


def write(fingerprint: str, story: Story) -> None:
    """Store a story (without its branch paths, which belong to each run); failures are ignored."""
    engine = engine_version()
    path = None if engine is None else _entry(fingerprint, engine)
    if engine is None or path is None:
        return
    try:
        data = encode(dataclasses.replace(story, branches=()), fingerprint=fingerprint, engine=engine)
        if len(data) > MAX_ENTRY_BYTES:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, Unstorable):
        return
    except Exception:  # noqa: BLE001 - the cache is optional
        return
    prune(path.parent, keep=path)


def _is_cache_file(name: str) -> bool:
    """Names this cache writes (and older versions wrote): nothing else in the folder is ever removed."""
    if name.startswith(".tmp-"):
        return True
    stem, _, suffix = name.partition(".")
    hex_name = len(stem) == 64 and all(ch in "0123456789abcdef" for ch in stem)
    if not hex_name:
        return False
    # Older versions: '<fingerprint>.v<N>.pickle'.
    return suffix == ENTRY_SUFFIX[1:] or (suffix.startswith("v") and suffix.endswith(".pickle"))


def prune(directory: Path, *, keep: Path | None = None, now: float | None = None) -> None:
    """Remove old pickles, leftover temporary files and all but the ``MAX_ENTRIES`` most recently used entries."""
    current = time.time() if now is None else now
    entries: list[tuple[float, Path]] = []
    try:
        with os.scandir(directory) as listing:
            for item in islice(listing, MAX_NAMES_SCANNED):
                if not _is_cache_file(item.name) or not item.is_file(follow_symlinks=False):
                    continue
                path = Path(item.path)
                age = current - item.stat(follow_symlinks=False).st_mtime
                if item.name.startswith(".tmp-"):
                    if age > STALE_TEMP_SECONDS:
                        path.unlink(missing_ok=True)
                elif not item.name.endswith(ENTRY_SUFFIX) or age > MAX_AGE_SECONDS:
                    if path != keep:
                        path.unlink(missing_ok=True)
                else:
                    entries.append((age, path))
        entries.sort(key=lambda aged: aged[0])
        for _, path in entries[MAX_ENTRIES:]:
            if path != keep:
                path.unlink(missing_ok=True)
    except OSError:
        return
