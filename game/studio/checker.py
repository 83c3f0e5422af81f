"""Check a story with the editor's unsaved buffers, without writing them; parse only what changed."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from game.engine import Story, StoryError, StoryLoadError, load_story
from game.story.incremental import YamlMemo

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem at a place: ``file`` is the file it is in when that file can be found."""

    display: str
    line: int
    col: int
    message: str
    file: Path | None = None
    level: str = ERROR

    def __str__(self) -> str:
        return f"{self.display}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: the story when it loaded, else the problems; the seconds it took."""

    story: Story | None
    problems: tuple[Problem, ...]
    seconds: float
    generation: int


class StoryChecker:
    """Loads a story again and again with overrides, keeping each file's parse by content."""

    def __init__(
        self, story: Path, branches: Callable[[], tuple[Path, ...]], locate: Callable[[str], Path | None]
    ) -> None:
        self.story = story
        self.branches = branches
        self._locate = locate
        self._memo = YamlMemo()

    @property
    def files_parsed(self) -> int:
        """How many file texts were parsed so far (unchanged files are not parsed again)."""
        return self._memo.parsed

    def check(self, overrides: Mapping[Path, bytes], generation: int = 0) -> CheckResult:
        """Load the story (and the branches ``branches()`` names now) with ``overrides`` for those files' bytes."""
        started = time.perf_counter()
        try:
            story = load_story(
                self.story, self.branches(), use_cache=False, overrides=overrides, yaml_reader=self._memo
            )
            problems: tuple[Problem, ...] = ()
        except StoryLoadError as failure:
            story = None
            problems = tuple(self._problem(error) for error in failure.errors)
        self._memo.forget_unused()
        return CheckResult(story, problems, time.perf_counter() - started, generation)

    def _problem(self, error: StoryError) -> Problem:
        return Problem(error.path, error.line, error.col, error.message, self._locate(error.path))
