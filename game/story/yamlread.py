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
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class NumberTooLarge(ValueError):
    """A plain number outside what story values (and JSON saves) can hold exactly."""


def _bounded(value: int) -> int:
    if abs(value) > MAX_INT:
        raise NumberTooLarge
    return value


def resolve_plain(text: str) -> object:
    """Resolve a plain (unquoted) scalar with the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
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
    problems: list[YamlProblem] = []
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, [YamlProblem(line, col, "the file contains a NUL byte: it is binary, not YAML text")]
    loader = _EventLoader(text)
    get_event = loader.get_event
    # Each open collection: [node, pending key or None, seen keys].
    stack: list[list[object]] = []
    scalar_event = yaml.ScalarEvent
    # The nodes built here live on until the story is built: collecting meanwhile only re-traverses them.
    with gc_paused():
        return _read_events(get_event, stack, problems, scalar_event)


def _read_events(
    get_event: Any, stack: list[list[object]], problems: list[YamlProblem], scalar_event: type
) -> tuple[YNode | None, list[YamlProblem]]:
    root: YNode | None = None
    documents = 0
    line_numbers: dict[int, int] = {}
    intern = sys.intern
    try:
        while True:
            event: Any = get_event()
            if event is None:
                break
            if len(problems) >= MAX_PROBLEMS:
                mark = event.start_mark
                problems.append(
                    YamlProblem(
                        mark.line + 1,
                        mark.column + 1,
                        f"more than {MAX_PROBLEMS} problems; reading of this file stopped here: fix these first",
                    )
                )
                return None, problems
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                text_value = event.value
                if event.anchor is None and event.tag is None and len(text_value) <= MAX_SCALAR_CHARS:
                    # The common case, inlined: no properties, a plain or quoted scalar.
                    style = event.style or None
                    # Keys, scene ids and other short words repeat throughout a story: one string each.
                    if len(text_value) <= SHARED_SCALAR_CHARS:
                        text_value = intern(text_value)
                    # Nodes on one line share its number (an int object of its own past 256).
                    line = mark.line + 1
                    line = line_numbers.setdefault(line, line)
                    node = None
                    if style is None and event.implicit[0]:
                        try:
                            node = YScalar(resolve_plain(text_value), line, mark.column + 1, None)
                        except NumberTooLarge:
                            node = _scalar(event, mark, problems)
                    else:
                        node = YScalar(text_value, line, mark.column + 1, style)
                else:
                    node = _scalar(event, mark, problems)
                if stack:
                    top = stack[-1]
                    parent = top[0]
                    if type(parent) is YSeq:
                        parent.items.append(node)
                    elif top[1] is not None:
                        flat = parent.flat  # type: ignore[attr-defined]
                        flat.append(top[1])
                        flat.append(node)
                        top[1] = None
                    else:
                        seen: dict[object, YScalar] = top[2]  # type: ignore[assignment]
                        key = node.value
                        if key in seen:
                            _attach(stack, node, problems)  # reports the duplicate
                        else:
                            seen[key] = node
                            top[1] = node
                else:
                    root = node
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                _check_props(event, mark, problems)
                line = mark.line + 1
                line = line_numbers.setdefault(line, line)
                collection: YNode = (
                    YMap([], line, mark.column + 1)
                    if kind is yaml.MappingStartEvent
                    else YSeq([], line, mark.column + 1)
                )
                _attach(stack, collection, problems)
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        YamlProblem(
                            mark.line + 1,
                            mark.column + 1,
                            f"data nested more than {MAX_DEPTH} levels deep; a story file never needs this",
                        )
                    )
                    return None, problems
                stack.append([collection, None, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                finished = stack.pop()
                if not stack:
                    root = finished[0]  # type: ignore[assignment]
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                problems.append(
                    YamlProblem(
                        mark.line + 1,
                        mark.column + 1,
                        f"alias '*{event.anchor}' is not allowed in story files; write the value out again",
                    )
                )
                _attach(stack, YScalar(None, mark.line + 1, mark.column + 1), problems)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    problems.append(
                        YamlProblem(
                            mark.line + 1,
                            mark.column + 1,
                            "a story file holds one YAML document; move this one to a file of its own",
                        )
                    )
                    return root, problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = error.problem or "invalid YAML"
        context = f" ({error.context})" if error.context else ""
        problems.append(YamlProblem(line, col, f"YAML syntax error: {problem}{context}"))
        return None, problems
    except yaml.YAMLError as error:
        problems.append(YamlProblem(1, 1, f"YAML error: {error}"))
        return None, problems
    return root, problems


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
    if event.tag is not None and event.tag in _STANDARD_TAGS and event.tag != "!":
        try:
            value = _tagged(event.tag, text)
        except NumberTooLarge:
            problems.append(
                YamlProblem(
                    line,
                    col,
                    f"the number '{text[:24]}{'...' if len(text) > 24 else ''}' is too large; story numbers stay within ±{MAX_INT:,}",
                )
            )
            value = 0
        except ValueError:
            problems.append(YamlProblem(line, col, f"'{text[:40]}' is not a valid {event.tag.rsplit(':', 1)[-1]}"))
            value = text
    elif style is None and event.implicit[0]:
        try:
            value = resolve_plain(text)
        except NumberTooLarge:
            problems.append(
                YamlProblem(
                    line,
                    col,
                    f"the number '{text[:24]}{'...' if len(text) > 24 else ''}' is too large; story numbers stay within ±{MAX_INT:,}",
                )
            )
            value = 0
    else:
        value = text
    return YScalar(value, line, col, style)


def _attach(stack: list[list[object]], node: YNode, problems: list[YamlProblem]) -> None:
    if not stack:
        return
    top = stack[-1]
    parent = top[0]
    if isinstance(parent, YSeq):
        parent.items.append(node)
        return
    assert isinstance(parent, YMap)
    pending = top[1]
    if pending is None:
        if not isinstance(node, YScalar):
            problems.append(YamlProblem(node.line, node.col, "a key must be a plain word, not a list or mapping"))
            top[1] = YScalar(object(), node.line, node.col)
            return
        key = node.value
        seen: dict[object, YScalar] = top[2]  # type: ignore[assignment]
        try:
            hash(key)
        except TypeError:  # pragma: no cover - scalars are hashable
            key = repr(key)
        if key in seen:
            first = seen[key]
            problems.append(
                YamlProblem(
                    node.line,
                    node.col,
                    f"duplicate key '{key}' (first written at line {first.line});"
                    " YAML would silently keep only the last one",
                )
            )
        else:
            seen[key] = node
        top[1] = node
    else:
        assert isinstance(pending, YScalar)
        parent.flat.append(pending)
        parent.flat.append(node)
        top[1] = None
