"""The engine's public API: load a story, play it, save and restore it.

Front ends import from here and nowhere deeper.
"""

from game.engine.errors import ChoiceError, StoryRuntimeError
from game.engine.game import Game
from game.engine.state import GameState, LogEntry
from game.engine.views import ChoiceView, CountdownView, CrewView, EndingView, SceneView
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
