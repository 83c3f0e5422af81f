"""A safe, positioned YAML reader for story files.

PyYAML's composer recurses in C and crashes the interpreter on deeply nested
input, and its constructor silently keeps the last of duplicate keys and
expands aliases. This reader consumes the (non-recursive) event stream of
PyYAML's C parser instead, when available, and builds light nodes that keep
their line and column. It rejects aliases, anchors, non-standard tags,
duplicate keys, excessive nesting and huge scalars, and it resolves plain
scalars with YAML 1.2's core schema (``yes`` stays a string).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from game.collector import gc_paused

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_SCALAR_CHARS = 1_000_000
MAX_DEPTH = 48
#: Reading stops after this many problems: a file of a million aliases would
#: otherwise cost a million error objects.
MAX_PROBLEMS = 50
#: Scalars this short (keys, scene ids, small words) are interned: one string however often they appear.
SHARED_SCALAR_CHARS = 40
#: Integers in story files stay within what a float (and JSON) holds exactly.
MAX_INT = 2**53

_intern = sys.intern

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


@dataclass(slots=True)
class YScalar:
    """A scalar with its resolved value and 1-based position."""

    value: object
    line: int
    col: int
    style: str | None = None


@dataclass(slots=True)
class YMap:
    """A mapping: keys are scalars, kept in order.

    Keys and values alternate in one flat list while the story is read (a
    large story has hundreds of thousands of pairs; a tuple for each would
    be a seventh of the memory the nodes take).
    """

    flat: list[YNode]
    line: int
    col: int

    @property
    def items(self) -> list[tuple[YScalar, YNode]]:
        """The (key, value) pairs, in order."""
        pairs = iter(self.flat)
        return list(zip(pairs, pairs, strict=True))  # type: ignore[arg-type]


@dataclass(slots=True)
class YSeq:
    """A sequence."""

    items: list[YNode]
    line: int
    col: int


YNode = YScalar | YMap | YSeq


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """An error found while reading, at a 1-based line and column."""

    line: int
    col: int
    message: str


_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
#: The plain words that are not strings: nulls and booleans (one look-up for every plain scalar).
_WORDS: dict[str, object] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}


class NumberTooLarge(ValueError):
    """A plain number outside what story values (and JSON saves) can hold exactly."""


def _bounded(value: int) -> int:
    if abs(value) > MAX_INT:
        raise NumberTooLarge
    return value


def resolve_plain(text: str) -> object:
    """Resolve a plain (unquoted) scalar with the YAML 1.2 core schema."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[0]
    if first.isdigit() or first in "-+.":
        if _INT.match(text):
            # By length first: int() refuses strings of thousands of digits with a ValueError.
            return _bounded(int(text) if len(text) <= 20 else MAX_INT + 1)
        if _HEX.match(text):
            return _bounded(int(text, 16) if len(text) <= 20 else MAX_INT + 1)
        if _OCT.match(text):
            return _bounded(int(text[2:], 8) if len(text) <= 24 else MAX_INT + 1)
        if _FLOAT.match(text):
            return float(text)
        lowered = text.lower()
        if lowered in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[lowered]
    return text


def _tagged(tag: str, text: str) -> object:
    if tag == "tag:yaml.org,2002:str" or tag == "!":
        return text
    value = resolve_plain(text)
    kind = tag.rsplit(":", 1)[-1]
    expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[kind]
    if kind == "int" and isinstance(value, bool):
        raise ValueError
    if not isinstance(value, expected):  # type: ignore[arg-type]
        raise ValueError
    return float(value) if kind == "float" else value  # type: ignore[arg-type]


