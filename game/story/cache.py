"""A cache of loaded stories, keyed by the story's files and by the engine that read them.

Parsing and checking a large story costs seconds; an unchanged story loads
from here in a fraction of that. The cache is an optimization only: any
problem reading or writing it is a miss, and the story is loaded normally.

An entry is untrusted input like any other file, so its format cannot run
code whatever its bytes: there is no pickle and nothing is looked up by a
name the file gives beyond a fixed table of the story model's own classes.
An entry is plain values and indices:

* ``MAGIC``, then the SHA-256 of everything after it (a flipped bit, a
  truncated write, a stray byte: a miss, never a different story);
* a small JSON header: the engine version, the story's fingerprint, and the
  layout below;
* every distinct string, joined by NUL characters (one decode and one split
  to read them all);
* one JSON list of the other distinct scalars (numbers, booleans, null) and
  the columns of those written inline;
* one array of unsigned 32-bit integers (little-endian) that rebuilds the
  rest. Every value in a story (a scalar, a model object, a tuple, a list or
  a dict) has an index in one table: the strings and other scalars first,
  then one empty shell per model object (grouped by class), then the
  containers. Containers are grouped by nesting level, kind and length, so
  each group is built by one C-level call from what is already built. A
  model object's fields are one column per field: indices, a run of
  consecutive indices, small whole numbers as they are, or inline JSON
  values; each column is set on all of a class's shells with C-level ``map``
  calls (a large story is hundreds of thousands of objects, and a Python
  loop over them would cost as much as parsing).

Reading builds nothing but strings, numbers, booleans, None, tuples, lists,
dicts and instances of the model's own dataclasses, whatever the bytes say.

The fields stored are each class's dataclass fields, found at run time, so a
field added to the model needs no code here. Private fields (a leading
underscore, such as a compiled expression's closure) are caches: they are
not stored, and are rebuilt from their default.

Entries are keyed by the engine too (``engine_version``: a hash of the
sources of the story package, this module and its entry layout included, and
of the game's version), so an upgraded or edited engine never reads an older
engine's entry, and no format number is kept by hand. Branch folders' paths are not part of an entry: the loader
sets the paths given on this run. Entries unused for a while are pruned.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import struct
import sys
import tempfile
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain, groupby, islice, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from game.collector import gc_paused
from game.story import expressions as _expressions
from game.story import model as _model
from game.story.files import UnreadableFile, read_regular_file
from game.story.model import Story

#: The package whose sources define what a cached story is: the model, the loader, the expressions,
#: the YAML reader, and this module (the entry layout). Its sources key every entry (``engine_version``).
FORMAT_PACKAGE = Path(__file__).resolve().parent
CACHE_ENV = "EXCEPTION_CACHE_DIR"
MAGIC = b"exception story cache\n"
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
_HEADER_LIMIT = 1 << 20
_CHECKSUM = 32
_INDEX = struct.Struct("<I")
_MAX_INDEX = 2**32 - 1
_SCALAR_SET = frozenset({str, int, float, bool, type(None)})
_INLINE_SET = _SCALAR_SET - {str}
#: Joins the string table: a story string holding it is not cached (the YAML reader refuses NUL bytes
#: in files, so only a quoted escape can make one).
_SEPARATOR = "\0"
_CONTAINERS: dict[type, str] = {tuple: "tuple", list: "list", dict: "dict"}
_CONTAINER_NAMES: dict[str, type] = {name: kind for kind, name in _CONTAINERS.items()}


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


def _known_classes() -> dict[str, type]:
    """The only classes an entry can name: the public dataclasses of the story model and expressions."""
    known: dict[str, type] = {}
    for module in (_model, _expressions):
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                # Defined in the module, or in one of its modules (the expressions are a package).
                and (value.__module__ + ".").startswith(module.__name__ + ".")
                and not name.startswith("_")
            ):
                known[f"{module.__name__}.{name}"] = value
    return known


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


# ------------------------------------------------------------------------- writing


class _Unstorable(Exception):
    """The story holds a value this format does not store (it is then not cached)."""


def _scalar_key(value: object) -> tuple[type, str]:
    # Keyed by type and text, so that 1, 1.0 and True, or 0.0 and -0.0, stay distinct.
    return type(value), repr(value)


def encode(story: Story, *, fingerprint: str, engine: str) -> bytes:
    """The entry for ``story``; raises _Unstorable if it holds a value the format does not store.

    A story is hundreds of thousands of objects: the work is done a column at a time with C-level
    ``map``/``zip``/``dict`` calls, not a Python call per value.
    """
    known = {cls: name for name, cls in _known_classes().items()}
    fields_of = {cls: _stored_fields(cls) for cls in known}
    objects, containers = _discover(story, known, fields_of)

    # Containers are built level by level (a level refers only to lower ones), and within a level by
    # kind and length, so that each group is built by one C-level call.
    levels = _container_levels(containers)
    group_keys = list(
        zip(
            map(levels.__getitem__, map(id, containers)),
            map(_CONTAINERS.__getitem__, map(type, containers)),
            map(len, containers),
            strict=True,
        )
    )
    order = sorted(range(len(containers)), key=group_keys.__getitem__)
    containers = list(map(containers.__getitem__, order))
    group_keys = list(map(group_keys.__getitem__, order))
    items = _flatten(containers)
    partitions: dict[int, dict[type, list[object]]] = {}

    def partition(values: list[object]) -> dict[type, list[object]]:
        # Each list is split by type once, however often it is looked at (they live until the end).
        found = partitions.get(id(values))
        if found is None:
            found = partitions[id(values)] = _by_kind(values)
        return found

    classes, columns = _in_reading_order(objects, items, fields_of, partition)

    # How each column is written: small whole numbers as they are ("n"), other numbers, booleans and
    # nulls inline ("v"), anything else by index ("i", or "r" for a run of consecutive indices).
    layouts: dict[type, list[str]] = {}
    referenced: list[list[object]] = [items]
    for cls in classes:
        layouts[cls] = []
        for values in columns[cls]:
            kinds = partition(values).keys()
            if kinds == {int} and min(values) >= 0 and max(values) <= _MAX_INDEX:  # type: ignore[type-var, operator]
                layouts[cls].append("n")
            elif kinds <= _INLINE_SET:
                layouts[cls].append("v")
            else:
                layouts[cls].append("i")
                referenced.append(values)

    # Scalars get their indices in the order the reader first meets them, so that the reader's string
    # table is laid out in memory in the order it is used (reading a large story is memory-bound).
    first_seen: dict[int, object] = {}
    for values in referenced:
        for kind, same in partition(values).items():
            if kind in _SCALAR_SET:
                first_seen.update(zip(map(id, same), same, strict=True))
    string_order: dict[str, int] = {}
    other_order: dict[tuple[type, str], int] = {}
    scalars: list[object] = []
    for value in first_seen.values():
        if type(value) is str:
            string_order.setdefault(value, len(string_order))  # type: ignore[arg-type]
        else:
            key = _scalar_key(value)
            if key not in other_order:
                other_order[key] = len(scalars)
                scalars.append(value)
    shift = len(string_order)
    index: dict[int, int] = {}
    for ident, value in first_seen.items():
        index[ident] = string_order[value] if type(value) is str else shift + other_order[_scalar_key(value)]  # type: ignore[index]
    position = shift + len(scalars)
    for cls in classes:
        instances = objects[cls]
        index.update(zip(map(id, instances), range(position, position + len(instances)), strict=True))
        position += len(instances)
    index.update(zip(map(id, containers), range(position, position + len(containers)), strict=True))
    position += len(containers)
    if position > _MAX_INDEX:
        raise _Unstorable("too many values")
    index_of = index.__getitem__

    def indices(values: list[object]) -> array[int]:
        return array("I", map(index_of, map(id, values)))

    groups = [[kind_name, length, sum(1 for _ in run)] for (_, kind_name, length), run in groupby(group_keys)]
    ints = indices(items)
    class_table: list[list[object]] = []
    inline_columns: list[list[object]] = []
    for cls in classes:
        layout: list[list[object]] = []
        for name, how, values in zip(fields_of[cls], layouts[cls], columns[cls], strict=True):
            if how == "n":
                layout.append([name, how])  # lines, columns, offsets: read back as they are
                ints.extend(values)  # type: ignore[arg-type]
            elif how == "v":
                layout.append([name, how])
                inline_columns.append(values)
            else:
                column = indices(values)
                first = column[0]
                if column == array("I", range(first, first + len(column))):
                    # Objects referred to once each, in the order they are laid out (most sources):
                    # the column is a slice of the table.
                    layout.append([name, "r", first])
                else:
                    layout.append([name, how])
                    ints.extend(column)
        class_table.append([known[cls], len(objects[cls]), layout])
    if sys.byteorder != "little":
        ints.byteswap()
    values_bytes = json.dumps([scalars, inline_columns], separators=(",", ":")).encode("ascii")
    joined = _SEPARATOR.join(string_order)
    if joined.count(_SEPARATOR) != max(0, len(string_order) - 1):
        raise _Unstorable("a string holding the separator character")
    strings_bytes = joined.encode("utf-8")
    header = json.dumps(
        {
            "engine": engine,
            "fingerprint": fingerprint,
            "root": index[id(story)],
            "classes": class_table,
            "groups": groups,
            "strings": [len(string_order), len(strings_bytes)],
            "values": len(values_bytes),
            "ints": len(ints),
        },
        separators=(",", ":"),
    ).encode("utf-8")
    body = _INDEX.pack(len(header)) + header + strings_bytes + values_bytes + ints.tobytes()
    return MAGIC + hashlib.sha256(body).digest() + body


def _by_kind(values: list[object]) -> dict[type, list[object]]:
    """The values by type, in order: one C-level pass when they are all of one type, else one Python pass."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        return {kinds.pop(): values}
    parts: dict[type, list[object]] = {kind: [] for kind in kinds}
    for value in values:
        parts[type(value)].append(value)
    return parts


