"""The errors the engine's public API raises while a game is played."""

from __future__ import annotations


class ChoiceError(Exception):
    """The player asked for a choice that does not exist or is not allowed now."""


class StoryRuntimeError(Exception):
    """An expression failed while the game ran; the message names where it is written."""
