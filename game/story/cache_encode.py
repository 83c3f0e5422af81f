"""Writing a story cache entry: a story turned into the plain values and indices of ``game.story.cache_format``."""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Callable
from itertools import chain, groupby
from operator import attrgetter
from typing import Any

from game.story.cache_format import (
    CONTAINERS,
    INDEX,
    INLINE_TYPES,
    MAGIC,
    MAX_INDEX,
    SCALAR_TYPES,
    SEPARATOR,
    known_classes,
    stored_fields,
)
from game.story.model import Story


class Unstorable(Exception):
    """The story holds a value this format does not store (it is then not cached)."""


def _scalar_key(value: object) -> tuple[type, str]:
    # Keyed by type and text, so that 1, 1.0 and True, or 0.0 and -0.0, stay distinct.
    return type(value), repr(value)


def encode(story: Story, *, fingerprint: str, engine: str) -> bytes:
    """The entry for ``story``; raises Unstorable if it holds a value the format does not store.

    A story is hundreds of thousands of objects: the work is done a column at a time with C-level
    ``map``/``zip``/``dict`` calls, not a Python call per value.
    """
    known = {cls: name for name, cls in known_classes().items()}
    fields_of = {cls: stored_fields(cls) for cls in known}
    objects, containers = _discover(story, known, fields_of)

    # Containers are built level by level (a level refers only to lower ones), and within a level by
    # kind and length, so that each group is built by one C-level call.
    levels = _container_levels(containers)
    group_keys = list(
        zip(
            map(levels.__getitem__, map(id, containers)),
            map(CONTAINERS.__getitem__, map(type, containers)),
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
            if kinds == {int} and min(values) >= 0 and max(values) <= MAX_INDEX:  # type: ignore[type-var, operator]
                layouts[cls].append("n")
            elif kinds <= INLINE_TYPES:
                layouts[cls].append("v")
            else:
                layouts[cls].append("i")
                referenced.append(values)

    # Scalars get their indices in the order the reader first meets them, so that the reader's string
    # table is laid out in memory in the order it is used (reading a large story is memory-bound).
    first_seen: dict[int, object] = {}
    for values in referenced:
        for kind, same in partition(values).items():
            if kind in SCALAR_TYPES:
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
    if position > MAX_INDEX:
        raise Unstorable("too many values")
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
    joined = SEPARATOR.join(string_order)
    if joined.count(SEPARATOR) != max(0, len(string_order) - 1):
        raise Unstorable("a string holding the separator character")
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
    body = INDEX.pack(len(header)) + header + strings_bytes + values_bytes + ints.tobytes()
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
            if kind in SCALAR_TYPES:
                continue
            if kind not in known and kind not in CONTAINERS:
                raise Unstorable(f"a value of type {kind.__name__}")
            fresh = dict(zip(map(id, same), same, strict=True))
            for already in seen.intersection(fresh):
                del fresh[already]
            seen.update(fresh)
            (fresh_containers if kind in CONTAINERS else pending.setdefault(kind, [])).extend(fresh.values())

    while pending or fresh_containers:
        if fresh_containers:
            batch = fresh_containers.copy()
            fresh_containers.clear()
            containers.extend(batch)
            keys = chain.from_iterable(container for container in batch if type(container) is dict)
            if not set(map(type, keys)) <= SCALAR_TYPES:
                raise Unstorable("a dict key that is not a plain value")
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
        if not CONTAINERS.keys().isdisjoint(map(type, inner)):  # most hold no container: one C-level test
            for item in inner:
                if type(item) in CONTAINERS:
                    found = max(found, level(item) + 1)
        levels[id(container)] = found
        return found

    for container in containers:
        level(container)
    return levels
