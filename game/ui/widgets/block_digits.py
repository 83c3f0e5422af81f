"""Big solid digits for the countdown: a 3x5 pixel font drawn with block characters.

Textual's ``Digits`` draws numbers with thin box-drawing lines, which fade in dim styles
and make a 7 look like a bracket. Here every pixel is solid block: half a cell in the
small size (three rows), two whole cells in the large one (five rows), so the strokes
are filled and about as thick across as down.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

# Each glyph is five rows of pixels ("#" set); two pixel rows make one terminal row.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": ("##.", ".#.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ".": (".", ".", ".", ".", "#"),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
    " ": (".", ".", ".", ".", "."),
}
#: Terminal rows a number takes, small and large.
SMALL_ROWS = 3
LARGE_ROWS = 5
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _glyph(character: str) -> tuple[str, ...]:
    # Anything the font lacks (a letter in a story's odd unit) is a gap, never an error.
    return _FONT.get(character, _FONT[" "])


def _pixel_rows(text: str, gap: str) -> list[str]:
    glyphs = [_glyph(character) for character in text]
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(5)]


def block_lines(text: str, *, large: bool = False) -> list[str]:
    """``text`` in the block font: rows of equal width, glyphs a blank pixel apart.

    Small: ``SMALL_ROWS`` rows, a pixel is one column by half a row. Large: ``LARGE_ROWS``
    rows, a pixel is two columns by one row.
    """
    pixel_rows = _pixel_rows(text, ".")
    if large:
        return ["".join("██" if pixel == "#" else "  " for pixel in row) for row in pixel_rows]
    pixel_rows.append("." * len(pixel_rows[0]))  # the empty lower half of the last row
    return [
        "".join(_HALF_BLOCKS[a == "#", b == "#"] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(pixel_rows[0::2], pixel_rows[1::2], strict=True)
    ]


def block_width(text: str, *, large: bool = False) -> int:
    """Columns ``text`` takes in the block font."""
    pixels = len(_pixel_rows(text, ".")[0]) if text else 0
    return pixels * 2 if large else pixels


class BlockDigits(Static):
    """A number in solid block digits; its colour comes from CSS like any text."""

    DEFAULT_CSS = """
    BlockDigits { width: auto; height: auto; }
    """

    def __init__(self, value: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.value = ""
        self.large = False
        self.update_value(value)

    def update_value(self, value: str, *, large: bool | None = None) -> None:
        """Show ``value`` (digits, a point, a colon or a minus; anything else is a gap)."""
        self.value = value
        if large is not None:
            self.large = large
        self.update(Text("\n".join(block_lines(value, large=self.large)) if value else ""))
