"""Text layout shared by ``exception scenes`` and ``exception vars``: wrapped lines at the terminal's width."""

from __future__ import annotations

import shutil
import textwrap

from game.story.model import Source

#: Never wider than this, however wide the terminal: long lines are hard to scan.
MAX_WIDTH = 100
MIN_WIDTH = 40


def plural(count: int, word: str) -> str:
    """``3 scenes``, ``1 scene``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def how_many(shown: int, total: int, word: str) -> str:
    """``95 scenes``, or ``3 of 95 scenes`` when --name chose some."""
    return plural(total, word) if shown == total else f"{shown:,} of {plural(total, word)}"


def where(source: Source | None) -> str:
    """``file:line``, or a word when the place is not known."""
    return f"{source.path}:{source.line}" if source is not None else "(no line)"


class Lines:
    """Lines of a report, wrapped to the terminal (80 columns when not a terminal)."""

    def __init__(self, width: int | None = None) -> None:
        columns = width if width is not None else shutil.get_terminal_size((80, 24)).columns
        self.width = max(MIN_WIDTH, min(MAX_WIDTH, columns))
        self._lines: list[str] = []

    def add(self, line: str) -> None:
        """One line as it is."""
        self._lines.append(line)

    def wrap(self, lead: str, text: str) -> None:
        """``text`` after ``lead``, its further lines indented as far as the text starts."""
        if len(lead) + len(text) <= self.width and "\n" not in text and text == text.strip():
            self._lines.append(lead + text)  # most lines fit: textwrap is slow on tens of thousands
            return
        self._lines.extend(
            textwrap.wrap(
                text,
                self.width,
                initial_indent=lead,
                subsequent_indent=" " * len(lead) + "  ",
                break_on_hyphens=False,
                break_long_words=True,
            )
            or [lead.rstrip()]
        )

    def text(self) -> str:
        """Everything, one line each, ending in a newline."""
        return "\n".join(self._lines) + "\n"
