"""Keyboard focus when the window loses and regains focus, as in a browser tab (``exception serve``).

Textual's web driver reports an AppBlur as it starts, before the title's menu has taken focus; the
page's next AppFocus then restored focus to nothing, and Enter and the arrows reached no widget.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from ui_support import ready

from game.ui.app import ExceptionApp
from game.ui.screens.game import GameScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.menu import Menu

AppFactory = Callable[..., ExceptionApp]


async def test_the_menu_has_focus_after_a_blur_that_came_before_it_took_focus(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        app.screen.set_focus(None)  # as in the browser: the blur arrives while nothing has focus yet
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert app.screen.focused is None and not app.app_focus
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.app_focus and menu.has_focus
        await pilot.press("down")
        assert menu.highlighted_key == "replay"  # past the disabled Continue and Load: the arrow reached the menu
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_a_key_pressed_while_blurred_reaches_the_menu(make_app: AppFactory) -> None:
    """No AppFocus at all: the key itself gives the window focus back (Textual), and the menu takes it."""
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        app.screen.set_focus(None)
        app.post_message(events.AppBlur())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_focus_comes_back_to_the_widget_that_had_it(make_app: AppFactory) -> None:
    """A blur while the menu has focus: Textual's own restore, which the fix leaves alone."""
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert menu.has_focus
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert app.screen.focused is None
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and menu.has_focus
