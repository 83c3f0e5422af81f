"""Unsaved buffers kept across a crash: written while the author types, offered back on the next start.

One JSON file per story folder in the studio's data folder. It is untrusted on the way
back in: read with a size bound, checked field by field, and a bad file is one line of
explanation and otherwise ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from game.saves.atomic import atomic_write_bytes
from game.story.files import UnreadableFile, read_regular_file

#: A journal holds a few story files' text; past this it is not read.
MAX_JOURNAL_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Recovered:
    """What a journal gave back: the text of each file that had unsaved edits."""

    buffers: dict[Path, str]
    problem: str | None = None


class BufferJournal:
    """The journal of one story folder's unsaved buffers."""

    def __init__(self, data_dir: Path, story: Path) -> None:
        key = hashlib.sha256(str(story.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.path = data_dir / f"buffers-{key}.json"
        self.story = story.resolve()

    def write(self, buffers: dict[Path, str]) -> None:
        """Keep these texts (an empty mapping removes the journal); raises OSError."""
        if not buffers:
            self.clear()
            return
        data = {"story": str(self.story), "buffers": {str(path): text for path, text in sorted(buffers.items())}}
        atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def clear(self) -> None:
        """Forget every kept buffer."""
        self.path.unlink(missing_ok=True)

    def read(self) -> Recovered:
        """The kept buffers (none when there is no journal or it cannot be used)."""
        try:
            data = json.loads(read_regular_file(self.path, MAX_JOURNAL_BYTES).decode("utf-8"))
        except FileNotFoundError:
            return Recovered({})
        except (OSError, UnreadableFile, UnicodeDecodeError, ValueError) as error:
            return Recovered(
                {}, f"the journal of unsaved edits {self.path} cannot be read ({error}); it was left alone"
            )
        buffers = data.get("buffers") if isinstance(data, dict) else None
        if not isinstance(buffers, dict) or data.get("story") != str(self.story):
            return Recovered(
                {}, f"the journal of unsaved edits {self.path} is not one the studio wrote; it was left alone"
            )
        return Recovered(
            {Path(path): text for path, text in buffers.items() if isinstance(path, str) and isinstance(text, str)}
        )
