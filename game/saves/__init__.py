"""Saves: the file format, slots in a directory, loading that survives story edits.

Front ends use this package and ``game.engine``; nothing here imports a UI.
"""

from game.saves.format import FORMAT_VERSION, SaveError, SaveFile
from game.saves.loading import STORY_CHANGED, Divergence, LoadResult, first_difference, replay_log, restore
from game.saves.reading import SaveSummary, read_save, read_summary
from game.saves.slots import new_playthrough, playthrough_after_load, slot_name
from game.saves.store import MAX_AUTOSAVES, SaveStore, default_saves_dir

__all__ = [
    "FORMAT_VERSION",
    "MAX_AUTOSAVES",
    "STORY_CHANGED",
    "Divergence",
    "LoadResult",
    "SaveError",
    "SaveFile",
    "SaveStore",
    "SaveSummary",
    "default_saves_dir",
    "first_difference",
    "new_playthrough",
    "playthrough_after_load",
    "read_save",
    "read_summary",
    "replay_log",
    "restore",
    "slot_name",
]
