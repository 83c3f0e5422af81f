"""The studio's status line as text: the file and cursor, the last check, the completion on offer, a note.

Pure, so what the line says in each case is tested without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.studio.checker import CheckResult

#: Between the parts of the status line.
SEPARATOR = "  │  "


def check_outcome(check: CheckResult) -> str:
    """Whether the story loaded (else how many problems), and how long the check took."""
    count = len(check.problems)
    outcome = "story loads" if check.story is not None else f"{count} problem{'s' if count != 1 else ''}"
    return f"{outcome} ({check.seconds * 1000:.0f} ms)"


@dataclass(frozen=True, slots=True)
class Place:
    """Where the author is: the file on screen (as they read its path), unsaved or not, and the cursor (from 0)."""

    file: str
    dirty: bool
    row: int
    column: int


def status_line(place: Place | None, check: CheckResult | None, completions: int | None, note: str) -> str:
    """The status line; ``completions`` is how many completions are on offer (None: none is shown)."""
    parts: list[str] = []
    if place is not None:
        parts.append(f"{place.file}{' ●' if place.dirty else ''}  {place.row + 1}:{place.column + 1}")
    if check is not None:
        parts.append(check_outcome(check))
    if completions is not None:
        parts.append("Right takes the completion" + (f"; Ctrl+N: the next of {completions}" if completions > 1 else ""))
    if note:
        parts.append(note)
    return SEPARATOR.join(parts)
