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


# *word* or *a few words*: asterisks hugging text on one line. A lone asterisk, or one
# with a space inside it ("5 * 3"), is left as written.
_EMPHASIS = re.compile(r"\*(?=[^\s*])([^*\n]*?[^\s*])\*")


def emphasis_segments(text: str) -> list[tuple[str, bool]]:
    """Story text split into ``(words, emphasised)`` runs, the asterisks of ``*emphasis*`` removed."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(1), True))
        position = match.end()
    if position < len(text) or not segments:
        segments.append((text[position:], False))
    return segments


def strip_emphasis(text: str) -> str:
    """Story text with the asterisks of ``*emphasis*`` removed: plain words for plain output."""
    if "*" not in text:
        return text
    return _EMPHASIS.sub(r"\1", text)
