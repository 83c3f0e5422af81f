"""The title screen: the lettering, one line of dread, and the way in."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from game.collector import freeze_long_lived
from game.ui.lettering import small_lettering, title_lettering
from game.ui.widgets.menu import Menu

if TYPE_CHECKING:
    from game.engine import Story
    from game.saves import SaveSummary
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
#: The key of each menu item (the screen's bindings), shown at the right of its label.
MENU_KEYS: dict[str, str] = {
    "new": "n",
    "continue": "c",
    "load": "l",
    "replay": "r",
    "endings": "e",
    "settings": "o",
    "help": "?",
    "quit": "q",
}
#: Keys pressed while the story loads that are kept and acted on once it is ready.
EARLY_KEYS_KEPT = 8


def menu_label(key: str, label: str, width: int = 24) -> str:
    """A menu item's label with its key at the right: ``New game            n``."""
    shortcut = MENU_KEYS.get(key, "")
    return f"{label.ljust(width - len(shortcut) - 1)} {shortcut}".rstrip()


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
    freeze_long_lived()
    return story


class TitleScreen(Screen[None]):
    """Title, tagline, menu; the story loads in a worker behind it."""

    AUTO_FOCUS = "#menu"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "pick('new')", "New game"),
        Binding("c", "pick('continue')", "Continue"),
        Binding("l", "pick('load')", "Load", show=False),
        Binding("r", "pick('replay')", "Replay", show=False),
        Binding("e", "pick('endings')", "Endings", show=False),
        Binding("o", "pick('settings')", "Settings"),
        Binding("question_mark", "pick('help')", "Help"),
        Binding("q", "pick('quit')", "Quit"),
    ]

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        #: Keys pressed before the story was ready, acted on once it is (see on_key).
        self._early_keys: list[events.Key] = []
        self._menu_enabled_once = False

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
            yield Menu([(key, menu_label(key, label)) for key, label in MENU], enabled={"quit"}, id="menu")
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

    @property
    def waiting_for_story(self) -> bool:
        """True until the story has loaded (or failed to)."""
        return self.game_app.story is None and not self.game_app.story_errors

    def on_key(self, event: events.Key) -> None:
        """While the story loads, keep the keys pressed (Enter on New game, n, ...) to act on them once ready.

        The menu can do nothing before the story is there; a player who presses Enter as
        soon as the title appears must not find the key lost.
        """
        if not self.waiting_for_story:
            return
        item = next((item for item, shortcut in MENU_KEYS.items() if shortcut == event.character), None)
        if item is not None and self.query_one("#menu", Menu).is_enabled(item):
            return  # Quit works at once, loading or not
        event.stop()
        event.prevent_default()
        if len(self._early_keys) < EARLY_KEYS_KEPT:
            self._early_keys.append(event)

    def _replay_early_keys(self) -> None:
        """Send the keys kept while loading through the usual path (bindings, the menu)."""
        early, self._early_keys = self._early_keys, []
        if self.app.screen is not self:
            return  # something else opened (--load, --replay): the keys were meant for the title
        for key in early:
            self.app.post_message(events.Key(key.key, key.character))

    def _load(self) -> None:
        options = self.game_app.options
        self.load_in_background(options.story_dir, options.branches)

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def load_in_background(self, story_dir: Path, branches: tuple[Path, ...]) -> None:
        """Read the story off the UI thread, then hand it back to the UI."""
        result = load_story_files(story_dir, branches)
        latest = self._latest_save()  # the saves are listed off the UI thread too
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.story_loaded, result, latest)

    def story_loaded(self, result: Story | tuple[str, ...], latest: SaveSummary | None = None) -> None:
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
            # The errors come first: keys pressed before them must not open something over them.
            self._early_keys.clear()
            return
        self.refresh_menu(latest, result)
        self.game_app.story_ready(result)
        self._replay_early_keys()

    def refresh_menu(self, latest: SaveSummary | None, story: Story | None = None) -> None:
        """Enable what can be used now (Continue and Load only when there are saves).

        With a game to continue, Continue is highlighted (Enter resumes it) when the menu is
        first ready and whenever the highlight was left on the way in (New game or Continue).
        """
        from game.ui.widgets.prose import plain

        enabled = {"new", "replay", "endings", "settings", "help", "quit"}
        if latest is not None:
            enabled |= {"continue", "load"}
        menu = self.query_one("#menu", Menu)
        was = menu.highlighted_key
        first = not self._menu_enabled_once
        self._menu_enabled_once = True
        self._enable(enabled)
        if latest is not None and (first or was in (None, "new", "continue")):
            menu.highlighted = next(index for index, (key, _) in enumerate(MENU) if key == "continue")
        story = story or self.game_app.story
        story_title = story.title if story is not None else ""
        status = plain(story_title)
        if latest is not None:
            status.append("  ·  " if story_title else "")
            status.append_text(plain(f"last played: {latest.scene_title}"))
        self.query_one("#status", Static).update(status)

    def _latest_save(self) -> SaveSummary | None:
        """The save Continue opens, if any (reads the save folder: call it off the UI thread)."""
        try:
            return self.game_app.store.latest()
        except OSError:
            return None

    @work(thread=True, exclusive=True, group="saves", exit_on_error=False)
    def check_saves(self) -> None:
        """List the saves off the UI thread, then enable Continue and Load if there are any."""
        latest = self._latest_save()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.refresh_menu, latest)

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