def _discover(
    story: Story, known: dict[type, str], fields_of: dict[type, tuple[str, ...]]
) -> tuple[dict[type, list[object]], list[Any]]:
    """Every model object (by class, in the order found) and every container reachable from the story."""
    objects: dict[type, list[object]] = {}
    containers: list[Any] = []
    seen: set[int] = {id(story)}
    pending: dict[type, list[object]] = {Story: [story]}
    fresh_containers: list[Any] = []

    def visit(values: list[object]) -> None:
        for kind, same in _by_kind(values).items():
            if kind in _SCALAR_SET:
                continue
            if kind not in known and kind not in _CONTAINERS:
                raise _Unstorable(f"a value of type {kind.__name__}")
            fresh = dict(zip(map(id, same), same, strict=True))
            for already in seen.intersection(fresh):
                del fresh[already]
            seen.update(fresh)
            (fresh_containers if kind in _CONTAINERS else pending.setdefault(kind, [])).extend(fresh.values())

    while pending or fresh_containers:
        if fresh_containers:
            batch = fresh_containers.copy()
            fresh_containers.clear()
            containers.extend(batch)
            keys = chain.from_iterable(container for container in batch if type(container) is dict)
            if not set(map(type, keys)) <= _SCALAR_SET:
                raise _Unstorable("a dict key that is not a plain value")
            visit(_flatten(batch))
        else:
            cls = next(iter(pending))  # first found, first read: referrers before what they refer to
            batch = pending.pop(cls)
            objects.setdefault(cls, []).extend(batch)
            for name in fields_of[cls]:
                visit(list(map(attrgetter(name), batch)))
    return objects, containers


