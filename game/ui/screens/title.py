"""The title screen: the lettering, one line of dread, and the way in."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from game.ui.lettering import small_lettering, title_lettering
from game.ui.widgets.menu import Menu

if TYPE_CHECKING:
    from game.engine import Story
    from game.ui.app import ExceptionApp

TAGLINE = "The printer hums in the dark. Something came out wrong. The clock has started."

MENU: tuple[tuple[str, str], ...] = (
    ("new", "New game"),
    ("continue", "Continue"),
    ("load", "Load"),
    ("replay", "Replay a save"),
    ("endings", "Endings"),
    ("settings", "Settings"),
    ("help", "Help"),
    ("quit", "Quit"),
)


def load_story_files(story_dir: Path, branches: tuple[Path, ...]) -> Story | tuple[str, ...]:
    """Load the story, or return every error as ``path:line:col: message``."""
    from game.engine import StoryLoadError, load_story

    try:
        story = load_story(story_dir, branches)
    except StoryLoadError as error:
        return tuple(str(problem) for problem in error.errors) or (str(error),)
    except OSError as error:
        return (f"{story_dir}: cannot read the story: {error.strerror or error}",)
    # The story lives as long as the program: keep the collector's full passes off it.
    gc.freeze()
    return story


class TitleScreen(Screen[None]):
    """Title, tagline, menu; the story loads in a worker behind it."""

    AUTO_FOCUS = "#menu"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "pick('new')", "New game"),
        Binding("c", "pick('continue')", "Continue"),
        Binding("l", "pick('load')", "Load", show=False),
        Binding("e", "pick('endings')", "Endings", show=False),
        Binding("question_mark", "pick('help')", "Help"),
        Binding("q", "pick('quit')", "Quit"),
    ]

    @property
    def game_app(self) -> ExceptionApp:
        """The app, typed."""
        from game.ui.app import ExceptionApp

        assert isinstance(self.app, ExceptionApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Lettering, tagline, status, menu, errors."""
        # Straight on the screen, which centres them as a group (no box around them: every
        # widget is styled and laid out before the first frame, so there are as few as can be).
        yield Static(Text(title_lettering()), id="lettering", markup=False)
        yield Static(Text(small_lettering()), id="lettering-small", markup=False)
        yield Static(Text(TAGLINE), id="tagline", markup=False)
        yield Static(Text("waking the ship…"), id="status", markup=False)
        with Center():
            # Only Quit until the story has loaded.
            yield Menu(MENU, enabled={"quit"}, id="menu")
        # The story-errors panel is mounted only when there are errors (see story_loaded).

    def on_mount(self) -> None:
        """Load the story after the first frame, so the title appears at once."""
        # After the first frame has been written: a loading thread started sooner competes
        # with the first paint for the interpreter and delays the title.
        delay = self.game_app.load_delay
        if delay > 0:
            self.call_after_refresh(self.set_timer, delay, self._load)
        else:
            self.call_after_refresh(self._load)

    def _load(self) -> None:
        options = self.game_app.options
        self.load_in_background(options.story_dir, options.branches)

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def load_in_background(self, story_dir: Path, branches: tuple[Path, ...]) -> None:
        """Read the story off the UI thread, then hand it back to the UI."""
        result = load_story_files(story_dir, branches)
        saves = self._saves_exist()  # the saves are listed off the UI thread too
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.story_loaded, result, saves)

    def story_loaded(self, result: Story | tuple[str, ...], saves: bool = False) -> None:
        """Enable the menu, or show why the story cannot be played."""
        status = self.query_one("#status", Static)
        if isinstance(result, tuple):
            self.game_app.story_errors = result
            count = len(result)
            status.update(Text(f"The story has {count} error{'s' if count != 1 else ''}; fix them and start again."))
            self.add_class("-errors")
            self.mount(
                VerticalScroll(Static(Text("\n".join(result)), id="story-errors-text", markup=False), id="story-errors")
            )
            self._enable({"endings", "settings", "help", "quit"})
            return
        status.update(Text(f"{result.title} · {len(result.scenes)} scenes"))
        self.refresh_menu(saves)
        self.game_app.story_ready(result)

    def refresh_menu(self, saves: bool) -> None:
        """Enable what can be used now (Continue and Load only when there are saves)."""
        enabled = {"new", "replay", "endings", "settings", "help", "quit"}
        if saves:
            enabled |= {"continue", "load"}
        self._enable(enabled)

    def _saves_exist(self) -> bool:
        """Whether there is a save to continue (reads the save folder: call it off the UI thread)."""
        try:
            return self.game_app.store.latest() is not None
        except OSError:
            return False

    @work(thread=True, exclusive=True, group="saves", exit_on_error=False)
    def check_saves(self) -> None:
        """List the saves off the UI thread, then enable Continue and Load if there are any."""
        saves = self._saves_exist()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.refresh_menu, saves)

    def _enable(self, keys: set[str]) -> None:
        self.query_one("#menu", Menu).set_enabled(keys)

    def on_screen_resume(self) -> None:
        """Back on the title (after a game or a dialog): saves may have changed."""
        if self.game_app.story is not None:
            self.check_saves()

    @on(Menu.Selected, "#menu")
    def _selected(self, event: Menu.Selected) -> None:
        self.action_pick(event.key)

    def action_pick(self, key: str) -> None:
        """Do what a menu item says (if it is enabled now)."""
        if not self.query_one("#menu", Menu).is_enabled(key):
            return
        actions: dict[str, Callable[[], None]] = {
            "new": self.game_app.new_game,
            "continue": self._continue,
            "load": self._load_dialog,
            "replay": self._replay_dialog,
            "endings": self._endings,
            "settings": self._settings,
            "help": self._help,
            "quit": lambda: self.game_app.exit_game(0),
        }
        actions[key]()

    def _continue(self) -> None:
        self.continue_latest()

    @work(thread=True, exclusive=True, group="continue", exit_on_error=False)
    def continue_latest(self) -> None:
        """Find the save to continue off the UI thread, then open it."""
        try:
            latest = self.game_app.store.latest()
        except OSError:
            latest = None
        if latest is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.game_app.load_save, latest.path)

    def _load_dialog(self) -> None:
        from game.ui.screens.load_dialog import LoadDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.game_app.load_save(path)

        self.app.push_screen(LoadDialog(self.game_app.store), chosen)

    def _replay_dialog(self) -> None:
        from game.ui.screens.load_dialog import LoadDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.game_app.start_replay(path)

        self.app.push_screen(LoadDialog(self.game_app.store, title="Replay a save"), chosen)

    def _endings(self) -> None:
        from game.ui.screens.gallery import GalleryScreen

        self.app.push_screen(GalleryScreen(self.game_app.story, self.game_app.gallery))

    def _settings(self) -> None:
        from game.ui.config import Settings
        from game.ui.screens.settings import SettingsScreen

        def chosen(settings: Settings | None) -> None:
            if settings is not None:
                self.game_app.apply_settings(settings)

        self.app.push_screen(SettingsScreen(self.game_app.settings), chosen)

    def _help(self) -> None:
        from game.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The menu, for the command palette."""
        menu = self.query_one("#menu", Menu)
        return [
            (label, f"title menu: {label.lower()}", partial(self.action_pick, key))
            for key, label in MENU
            if menu.is_enabled(key)
        ]
