"""The title lettering of *exception*: an original block-letter face with one misprinted glyph."""

from __future__ import annotations

# Five rows per glyph: an ascender row, three x-height rows, a descender row.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "e": ("     ", "▄▀▀▀▄", "█▀▀▀▀", "▀▄▄▄▄", "     "),
    "x": ("     ", "▀▄ ▄▀", "  █  ", "▄▀ ▀▄", "     "),
    "c": ("     ", "▄▀▀▀▀", "█    ", "▀▄▄▄▄", "     "),
    "p": ("     ", "█▀▀▀▄", "█   █", "█▀▀▀ ", "▀    "),
    "t": (" █   ", "▀█▀▀▀", " █   ", " ▀▄▄▄", "     "),
    "i": ("▀", "█", "█", "▀", " "),
    "o": ("     ", "▄▀▀▀▄", "█   █", "▀▄▄▄▀", "     "),
    "n": ("     ", "█▀▀▀▄", "█   █", "▀   ▀", "     "),
}

# The second "e" came out of the printer half a row low, its last stroke frayed: the
# misprint. Only moved, never reshaped (the tests compare its pixels with the first
# "e"), so the word still reads "exception".
_MISPRINT = ("     ", " ▄▄▄ ", "█▄▄▄█", "█    ", " ▀▀▀░")
_MISPRINT_INDEX = 3

WORD = "exception"


def title_lettering() -> str:
    """The word *exception* in block letters, five rows high and 57 columns wide."""
    glyphs = [_GLYPHS[letter] for letter in WORD]
    glyphs[_MISPRINT_INDEX] = _MISPRINT
    rows = ["  ".join(glyph[row] for glyph in glyphs).rstrip() for row in range(5)]
    # Every row as wide as the widest, so centring each row keeps the letters in line.
    width = max(len(row) for row in rows)
    return "\n".join(row.ljust(width) for row in rows)


def small_lettering() -> str:
    """The title for narrow terminals: spaced capitals on one row."""
    return " ".join(WORD.upper())
