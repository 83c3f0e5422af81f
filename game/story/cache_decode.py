"""Reading a story cache entry: untrusted bytes checked, then rebuilt into a story (``game.story.cache_format``).

Only scalars, tuples, lists, dicts and the story model's own classes are ever
built, whatever the bytes say; anything that does not add up is ``DamagedEntry``
(or whatever error a damaged layout provokes), never a different story.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections import deque
from collections.abc import Iterator
from itertools import islice, repeat
from typing import Any

from game.story.cache_format import (
    CHECKSUM_SIZE,
    CONTAINER_NAMES,
    INDEX,
    INLINE_TYPES,
    MAGIC,
    SEPARATOR,
    known_classes,
    stored_fields,
    transient_fields,
)
from game.story.model import Story

#: A header larger than this is damaged: it is refused before it is parsed.
_HEADER_LIMIT = 1 << 20


class DamagedEntry(Exception):
    """The entry is not one this engine wrote for this story."""


#: The type of a ``__slots__`` field's descriptor, whose ``__set__`` bypasses a frozen class's ``__setattr__``.
_SLOT = type(Story.__dict__["id"])
#: A sentinel no factory returns: ``iter(factory, _NEVER)`` calls the factory forever.
_NEVER = object()


def _scalars_only(values: object, count: int | None = None) -> list[object]:
    if type(values) is not list or (count is not None and len(values) != count):
        raise DamagedEntry("a damaged value table")
    if not set(map(type, values)) <= INLINE_TYPES:
        raise DamagedEntry("a damaged value table")
    return values


def decode(data: bytes, *, fingerprint: str, engine: str) -> Story:
    """The story in an entry written by this engine for this fingerprint.

    Raises DamagedEntry (or whatever error a damaged layout provokes) for anything else. Only scalars,
    tuples, lists, dicts and the story model's own classes are ever built, whatever the bytes say.
    """
    start = len(MAGIC) + CHECKSUM_SIZE
    if len(data) < start + INDEX.size or not data.startswith(MAGIC):
        raise DamagedEntry("not a story cache entry")
    body = memoryview(data)[start:]
    if hashlib.sha256(body).digest() != data[len(MAGIC) : start]:
        raise DamagedEntry("the checksum does not match")
    (header_size,) = INDEX.unpack_from(body)
    if header_size > _HEADER_LIMIT:
        raise DamagedEntry("a damaged header")
    header = json.loads(bytes(body[INDEX.size : INDEX.size + header_size]))
    if type(header) is not dict or header.get("engine") != engine or header.get("fingerprint") != fingerprint:
        raise DamagedEntry("another engine's or another story's entry")
    strings_start = INDEX.size + header_size
    (string_count, strings_size), values_size, int_count = header["strings"], header["values"], header["ints"]
    if not all(type(size) is int and size >= 0 for size in (string_count, strings_size, values_size, int_count)):
        raise DamagedEntry("a damaged header")
    values_start = strings_start + strings_size
    if len(body) != values_start + values_size + 4 * int_count:
        raise DamagedEntry("the entry's size does not match its header")
    # One decode and one split in C: every distinct string of the story.
    table: list[object] = []
    if string_count:
        table.extend(str(body[strings_start:values_start], "utf-8").split(SEPARATOR))
    if len(table) != string_count:
        raise DamagedEntry("a damaged string table")
    values = json.loads(bytes(body[values_start : values_start + values_size]))
    if type(values) is not list or len(values) != 2 or type(values[1]) is not list:
        raise DamagedEntry("a damaged value table")
    table += _scalars_only(values[0])
    inline_columns = values[1]
    ints = array("I")
    ints.frombytes(body[values_start + values_size :])
    if sys.byteorder != "little":
        ints.byteswap()
    view = memoryview(ints)

    # Check that the layout adds up before anything is built.
    known = known_classes()
    classes: list[tuple[type, int, list[tuple[str, str, list[Any]]]]] = []
    indexed_total = 0
    for cls_name, count, layout in header["classes"]:
        cls = known.get(cls_name)
        if cls is None or type(count) is not int or not 0 < count <= int_count + len(table):
            raise DamagedEntry("the entry does not match the story model")
        fields = [(name, how, first) for name, how, *first in layout if how in ("v", "i", "n", "r")]
        if tuple(name for name, _, _ in fields) != stored_fields(cls) or len(fields) != len(layout):
            raise DamagedEntry("the entry does not match the story model")
        indexed_total += count * sum(1 for _, how, _ in fields if how in ("i", "n"))
        classes.append((cls, count, fields))
    item_total = 0
    for kind_name, length, count in header["groups"]:
        if kind_name not in CONTAINER_NAMES or type(length) is not int or type(count) is not int:
            raise DamagedEntry("a damaged container table")
        if length < 0 or count <= 0:
            raise DamagedEntry("a damaged container table")
        item_total += length * count * (2 if kind_name == "dict" else 1)
    if item_total + indexed_total != int_count:
        raise DamagedEntry("the entry's layout does not add up")

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
            table.extend(map(CONTAINER_NAMES[kind_name], repeat((), count)))
            continue
        rows = zip(*repeat(pairs if kind_name == "dict" else source, length), strict=False)
        if kind_name == "tuple":
            table.extend(islice(rows, count))
        else:
            table.extend(map(CONTAINER_NAMES[kind_name], islice(rows, count)))

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
                    raise DamagedEntry("a damaged column")
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
        for name, factory in transient_fields(cls):
            deque(map(setter, shells, repeat(name), iter(factory, _NEVER)), maxlen=0)
    if next(next_inline, None) is not None:
        raise DamagedEntry("the entry's layout does not add up")
    root = get(header["root"])
    if type(root) is not Story or root.fingerprint != fingerprint:
        raise DamagedEntry("the entry's story is not the story asked for")
    return root
