"""What could complete the word at the cursor: format keys, scene ids, variable names.

Decided from the text of the line before the cursor and the last story that loaded;
pure, so the table of cases is tested without a screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from game.engine import Story
from game.story.expressions import BUILTIN_NAMES, FUNCTIONS
from game.story.format import FORMAT_KEYS

_KEY = re.compile(r"^\s*(?:-\s+)?(?P<word>[a-z_]+)\Z")
_SCENE_VALUE = re.compile(r"^\s*(?:-\s+)?(?:to|expires|start)\s*:\s*(?P<word>[A-Za-z_]\w*)?\Z")
_SCENE_LIST_ITEM = re.compile(r"^\s*-\s+(?P<word>[A-Za-z_]\w*)\Z")
_SCENE_CALL = re.compile(r"\b(?:visited|visits)\(\s*(?P<word>[A-Za-z_]\w*)?\Z")
_EFFECT_KEY = re.compile(r"\b(?:set|add)\s*:\s*\{(?:[^}]*,)?\s*(?P<word>[A-Za-z_]\w*)\Z")
_EXPRESSION = re.compile(r"(?:\bif\s*:\s*[\"']?|=\s*|\{(?:if |elif )?)[^{}]*?(?P<word>[A-Za-z_]\w*)\Z")


def _starting(prefix: str, words: Iterable[str]) -> list[str]:
    """The rest of each word that starts with ``prefix`` (and is longer), in order, no repeats."""
    seen: dict[str, None] = {}
    for word in words:
        if word.startswith(prefix) and len(word) > len(prefix):
            seen.setdefault(word[len(prefix) :], None)
    return list(seen)


def complete(before: str, story: Story | None) -> list[str]:
    """The endings that complete the word before the cursor, best first (empty: nothing fits here)."""
    scenes = sorted(story.scenes) if story else []
    variables = sorted(story.variables) if story else []
    if match := _SCENE_CALL.search(before):
        return _starting(match["word"] or "", scenes)
    if match := _SCENE_VALUE.match(before):
        return _starting(match["word"] or "", scenes)
    if match := _EFFECT_KEY.search(before):
        return _starting(match["word"], variables)
    if match := _EXPRESSION.search(before):
        return _starting(match["word"], [*variables, *BUILTIN_NAMES, *FUNCTIONS])
    if match := _KEY.match(before):
        keys = _starting(match["word"], FORMAT_KEYS)
        return keys or _starting(match["word"], scenes) if _SCENE_LIST_ITEM.match(before) else keys
    return []


def word_at(line: str, column: int) -> str:
    """The word (letters, digits and _) that ``column`` of ``line`` stands in or just after; empty when none."""
    start, end = column, column
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    while end < len(line) and (line[end].isalnum() or line[end] == "_"):
        end += 1
    return line[start:end]