def _flatten(containers: list[Any]) -> list[object]:
    """The items of the containers in order, a dict's as key, value, key, value."""
    items: list[object] = []
    extend = items.extend
    for container in containers:
        extend(chain.from_iterable(container.items()) if type(container) is dict else container)
    return items


def _in_reading_order(
    objects: dict[type, list[object]],
    items: list[object],
    fields_of: dict[type, tuple[str, ...]],
    partition: Callable[[list[object]], dict[type, list[object]]],
) -> tuple[list[type], dict[type, list[list[object]]]]:
    """The classes in the order found, each class's objects (reordered in place) in the order the reader
    first refers to them, and each class's columns of field values: the reader then walks memory
    forwards, not at random."""
    ordered: dict[type, dict[int, object]] = {cls: {} for cls in objects}

    def touch(values: list[object]) -> None:
        for kind, same in partition(values).items():
            if kind in ordered:
                # An object already there keeps its place: update() only appends the new ones.
                ordered[kind].update(zip(map(id, same), same, strict=True))

    touch(items)
    columns: dict[type, list[list[object]]] = {}
    for cls, bucket in ordered.items():
        bucket.update(zip(map(id, objects[cls]), objects[cls], strict=True))
        objects[cls] = instances = list(bucket.values())
        columns[cls] = [list(map(attrgetter(name), instances)) for name in fields_of[cls]]
        for values in columns[cls]:
            touch(values)
    return list(objects), columns


