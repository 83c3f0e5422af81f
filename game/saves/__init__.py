"""Saves: the file format, slots in a directory, loading that survives story edits.

Front ends use this package and ``game.engine``; nothing here imports a UI.
"""

from game.saves.format import FORMAT_VERSION, SaveError, SaveFile
from game.saves.loading import STORY_CHANGED, Divergence, LoadResult, first_difference, replay_log, restore
from game.saves.store import SaveStore, SaveSummary, default_saves_dir, read_save, slot_name

__all__ = [
    "FORMAT_VERSION",
    "STORY_CHANGED",
    "Divergence",
    "LoadResult",
    "SaveError",
    "SaveFile",
    "SaveStore",
    "SaveSummary",
    "default_saves_dir",
    "first_difference",
    "read_save",
    "replay_log",
    "restore",
    "slot_name",
]
