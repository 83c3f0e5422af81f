"""Noticing that story files changed on disk, for live reload (pure Python, no Textual)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from game.story.loader import STORY_SUFFIXES

Signature = tuple[tuple[str, int, int], ...]


def story_signature(directories: Iterable[Path]) -> Signature:
    """Every story file under the directories, with its size and modification time.

    Cheap enough to take every second: it reads directory entries, not files.
    A file that vanishes while it is being listed simply drops out.
    """
    found: list[tuple[str, int, int]] = []
    for directory in directories:
        for root, subdirs, files in os.walk(directory, followlinks=False):
            subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not name.endswith(STORY_SUFFIXES):
                    continue
                path = os.path.join(root, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                found.append((path, status.st_mtime_ns, status.st_size))
    return tuple(found)


class StoryWatcher:
    """Compares the story files' signature with the one seen last."""

    def __init__(self, directories: Iterable[Path]) -> None:
        self.directories = tuple(directories)
        self._last = story_signature(self.directories)

    def changed(self) -> bool:
        """True once after each change to the files (new, removed, edited)."""
        current = story_signature(self.directories)
        if current == self._last:
            return False
        self._last = current
        return True