def _container_levels(containers: list[Any]) -> dict[int, int]:
    """How deep each container's nested containers go (0: none); a container refers only to lower levels."""
    levels: dict[int, int] = {}

    def level(container: Any) -> int:
        known = levels.get(id(container))
        if known is not None:
            return known
        inner = container.values() if type(container) is dict else container
        found = 0
        if not _CONTAINERS.keys().isdisjoint(map(type, inner)):  # most hold no container: one C-level test
            for item in inner:
                if type(item) in _CONTAINERS:
                    found = max(found, level(item) + 1)
        levels[id(container)] = found
        return found

    for container in containers:
        level(container)
    return levels


# ------------------------------------------------------------------------- reading


class _Damaged(Exception):
    """The entry is not one this engine wrote for this story."""


#: The type of a ``__slots__`` field's descriptor, whose ``__set__`` bypasses a frozen class's ``__setattr__``.
_SLOT = type(Story.__dict__["id"])
#: A sentinel no factory returns: ``iter(factory, _NEVER)`` calls the factory forever.
_NEVER = object()


def _scalars_only(values: object, count: int | None = None) -> list[object]:
    if type(values) is not list or (count is not None and len(values) != count):
        raise _Damaged("a damaged value table")
    if not set(map(type, values)) <= _INLINE_SET:
        raise _Damaged("a damaged value table")
    return values