def decode(data: bytes) -> tuple[str | None, YamlProblem | None]:
    """Decode UTF-8 (with or without BOM), or say where the first bad byte is."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        return None, YamlProblem(
            line, col, "the file is not valid UTF-8 text (binary data or another encoding); save it as UTF-8"
        )


def read_yaml(text: str) -> tuple[YNode | None, list[YamlProblem]]:
    """Read one YAML document into positioned nodes, collecting every problem.

    Returns the root node (None if the file has no usable document) and the
    problems found. Reading stops at the first syntax error, since nothing
    after it can be trusted.
    """
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, [YamlProblem(line, col, "the file contains a NUL byte: it is binary, not YAML text")]
    reader = _EventReader()
    # The nodes built here live on until the story is built: collecting meanwhile only re-traverses them.
    with gc_paused():
        reader.read(_EventLoader(text).get_event)
    return reader.root, reader.problems


# ------------------------------------------------------------------- open collections


@dataclass(slots=True)
class _OpenSequence:
    """A sequence being read: each node read next is its next item."""

    node: YSeq

    def add(self, node: YNode, problems: list[YamlProblem]) -> None:
        self.node.items.append(node)


@dataclass(slots=True)
class _OpenMapping:
    """A mapping being read: the key waiting for its value, and every key so far (to report duplicates)."""

    node: YMap
    key: YScalar | None
    seen: dict[object, YScalar]

    def add(self, node: YNode, problems: list[YamlProblem]) -> None:
        key = self.key
        if key is None:
            self._add_key(node, problems)
        else:
            flat = self.node.flat
            flat.append(key)
            flat.append(node)
            self.key = None

    def _add_key(self, node: YNode, problems: list[YamlProblem]) -> None:
        if not isinstance(node, YScalar):
            problems.append(YamlProblem(node.line, node.col, "a key must be a plain word, not a list or mapping"))
            self.key = YScalar(object(), node.line, node.col)
            return
        key = node.value
        try:
            hash(key)
        except TypeError:  # pragma: no cover - scalars are hashable
            key = repr(key)
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = node
        else:
            problems.append(
                YamlProblem(
                    node.line,
                    node.col,
                    f"duplicate key '{key}' (first written at line {first.line});"
                    " YAML would silently keep only the last one",
                )
            )
        self.key = node


_OpenCollection = _OpenSequence | _OpenMapping


# ------------------------------------------------------------------------ the reader


class _EventReader:
    """Builds nodes from PyYAML's event stream, one handler per kind of event.

    A handler returns True when reading must stop; ``root`` is then what the
    file yields (None when nothing after a problem can be trusted).
    """

    __slots__ = ("documents", "line_numbers", "problems", "root", "stack")

    def __init__(self) -> None:
        self.root: YNode | None = None
        self.problems: list[YamlProblem] = []
        self.stack: list[_OpenCollection] = []
        self.documents = 0
        # Nodes on one line share its number (an int object of its own past 256).
        self.line_numbers: dict[int, int] = {}

    def read(self, get_event: Callable[[], Any]) -> None:
        """Read events until the stream ends or a problem stops the reading."""
        scalar_event = yaml.ScalarEvent
        handlers: dict[type, Callable[[Any], bool]] = {
            yaml.MappingStartEvent: self.collection_start,
            yaml.SequenceStartEvent: self.collection_start,
            yaml.MappingEndEvent: self.collection_end,
            yaml.SequenceEndEvent: self.collection_end,
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.document_start,
        }
        problems = self.problems
        scalar = self.scalar
        handler_for = handlers.get
        try:
            while (event := get_event()) is not None:
                if problems and len(problems) >= MAX_PROBLEMS:
                    self.stop(
                        event, f"more than {MAX_PROBLEMS} problems; reading of this file stopped here: fix these first"
                    )
                    return
                kind = type(event)
                if kind is scalar_event:
                    scalar(event)
                    continue
                handler = handler_for(kind)
                if handler is not None and handler(event):
                    return
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            problem = error.problem or "invalid YAML"
            context = f" ({error.context})" if error.context else ""
            problems.append(YamlProblem(line, col, f"YAML syntax error: {problem}{context}"))
            self.root = None
        except yaml.YAMLError as error:
            problems.append(YamlProblem(1, 1, f"YAML error: {error}"))
            self.root = None

    def stop(self, event: Any, message: str) -> None:
        """Report ``message`` where ``event`` starts and give up the whole file."""
        mark = event.start_mark
        self.problems.append(YamlProblem(mark.line + 1, mark.column + 1, message))
        self.root = None

    def add(self, node: YNode) -> None:
        """Put ``node`` where it belongs: in the open collection, or at the root."""
        if self.stack:
            self.stack[-1].add(node, self.problems)
        else:
            self.root = node

    def scalar(self, event: Any) -> bool:
        """A scalar, built and put in place here: most events are plain scalars, so this path makes no call.

        A scalar with an anchor or a tag, an oversized one, or a number too large is built by ``_scalar``.
        """
        mark = event.start_mark
        text = event.value
        if event.anchor is not None or event.tag is not None or len(text) > MAX_SCALAR_CHARS:
            self.add(_scalar(event, mark, self.problems))
            return False
        style = event.style or None
        # Keys, scene ids and other short words repeat throughout a story: one string each.
        if len(text) <= SHARED_SCALAR_CHARS:
            text = _intern(text)
        line = mark.line + 1
        line = self.line_numbers.setdefault(line, line)
        if style is None and event.implicit[0]:
            try:
                node = YScalar(resolve_plain(text), line, mark.column + 1, None)
            except NumberTooLarge:
                node = _scalar(event, mark, self.problems)
        else:
            node = YScalar(text, line, mark.column + 1, style)
        stack = self.stack
        if not stack:
            self.root = node
            return False
        # ``_OpenSequence.add`` and ``_OpenMapping.add``, inlined; a repeated key goes the long way (to be reported).
        top = stack[-1]
        if isinstance(top, _OpenSequence):
            top.node.items.append(node)
        elif top.key is not None:
            flat = top.node.flat
            flat.append(top.key)
            flat.append(node)
            top.key = None
        elif node.value in top.seen:
            top.add(node, self.problems)
        else:
            top.seen[node.value] = node
            top.key = node
        return False

    def collection_start(self, event: Any) -> bool:
        """A mapping or sequence opens: it is put in place, then filled until it ends."""
        mark = event.start_mark
        if event.anchor is not None or event.tag is not None:
            _check_props(event, mark, self.problems)
        line = mark.line + 1
        line = self.line_numbers.setdefault(line, line)
        collection: _OpenCollection
        if type(event) is yaml.MappingStartEvent:
            collection = _OpenMapping(YMap([], line, mark.column + 1), None, {})
        else:
            collection = _OpenSequence(YSeq([], line, mark.column + 1))
        stack = self.stack
        if stack:
            stack[-1].add(collection.node, self.problems)
        if len(stack) >= MAX_DEPTH:
            self.stop(event, f"data nested more than {MAX_DEPTH} levels deep; a story file never needs this")
            return True
        stack.append(collection)
        return False

    def collection_end(self, event: Any) -> bool:
        """A collection ends: the outermost one is the document."""
        finished = self.stack.pop()
        if not self.stack:
            self.root = finished.node
        return False

    def alias(self, event: Any) -> bool:
        """An alias is refused; a null stands in for it, so the rest of the file is still checked."""
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        self.problems.append(
            YamlProblem(line, col, f"alias '*{event.anchor}' is not allowed in story files; write the value out again")
        )
        if self.stack:
            self.stack[-1].add(YScalar(None, line, col), self.problems)
        return False

    def document_start(self, event: Any) -> bool:
        """A second document stops the reading (the first is kept)."""
        self.documents += 1
        if self.documents > 1:
            mark = event.start_mark
            self.problems.append(
                YamlProblem(
                    mark.line + 1,
                    mark.column + 1,
                    "a story file holds one YAML document; move this one to a file of its own",
                )
            )
            return True
        return False


# ------------------------------------------------------------------- scalars in full


def _check_props(event: Any, mark: Any, problems: list[YamlProblem]) -> None:
    if event.anchor is not None:
        problems.append(
            YamlProblem(
                mark.line + 1,
                mark.column + 1,
                f"anchor '&{event.anchor}' is not allowed in story files; write the value out where it is used",
            )
        )
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _STANDARD_TAGS:
        problems.append(
            YamlProblem(
                mark.line + 1,
                mark.column + 1,
                f"tag '{tag}' is not allowed; story files use plain YAML values only",
            )
        )


def _scalar(event: Any, mark: Any, problems: list[YamlProblem]) -> YScalar:
    """A scalar with an anchor, a tag, an oversized text or an oversized number: each is reported."""
    line, col = mark.line + 1, mark.column + 1
    text = event.value
    if event.anchor is not None or (event.tag is not None and event.tag not in _STANDARD_TAGS):
        _check_props(event, mark, problems)
    if len(text) > MAX_SCALAR_CHARS:
        problems.append(
            YamlProblem(line, col, f"a value of {len(text):,} characters; the limit is {MAX_SCALAR_CHARS:,}")
        )
        return YScalar("", line, col, event.style)
    style = event.style or None
    tag = event.tag
    if tag is not None and tag in _STANDARD_TAGS and tag != "!":
        value = _tagged_value(tag, text, line, col, problems)
    elif style is None and event.implicit[0]:
        try:
            value = resolve_plain(text)
        except NumberTooLarge:
            problems.append(_number_too_large(text, line, col))
            value = 0
    else:
        value = text
    return YScalar(value, line, col, style)


def _tagged_value(tag: str, text: str, line: int, col: int, problems: list[YamlProblem]) -> object:
    """The value of a scalar with a standard tag (``!!int 3``); a text that is not of the tag's type is reported."""
    try:
        return _tagged(tag, text)
    except NumberTooLarge:
        problems.append(_number_too_large(text, line, col))
        return 0
    except ValueError:
        problems.append(YamlProblem(line, col, f"'{text[:40]}' is not a valid {tag.rsplit(':', 1)[-1]}"))
        return text


def _number_too_large(text: str, line: int, col: int) -> YamlProblem:
    return YamlProblem(
        line,
        col,
        f"the number '{text[:24]}{'...' if len(text) > 24 else ''}' is too large; story numbers stay within ±{MAX_INT:,}",
    )
