"""A cache of loaded stories, keyed by the hash of their files' bytes.

Parsing and checking a large story costs seconds; an unchanged story loads
from here in a fraction of that. The cache is an optimization only: any
problem reading or writing it is ignored and the story is loaded normally.
Entries are unpickled with an allow-list of the story model's own classes,
so a tampered cache file cannot run code.

A story is hundreds of thousands of small frozen dataclasses, and pickle
rebuilds each of those with a Python-level ``__setstate__``, which made a
cached load as slow as parsing. So an entry stores every model object as an
empty shell (created by pickle in C) plus, per class, one column of values
per field; reading fills the columns in with C-level ``map`` calls. Private
fields (a leading underscore, such as a compiled expression's closure) are
caches: they are not stored, and are rebuilt from their default factory.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import io
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any

from game.story.model import Story

#: Bump when the model or the loader's output changes shape.
CACHE_FORMAT = 5
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    The objects built (a story, its nodes, a machine) live on, so collecting
    while they are made only traverses them again and again; the collector's
    previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# A column of one class's objects: (class, instances, stored field names, one list of values per field).
_Column = tuple[type, list[object], tuple[str, ...], tuple[list[object], ...]]


def _stored_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))


def _same(value: object) -> object:
    return value


def _transient_fields(cls: type) -> list[tuple[str, Callable[[], object]]]:
    transient: list[tuple[str, Callable[[], object]]] = []
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            if f.default_factory is not dataclasses.MISSING:
                transient.append((f.name, f.default_factory))
            elif f.default is not dataclasses.MISSING:
                transient.append((f.name, partial(_same, f.default)))
            else:
                raise TypeError(f"{cls.__name__}.{f.name} has no default to rebuild it from")
    return transient


def _columns(story: Story) -> list[_Column] | None:
    """Every model object reachable from ``story``, by class; None if the story cannot be stored this way."""
    by_class: dict[type, tuple[list[object], tuple[str, ...], tuple[list[object], ...]]] = {}
    seen: set[int] = set()
    stack: list[object] = [story]
    while stack:
        obj = stack.pop()
        kind = type(obj)
        if kind is tuple or kind is list:
            stack.extend(obj)  # type: ignore[call-overload, arg-type]
        elif kind is dict:
            for key, value in obj.items():  # type: ignore[attr-defined]
                # A model object as a key would be hashed before its fields are filled in.
                if dataclasses.is_dataclass(key):
                    return None
                stack.append(value)
        elif kind in (str, int, float, bool, type(None)):
            continue
        elif dataclasses.is_dataclass(obj) and kind.__module__ in _ALLOWED_MODULES:
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            entry = by_class.get(kind)
            if entry is None:
                names = _stored_fields(kind)
                entry = by_class[kind] = ([], names, tuple([] for _ in names))
            instances, names, values = entry
            instances.append(obj)
            for name, column in zip(names, values, strict=True):
                value = getattr(obj, name)
                column.append(value)
                stack.append(value)
        else:
            return None  # sets, foreign classes: not expected in a story
    return [(kind, instances, names, values) for kind, (instances, names, values) in by_class.items()]


class _ShellPickler(pickle.Pickler):
    """Pickles model objects as empty shells (NEWOBJ, no state); their fields travel in the columns."""

    def reducer_override(self, obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and type(obj).__module__ in _ALLOWED_MODULES:
            return copyreg.__newobj__, (type(obj),)  # type: ignore[attr-defined]
        return NotImplemented


def _fill(columns: object) -> None:
    """Set every shell's fields from its class's columns, checking they fit the classes as they are now."""
    if not isinstance(columns, list):
        raise pickle.UnpicklingError("not a story cache entry")
    setter = object.__setattr__  # frozen dataclasses refuse plain setattr
    # Columns are consumed as they are filled in: the story and all of its columns
    # never need to be in memory at once.
    while columns:
        kind, instances, names, values = columns.pop()
        if not isinstance(kind, type) or kind.__module__ not in _ALLOWED_MODULES or names != _stored_fields(kind):
            raise pickle.UnpicklingError("the cache entry does not match the story model")
        if len(values) != len(names) or any(len(column) != len(instances) for column in values):
            raise pickle.UnpicklingError("a damaged cache entry")
        for name, column in zip(names, values, strict=True):
            slot = kind.__dict__.get(name)
            if type(slot) is _SLOT:
                deque(map(slot.__set__, instances, column), maxlen=0)  # type: ignore[union-attr]
            else:
                deque(map(setter, instances, repeat(name), column), maxlen=0)
            column.clear()
        for name, factory in _transient_fields(kind):
            deque(map(setter, instances, repeat(name), iter(factory, _NEVER)), maxlen=0)


#: The type of a ``__slots__`` field's descriptor, whose ``__set__`` bypasses a frozen class's ``__setattr__``.
_SLOT = type(Story.__dict__["id"])
#: A sentinel no factory returns: ``iter(factory, _NEVER)`` calls the factory forever.
_NEVER = object()


def _entry(fingerprint: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"{fingerprint}.v{CACHE_FORMAT}.pickle"


def read(fingerprint: str) -> Story | None:
    """The cached story with this fingerprint, or None."""
    path = _entry(fingerprint)
    if path is None:
        return None
    try:
        # Streamed from the file: the whole entry in memory beside the story it builds would raise the peak.
        with path.open("rb") as handle, gc_paused():
            story, columns = _StoryUnpickler(handle).load()
            if not isinstance(story, Story):
                return None
            _fill(columns)
    except Exception:  # noqa: BLE001 - a missing or damaged entry is simply a miss
        return None
    if story.fingerprint != fingerprint:
        return None
    return story


def write(fingerprint: str, story: Story) -> None:
    """Store a story; failures are ignored."""
    path = _entry(fingerprint)
    if path is None:
        return
    try:
        columns = _columns(story)
        if columns is None:
            return
        buffer = io.BytesIO()
        _ShellPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((story, columns))
        data = buffer.getvalue()
        path.parent.mkdir(parents=True, exist_ok=True)
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