def decode(data: bytes, *, fingerprint: str, engine: str) -> Story:
    """The story in an entry written by this engine for this fingerprint.

    Raises _Damaged (or whatever error a damaged layout provokes) for anything else. Only scalars,
    tuples, lists, dicts and the story model's own classes are ever built, whatever the bytes say.
    """
    start = len(MAGIC) + _CHECKSUM
    if len(data) < start + _INDEX.size or not data.startswith(MAGIC):
        raise _Damaged("not a story cache entry")
    body = memoryview(data)[start:]
    if hashlib.sha256(body).digest() != data[len(MAGIC) : start]:
        raise _Damaged("the checksum does not match")
    (header_size,) = _INDEX.unpack_from(body)
    if header_size > _HEADER_LIMIT:
        raise _Damaged("a damaged header")
    header = json.loads(bytes(body[_INDEX.size : _INDEX.size + header_size]))
    if type(header) is not dict or header.get("engine") != engine or header.get("fingerprint") != fingerprint:
        raise _Damaged("another engine's or another story's entry")
    strings_start = _INDEX.size + header_size
    (string_count, strings_size), values_size, int_count = header["strings"], header["values"], header["ints"]
    if not all(type(size) is int and size >= 0 for size in (string_count, strings_size, values_size, int_count)):
        raise _Damaged("a damaged header")
    values_start = strings_start + strings_size
    if len(body) != values_start + values_size + 4 * int_count:
        raise _Damaged("the entry's size does not match its header")
    # One decode and one split in C: every distinct string of the story.
    table: list[object] = []
    if string_count:
        table.extend(str(body[strings_start:values_start], "utf-8").split(_SEPARATOR))
    if len(table) != string_count:
        raise _Damaged("a damaged string table")
    values = json.loads(bytes(body[values_start : values_start + values_size]))
    if type(values) is not list or len(values) != 2 or type(values[1]) is not list:
        raise _Damaged("a damaged value table")
    table += _scalars_only(values[0])
    inline_columns = values[1]
    ints = array("I")
    ints.frombytes(body[values_start + values_size :])
    if sys.byteorder != "little":
        ints.byteswap()
    view = memoryview(ints)

    # Check that the layout adds up before anything is built.
    known = _known_classes()
    classes: list[tuple[type, int, list[tuple[str, str, list[Any]]]]] = []
    indexed_total = 0
    for cls_name, count, layout in header["classes"]:
        cls = known.get(cls_name)
        if cls is None or type(count) is not int or not 0 < count <= int_count + len(table):
            raise _Damaged("the entry does not match the story model")
        fields = [(name, how, first) for name, how, *first in layout if how in ("v", "i", "n", "r")]
        if tuple(name for name, _, _ in fields) != _stored_fields(cls) or len(fields) != len(layout):
            raise _Damaged("the entry does not match the story model")
        indexed_total += count * sum(1 for _, how, _ in fields if how in ("i", "n"))
        classes.append((cls, count, fields))
    item_total = 0
    for kind_name, length, count in header["groups"]:
        if kind_name not in _CONTAINER_NAMES or type(length) is not int or type(count) is not int:
            raise _Damaged("a damaged container table")
        if length < 0 or count <= 0:
            raise _Damaged("a damaged container table")
        item_total += length * count * (2 if kind_name == "dict" else 1)
    if item_total + indexed_total != int_count:
        raise _Damaged("the entry's layout does not add up")

    # Shells: every model object, empty, of a known class.
    filled: list[tuple[type, list[object], list[tuple[str, str, list[Any]]]]] = []
    for cls, count, fields in classes:
        shells: list[object] = list(map(object.__new__, repeat(cls, count)))
        table.extend(shells)
        filled.append((cls, shells, fields))

    # Containers, group by group: each built from values already in the table.
    get = table.__getitem__
    source = map(get, view[:item_total])
    pairs = zip(source, source, strict=False)
    for kind_name, length, count in header["groups"]:
        if length == 0:
            table.extend(map(_CONTAINER_NAMES[kind_name], repeat((), count)))
            continue
        rows = zip(*repeat(pairs if kind_name == "dict" else source, length), strict=False)
        if kind_name == "tuple":
            table.extend(islice(rows, count))
        else:
            table.extend(map(_CONTAINER_NAMES[kind_name], islice(rows, count)))

    # Fields: one column per field, set on every shell of the class at once.
    position = item_total
    next_inline = iter(inline_columns)
    column: Iterator[object]
    setter = object.__setattr__  # frozen dataclasses refuse plain setattr
    for cls, shells, fields in filled:
        count = len(shells)
        for name, how, first in fields:
            if how == "r":
                (start,) = first
                if type(start) is not int or not 0 <= start <= len(table) - count:
                    raise _Damaged("a damaged column")
                column = iter(table[start : start + count])
            elif how == "v":
                column = iter(_scalars_only(next(next_inline), count))
            elif how == "n":
                column = iter(view[position : position + count])
                position += count
            else:
                column = map(get, view[position : position + count])
                position += count
            slot = cls.__dict__.get(name)
            if slot is not None and type(slot) is _SLOT:
                deque(map(slot.__set__, shells, column), maxlen=0)
            else:
                deque(map(setter, shells, repeat(name), column), maxlen=0)
        for name, factory in _transient_fields(cls):
            deque(map(setter, shells, repeat(name), iter(factory, _NEVER)), maxlen=0)
    if next(next_inline, None) is not None:
        raise _Damaged("the entry's layout does not add up")
    root = get(header["root"])
    if type(root) is not Story or root.fingerprint != fingerprint:
        raise _Damaged("the entry's story is not the story asked for")
    return root


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
    except (OSError, UnreadableFile):
        return None
    except Exception:  # noqa: BLE001 - whatever a damaged entry provokes, it is a miss
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
