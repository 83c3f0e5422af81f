"""Making story text safe to print in a terminal."""

from __future__ import annotations

import re

# Whole escape sequences first (CSI, OSC, two-byte), then any other control
# character except tab and newline, so nothing can move the cursor or retitle
# the terminal.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters from story text."""
    text = text.replace("\r\n", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def tidy_paragraphs(text: str) -> str:
    """Rendered story text with the gaps that false ``{if}`` passages leave closed up.

    A passage whose condition is false leaves its blank lines behind; runs of
    blank lines become one paragraph break, trailing spaces go, and the text
    neither starts nor ends with blank lines.
    """
    # Most texts need neither substitution; the membership tests are far cheaper than the searches.
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:  # with trailing spaces gone, a run of blank lines is three newlines in a row
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n").rstrip() + ("\n" if text.endswith("\n") and text.strip() else "")
