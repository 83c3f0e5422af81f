"""The engine's public API: load a story, play it, save and restore it.

Front ends import from here and nowhere deeper.
"""

from game.engine.game import (
    ChoiceError,
    ChoiceView,
    CountdownView,
    CrewView,
    EndingView,
    Game,
    SceneView,
    StoryRuntimeError,
)
from game.engine.state import GameState, LogEntry
from game.story.loader import StoryError, StoryLoadError, load_story
from game.story.model import Story

__all__ = [
    "ChoiceError",
    "ChoiceView",
    "CountdownView",
    "CrewView",
    "EndingView",
    "Game",
    "GameState",
    "LogEntry",
    "SceneView",
    "Story",
    "StoryError",
    "StoryLoadError",
    "StoryRuntimeError",
    "load_story",
]
