"""The Textual application: shared services (story, saves, settings, gallery) and navigation.

Flows live in the screens; the app only holds what every screen needs and switches screens.
Heavy modules (the engine, the saves) are imported after the first frame so the title
screen appears as fast as Textual allows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from game.collector import resume_after_startup
from game.text import marked_prose
from game.ui import AppOptions
from game.ui.config import Gallery, Settings, read_gallery, read_settings, save_gallery, save_settings
from game.ui.textual_compat import QuietExitApp, start_in_theme

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from game.engine import Game, Story
    from game.saves import SaveStore
    from game.ui.session import Session
    from game.ui.watcher import StoryWatcher


def game_commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from game.ui.commands import GameCommands

    return GameCommands


def _breakpoint(size: int, breakpoints: list[tuple[int, str]] | None) -> str | None:
    """The class of the largest breakpoint ``size`` reaches (as Textual's screens choose it)."""
    reached = [(threshold, name) for threshold, name in breakpoints or () if size >= threshold]
    return max(reached)[1] if reached else None


class ExceptionApp(QuietExitApp[int]):
    """*exception*, in the terminal (a widget missing while it closes is no error: the last turn is saved)."""

    TITLE = "exception"
    CSS_PATH = "app.tcss"
    # The game's commands only: Textual's own Quit, Theme, Keys... would repeat the game's.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {lambda: game_commands()}
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]  # noqa: RUF012 (Textual declares the type)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        # Every turn is autosaved, so Ctrl+C can leave at once without losing anything.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        options: AppOptions,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        config_dir: Path | None = None,
        store: SaveStore | None = None,
        load_delay: float = 0.12,
        watch_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.options = options
        self.clock = clock
        self.now = now
        self.config_dir = config_dir
        self.settings: Settings
        self.gallery: Gallery
        self.settings, settings_problem = read_settings(config_dir)
        self.gallery, gallery_problem = read_gallery(config_dir)
        #: What was ignored in the settings and endings files, one line a file (told once, on the title).
        self.config_problems: tuple[str, ...] = tuple(
            problem for problem in (settings_problem, gallery_problem) if problem is not None
        )
        self.story: Story | None = None
        self.story_errors: tuple[str, ...] = ()
        self._store: SaveStore | None = store
        #: Seconds between the first frame and the start of story loading (tests use 0).
        self.load_delay = load_delay
        #: With --watch: how often the story files are looked at, in seconds.
        self.watch_interval = watch_interval
        self._watcher: StoryWatcher | None = None
        self._use_first_theme(self.settings.theme)
        self.animation_level = "none" if self.settings.reduced_motion else "full"

    def _use_first_theme(self, name: str) -> None:
        """Start in the player's theme (the game's themes registered first) without parsing the CSS twice."""
        from game.ui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        start_in_theme(self, name)

    # ------------------------------------------------------------- services

    @property
    def store(self) -> SaveStore:
        """The save slots (created on first use)."""
        if self._store is None:
            from game.saves import SaveStore

            self._store = SaveStore(self.options.saves_dir)
        return self._store

    def on_mount(self) -> None:
        """Collect garbage again once the first frame is out (``run_app`` pauses it for the start)."""
        self.call_after_refresh(self._first_frame_drawn)
        if self.config_problems:
            self.notify(
                "\n".join(self.config_problems),
                title="Some of your settings were ignored",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _first_frame_drawn(self) -> None:
        # Everything built so far lives as long as the program: keep it out of the
        # collector's full passes, which would otherwise walk it all during play.
        resume_after_startup()

    def watch_app_focus(self, focused: bool) -> None:
        """The window has focus again: with nothing focused, focus what the screen focuses first (AUTO_FOCUS).

        In a browser the web driver reports a blur as it starts, before the title's menu has taken
        focus; Textual remembers that nothing had focus and so restores nothing when the page gets
        focus, and Enter and the arrow keys would reach no widget.
        """
        if not focused or not self.screen_stack or self.screen.focused is not None:
            return
        screen = self.screen
        auto_focus = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else self.AUTO_FOCUS
        if not auto_focus:
            return
        for widget in screen.query(auto_focus):
            if widget.focusable:
                screen.set_focus(widget, scroll_visible=False)
                return

    def get_default_screen(self) -> Screen[None]:
        """The title screen, as the bottom of the stack.

        In place of Textual's blank default screen with the title pushed over it: one
        screen to compose, style and lay out before the first frame instead of two.
        """
        from game.ui.screens.title import TitleScreen

        # Born with its size classes (-wide, -tall, ...): Textual adds them on the first
        # resize, and a change of classes then styles every widget on the screen again.
        width, height = self.size
        sizes = (_breakpoint(width, self.HORIZONTAL_BREAKPOINTS), _breakpoint(height, self.VERTICAL_BREAKPOINTS))
        return TitleScreen(classes=" ".join(name for name in sizes if name is not None))

    def apply_settings(self, settings: Settings, *, persist: bool = True) -> None:
        """Use new settings now (and keep them for next time, when they changed)."""
        changed = settings != self.settings
        self.settings = settings
        self.theme = settings.theme
        self.animation_level = "none" if settings.reduced_motion else "full"
        # Unchanged settings are not written: a settings file the game could not use stays as
        # the player left it until they change something.
        if persist and changed:
            try:
                save_settings(settings, self.config_dir)
            except OSError as error:
                self.notify(f"Settings could not be saved: {error}", severity="error")

    def record_ending(self, story: Story, game: Game) -> bool:
        """Add the game's ending to the gallery; returns True if it is a new find."""
        view = game.view()
        if view.ending is None:
            return False
        new = view.ending.id not in self.gallery.for_story(story.id)
        self.gallery = self.gallery.with_ending(
            story.id, view.ending.id, view.ending.title, view.ending.tone, self.now(), text=marked_prose(view.text)
        )
        try:
            save_gallery(self.gallery, self.config_dir)
        except OSError as error:
            self.notify(f"The endings gallery could not be saved: {error}", severity="error")
        return new

    # ---------------------------------------------------------- live reload

    def check_story_files(self) -> None:
        """With --watch: reload the story when its files change (the timer calls this; tests too)."""
        if self._watcher is not None and self._watcher.changed():
            self.reload_story()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_story(self) -> None:
        """Load the changed story off the UI thread, then apply it on the UI thread."""
        from game.ui.screens.title import load_story_files

        result = load_story_files(self.options.story_dir, self.options.branches)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.story_reloaded, result)

    def story_reloaded(self, result: Story | tuple[str, ...]) -> None:
        """Show the new story's errors, or carry the game over to the new story.

        When the game cannot be carried over (the new story cannot draw where the player is),
        the error is shown and the game and the old story are kept as they were.
        """
        from game.engine import StoryRuntimeError
        from game.ui.screens.story_errors import StoryErrorsScreen

        if isinstance(result, tuple):
            self.story_errors = result
            self.show_story_errors(result)
            return
        session = self.current_session()
        carried: tuple[Session, str | None] | None = None
        if session is not None:
            try:
                carried = self._carry_over(session, result)
            except StoryRuntimeError as error:
                self.story_errors = (str(error),)
                self.show_story_errors(self.story_errors)
                return
        self.story_errors = ()
        while isinstance(self.screen, StoryErrorsScreen):
            self.pop_screen()
        self.story = result
        if carried is None:
            self.notify("The story was reloaded.", title="Live reload", timeout=4)
            return
        new_session, divergence = carried
        if divergence is None:
            self.notify(f"The story was reloaded at turn {new_session.game.turn}.", title="Live reload", timeout=4)
        else:
            self.notify(
                f"The story was reloaded; the replay stopped at {divergence}.",
                title="Live reload",
                severity="warning",
                timeout=10,
            )
        self.play(new_session)

    def show_story_errors(self, errors: tuple[str, ...], *, title: str | None = None, hint: str | None = None) -> None:
        """Show errors (``path:line:col: message``) over whatever is on screen, which stays as it was."""
        from game.ui.screens.story_errors import RESTART_HINT, WATCH_HINT, StoryErrorsScreen

        hint = hint or (WATCH_HINT if self.options.watch else RESTART_HINT)
        if isinstance(self.screen, StoryErrorsScreen):
            self.screen.show_errors(errors, title=title, hint=hint)
        else:
            self.push_screen(StoryErrorsScreen(errors, title=title, hint=hint))

    def current_session(self) -> Session | None:
        """The session of the game screen on the stack, if a game is being played."""
        from game.ui.screens.game import GameScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                return screen.session
        return None

    def _carry_over(self, session: Session, story: Story) -> tuple[Session, str | None]:
        """The session's choices replayed on the new story, and where the replay stopped (if it did).

        Raises StoryRuntimeError when the new story cannot start or cannot draw where that leads.
        """
        from game.saves import replay_log
        from game.ui.session import Session

        old = session.game
        log = tuple(entry.to_data() for entry in old.log)
        outcome = replay_log(story, old.seed, log)
        carried = Session.resumed(story, outcome.game, clock=self.clock, play_time=session.play_time)
        carried.playthrough = session.playthrough  # the same playthrough: it keeps its autosave
        return carried, None if outcome.divergence is None else str(outcome.divergence)

    # ----------------------------------------------------------- navigation

    def story_ready(self, story: Story) -> None:
        """The story has loaded: open what the command line asked for."""
        self.story = story
        if self.options.watch and self._watcher is None:
            from game.ui.watcher import StoryWatcher

            self._watcher = StoryWatcher((self.options.story_dir, *self.options.branches))
            self.set_interval(self.watch_interval, self.check_story_files)
        if self.options.replay is not None:
            self.start_replay(self.options.replay)
        elif self.options.load is not None:
            self.load_save(self.options.load)

    def new_game(self) -> None:
        """Start a playthrough from the beginning."""
        from game.engine import Game, StoryRuntimeError
        from game.ui.session import Session

        if self.story is None:
            return
        try:
            session = Session(Game(self.story, self.options.seed), clock=self.clock)
        except StoryRuntimeError as error:
            self.show_story_errors((str(error),))
            return
        self.play(session)

    def load_save(self, slot_or_path: str | Path) -> None:
        """Open a save (a slot name or a file) and play on from it."""
        from game.engine import StoryRuntimeError
        from game.saves import SaveError, playthrough_after_load
        from game.ui.session import Session

        if self.story is None:
            return
        try:
            result = self.store.load(slot_or_path, self.story)
            session = Session.resumed(self.story, result.game, clock=self.clock, play_time=result.play_time)
        except SaveError as error:
            self.notify(str(error), title="Cannot load", severity="error", timeout=8)
            return
        except StoryRuntimeError as error:
            # The save is fine; the story cannot draw where it was (or cannot start at all).
            self.show_story_errors((str(error),))
            return
        if result.notice:
            self.notify(result.notice, title="Loaded", severity="warning", timeout=8)
        # Continuing an autosave continues its playthrough; any other load starts a new one.
        session.playthrough = playthrough_after_load(result.save)
        self.play(session)

    def play(self, session: Session) -> None:
        """Show the game screen for a session (replacing whatever game was shown)."""
        from game.ui.screens.game import GameScreen

        self._back_to_title()
        self.push_screen(GameScreen(session))

    def start_replay(self, path: Path) -> None:
        """Open the replay screen for a save file."""
        from game.engine import Game, StoryRuntimeError
        from game.saves import SaveError, read_save
        from game.ui.screens.replay import ReplayScreen

        if self.story is None:
            return
        try:
            save = read_save(path)
            # The replay opens at the start: a start that cannot be drawn is shown as the error it is.
            Game(self.story, save.seed).view()
        except SaveError as error:
            self.notify(str(error), title="Cannot replay", severity="error", timeout=8)
            return
        except StoryRuntimeError as error:
            self.show_story_errors((str(error),))
            return
        self._back_to_title()
        self.push_screen(ReplayScreen(self.story, save))

    def _back_to_title(self) -> None:
        """Pop everything above the title screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def to_title(self) -> None:
        """Return to the title screen."""
        self._back_to_title()

    def flush_autosaves(self) -> None:
        """Write any autosave a game screen has not written yet."""
        from game.ui.screens.game import GameScreen

        for screen in self.screen_stack:
            if isinstance(screen, GameScreen) and screen.autosave_pending:
                screen.autosave()

    def action_command_palette(self) -> None:
        """Ctrl+P: the game's command palette, unless one is open (or still closing) already."""
        from game.ui.textual_compat import GamePalette

        if not self.use_command_palette or isinstance(self.screen, GamePalette):
            return
        # No fixed id (Textual gives its palette one): a palette still being removed after Esc
        # would make a new one with the same id fail with DuplicateIds.
        self.push_screen(GamePalette())

    async def action_quit(self) -> None:
        """Ctrl+C: leave at once, with the last turn saved."""
        self.flush_autosaves()
        self.exit(0)

    def exit_game(self, code: int = 0) -> None:
        """Leave the program."""
        self.flush_autosaves()
        self.exit(code)
