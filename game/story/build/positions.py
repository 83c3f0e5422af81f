"""Where a character of a YAML value is in its file, for errors inside long or quoted texts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from game.story.yamlread import YScalar

#: The line breaks PyYAML counts when it reports a line (YAML 1.1's set).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DOUBLE_QUOTED_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}


def source_lines(text: str) -> list[str]:
    """The file's lines as PyYAML numbers them, without their line breaks."""
    return _LINE_BREAK.split(text)


def scalar_position(lines: Sequence[str], scalar: YScalar, offset: int) -> tuple[int, int]:
    """The 1-based line and column in the file of character ``offset`` of a text scalar's value.

    YAML changes text on its way to the value: it folds line breaks into
    spaces, drops indentation, and turns escapes into characters. This walks
    the source and the value side by side, skipping what YAML drops, so an
    error inside a multi-line or quoted expression points at the right spot.
    If the two cannot be matched, the scalar's own position is returned.
    """
    value = scalar.value if isinstance(scalar.value, str) else ""
    style = scalar.style
    fallback = (scalar.line, scalar.col)
    if style in ("|", ">"):
        line_index, col = scalar.line, 0  # content starts on the line after the header
    else:
        line_index, col = scalar.line - 1, scalar.col - 1 + (1 if style in ('"', "'") else 0)
    j = 0
    while line_index < len(lines):
        text = lines[line_index]
        while col <= len(text):
            ch = text[col] if col < len(text) else "\n"
            want = value[j] if j < len(value) else ""
            # At the offset, skip only whitespace YAML dropped (indentation, folded breaks).
            escaped_break = style == '"' and ch == "\\" and col + 1 >= len(text)
            if j >= offset and not escaped_break and (ch == want or want in ("", " ", "\n") or ch not in " \t\r\n"):
                return line_index + 1, col + 1
            if escaped_break:  # joins the lines without a space
                col = len(text) + 1
            elif style == '"' and ch == "\\":
                col += _DOUBLE_QUOTED_ESCAPE_LENGTHS.get(text[col + 1], 2)
                j += 1
            elif style == "'" and ch == "'" and text[col + 1 : col + 2] == "'":
                col += 2
                j += 1
            elif ch == want:
                col += 1
                j += 1
            elif ch in " \t\r\n":
                col += 1
            elif want in (" ", "\n"):
                j += 1
            else:
                return fallback
        line_index += 1
        col = 0
        if style not in ("|", ">") and line_index < len(lines):
            # A flow scalar drops all leading whitespace of a continuation line.
            continued = lines[line_index]
            col = len(continued) - len(continued.lstrip(" \t"))
    return fallback
