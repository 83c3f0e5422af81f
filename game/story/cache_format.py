"""What a story cache entry is: its layout, and the model classes and fields it may hold.

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

``game.story.cache_encode`` writes this layout, ``game.story.cache_decode``
reads it, and ``game.story.cache`` keeps entries on disk. All of them are in
``game.story``, whose sources key every entry, so a change to the layout is a
new key.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Callable
from functools import partial

from game.story import expressions as _expressions
from game.story import model as _model

#: The first bytes of every entry.
MAGIC = b"exception story cache\n"
#: The SHA-256 after ``MAGIC``.
CHECKSUM_SIZE = 32
#: The header's size, and every index and small whole number in the integer array.
INDEX = struct.Struct("<I")
MAX_INDEX = 2**32 - 1
#: Values stored as themselves: in the string table, or among the other scalars.
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})
#: Values a column may hold inline (as JSON).
INLINE_TYPES = SCALAR_TYPES - {str}
#: Joins the string table: a story string holding it is not cached (the YAML reader refuses NUL bytes
#: in files, so only a quoted escape can make one).
SEPARATOR = "\0"
#: The containers an entry rebuilds, by the name the header gives their groups.
CONTAINERS: dict[type, str] = {tuple: "tuple", list: "list", dict: "dict"}
CONTAINER_NAMES: dict[str, type] = {name: kind for kind, name in CONTAINERS.items()}


def known_classes() -> dict[str, type]:
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


def stored_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class an entry stores: the public ones, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))


def _same(value: object) -> object:
    return value


def transient_fields(cls: type) -> list[tuple[str, Callable[[], object]]]:
    """The private fields of a model class (caches), each with what rebuilds its default."""
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
