"""The terminal UI names the branch file of a text that fails, as a readable message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from ui_support import FIXTURES, ready

from game.ui.app import ExceptionApp
from game.ui.screens.game import GameScreen
from game.ui.screens.story_errors import StoryErrorsScreen

STORY = FIXTURES / "deep_templates"
TEXT_BRANCH = FIXTURES / "deep_templates_branch"
GUARD_BRANCH = FIXTURES / "deep_templates_guard"


async def _wait_twice(app: ExceptionApp, branch_file: str) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        game = app.screen.session.game
        app.screen.take("wait")
        await pilot.pause()
        app.screen.take("wait")  # every door shut: the hall's text (or a condition) divides by zero
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryErrorsScreen), type(screen).__name__
        (error,) = screen.errors
        assert error.startswith(f"{branch_file}:"), error
        assert "modulo by zero" in error
        assert "Traceback" not in error
        assert game.turn == 1  # the game stays at the last turn it could draw
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_a_branch_text_that_fails_names_the_branch_file(make_app: Callable[..., ExceptionApp]) -> None:
    await _wait_twice(make_app(STORY, branches=(TEXT_BRANCH,)), (TEXT_BRANCH / "shares.yaml").as_posix())


async def test_a_branch_condition_that_fails_names_the_branch_file(make_app: Callable[..., ExceptionApp]) -> None:
    await _wait_twice(make_app(STORY, branches=(GUARD_BRANCH,)), (GUARD_BRANCH / "tally.yaml").as_posix())
