"""The game screen: the narrative, the choices, the crew, the countdown, and the dark."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from game.engine import ChoiceError, SceneView, StoryRuntimeError
from game.ui.matching import match_typed
from game.ui.session import Session
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.crew import CrewPanel
from game.ui.widgets.narrative import NarrativePane
from game.ui.widgets.prose import format_number, plain

if TYPE_CHECKING:
    from game.ui.app import ExceptionApp

#: Why undo stops, when a loaded save's log does not replay to the turn it holds.
UNDO_HINT = "Play goes on from this turn, but undo cannot step back in this game. Esc hides this."


class GameScreen(Screen[None]):
    """One playthrough. The story's UI classes (``view.ui_classes``) are this screen's CSS classes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../play.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#choices"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(number), f"number({number})", f"Choice {number}", show=False) for number in range(1, 10)),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load"),
        Binding("u", "undo", "Undo"),
        Binding("j", "journal", "Journal"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("slash,colon", "command_line", "Type", show=False),
        Binding("escape", "focus_choices", "Choices", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._story_classes: frozenset[str] = frozenset()
        #: True between a turn drawn and its autosave written.
        self.autosave_pending = False

    @property
    def game_app(self) -> ExceptionApp:
        """The app, typed."""
        from game.ui.app import ExceptionApp

        assert isinstance(self.app, ExceptionApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Status line; narrative and choices beside the clock and crew; the command line."""
        settings = self.game_app.settings
        yield Static("", id="status", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="story"):
                yield NarrativePane(
                    typewriter=settings.typewriter, chars_per_second=settings.chars_per_second, id="narrative"
                )
                yield ChoiceList(id="choices")
            with VerticalScroll(id="side"):
                yield CountdownClock(id="clock")
                yield CrewPanel(id="crew")
        yield Input(placeholder="type a choice, or undo, save, look, help", id="command")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the current scene."""
        if self not in self.app.screen_stack:
            return  # replaced before it was drawn (two new games in one instant): its widgets are going
        self.query_one(CountdownClock).reduced_motion = self.game_app.settings.reduced_motion
        view = self.session.view
        self.query_one(NarrativePane).add_scene(view.title, view.text)
        self._show(view)
        if view.ending is not None:
            self.call_after_refresh(self._show_ending)

    # ---------------------------------------------------------------- drawing

    def _show(self, view: SceneView) -> None:
        """Everything but the narrative, from the view."""
        countdown = view.countdown
        self.query_one(ChoiceList).show(view.choices, unit=countdown.unit if countdown.active else None)
        self.query_one(ChoiceList).display = view.ending is None
        self.query_one(CountdownClock).show(countdown)
        self.query_one(CrewPanel).show(view.crew)
        self.set_class(not (countdown.active or view.crew), "-no-side")
        # Story classes drive the look (e.g. "dark"): the story decides, never a scene id.
        for name in self._story_classes - view.ui_classes:
            self.remove_class(name)
        for name in view.ui_classes - self._story_classes:
            self.add_class(name)
        self._story_classes = view.ui_classes
        self.set_class(countdown.active, "-countdown")
        self.set_class(countdown.level in ("warning", "critical"), "-warning")
        self.set_class(countdown.level == "critical", "-critical")
        # The clock first: on a narrow terminal it is the one thing the status line must keep.
        status = Text()
        if countdown.active:
            status.append_text(
                plain(f"{countdown.label} {format_number(countdown.remaining)} {countdown.unit}", "bold")
            )
            status.append("  ·  ")
        status.append(f"turn {view.turn}  ·  ")
        status.append_text(plain(self.game_app.story.title if self.game_app.story else ""))
        self.query_one("#status", Static).update(status)

    # ---------------------------------------------------------------- playing

    @on(ChoiceList.Chosen)
    def _chosen(self, event: ChoiceList.Chosen) -> None:
        self.take(event.choice_id)

    def take(self, choice_id: str) -> None:
        """Take a choice: play the turn, draw it, autosave."""
        if not self.is_attached:
            return  # a key queued behind Ctrl+C: the autosave is written, no turn is played after it
        before = self.session.view
        taken = next((choice.text for choice in before.choices if choice.id == choice_id), choice_id)
        try:
            view = self.session.choose(choice_id)
        except ChoiceError as error:
            self.notify(str(error), severity="warning")
            return
        except StoryRuntimeError as error:
            self.game_app.show_story_errors((str(error),))  # the game stays at this turn
            return
        narrative = self.query_one(NarrativePane)
        narrative.mark_taken(taken)
        narrative.add_scene(view.title, view.text)
        self._show(view)
        # Draw first, then save: the write (with its fsync) stays out of the keypress-to-scene
        # time. Leaving the app flushes a pending autosave (ExceptionApp.action_quit).
        self.autosave_pending = True
        self.call_after_refresh(self.autosave)
        if view.ending is not None:
            self._show_ending()

    def autosave(self) -> None:
        """Keep the current turn in the autosave slot."""
        from game.saves import SaveError

        self.autosave_pending = False
        try:
            self.game_app.store.autosave(self.session.game, play_time=self.session.play_time)
        except (SaveError, OSError) as error:
            self.notify(f"Autosave failed: {error}", severity="error")

    def _show_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen

        story = self.game_app.story
        if story is None:
            return
        new = self.game_app.record_ending(story, self.session.game)
        self.app.push_screen(EndingScreen(self.session, new_find=new))

    def on_key(self, event: events.Key) -> None:
        """Any key completes the typewriter at once (and does nothing else)."""
        if isinstance(self.focused, Input):
            self.query_one(NarrativePane).finish()
            return
        if self.query_one(NarrativePane).finish():
            event.stop()
            event.prevent_default()

    def action_number(self, number: int) -> None:
        """Number keys: take the enabled choice with that number."""
        if self.query_one(NarrativePane).finish():
            return
        choice_id = self.query_one(ChoiceList).number(number)
        if choice_id is None:
            self.notify(f"There is no choice {number} here.", severity="warning", timeout=3)
            return
        self.take(choice_id)

    def action_undo(self) -> None:
        """Step back one turn."""
        if not self.is_attached:
            return  # a key queued behind Ctrl+C (see take)
        if not self.session.game.can_undo:
            self.notify("Nothing to undo: this is where the story begins.", severity="warning", timeout=3)
            return
        try:
            view = self.session.undo()
        except StoryRuntimeError as error:
            self.game_app.show_story_errors((str(error),))  # the game stays at this turn
            return
        except ChoiceError as error:  # a loaded save whose log disagrees with its state
            self.game_app.show_story_errors((str(error),), title="This game cannot go back", hint=UNDO_HINT)
            return
        narrative = self.query_one(NarrativePane)
        narrative.add_note("— you go back —")
        narrative.add_scene(view.title, view.text)
        self._show(view)
        # Draw first, then save: the write (with its fsync) stays out of the keypress-to-scene
        # time. Leaving the app flushes a pending autosave (ExceptionApp.action_quit).
        self.autosave_pending = True
        self.call_after_refresh(self.autosave)

    def undo_from_ending(self) -> None:
        """The ending screen's undo: step back out of the ending."""
        self.action_undo()

    def action_look(self) -> None:
        """Read the current scene again."""
        view = self.session.view
        self.query_one(NarrativePane).add_scene(view.title, view.text)

    def action_save(self) -> None:
        """Save into a named slot."""
        from game.saves import SaveError
        from game.ui.screens.save_dialog import SaveDialog

        def chosen(slot: str | None) -> None:
            if slot is None:
                return
            try:
                summary = self.game_app.store.save(slot, self.session.game, play_time=self.session.play_time)
            except (SaveError, OSError) as error:
                self.notify(f"Not saved: {error}", severity="error", timeout=8)
                return
            self.session.dirty = False
            self.notify(f"Saved to '{summary.slot}'.", timeout=3)

        suggestion = self.session.view.title
        self.app.push_screen(SaveDialog(self.game_app.store.list(), suggestion=suggestion), chosen)

    def action_load(self) -> None:
        """Open another save."""
        from game.ui.screens.load_dialog import LoadDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.game_app.load_save(path)

        self.app.push_screen(LoadDialog(self.game_app.store.list()), chosen)

    def action_journal(self) -> None:
        """Everything read and chosen this playthrough."""
        from game.ui.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen(tuple(self.session.journal)))

    def action_help(self) -> None:
        """The keys."""
        from game.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_settings(self) -> None:
        """Text speed, typewriter, motion, theme."""
        from game.ui.config import Settings
        from game.ui.screens.settings import SettingsScreen

        def chosen(settings: Settings | None) -> None:
            if settings is None:
                return
            self.game_app.apply_settings(settings)
            narrative = self.query_one(NarrativePane)
            narrative.typewriter = settings.typewriter
            narrative.chars_per_second = settings.chars_per_second
            clock = self.query_one(CountdownClock)
            clock.reduced_motion = settings.reduced_motion
            clock.show(self.session.view.countdown)

        self.app.push_screen(SettingsScreen(self.game_app.settings), chosen)

    def action_quit(self) -> None:
        """Leave to the title, asking first when there is progress not in a named save."""
        from game.ui.screens.confirm import ConfirmDialog

        if not self.session.dirty:
            self.game_app.to_title()
            return

        def chosen(leave: bool | None) -> None:
            if leave:
                self.game_app.to_title()

        self.app.push_screen(
            ConfirmDialog(
                "Leave this game?",
                "Your progress since the last save is only in the autosave (Continue brings it back).",
                yes="Leave",
                no="Stay",
            ),
            chosen,
        )

    def action_command_line(self) -> None:
        """Focus the typed command line."""
        self.query_one("#command", Input).focus()

    def action_focus_choices(self) -> None:
        """Back from the command line to the choices."""
        self.query_one(ChoiceList).focus()

    @on(Input.Submitted, "#command")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        typed = match_typed(event.value, self.session.view.choices)
        if typed.error is not None:
            self.notify(typed.error, severity="warning", timeout=4)
        elif typed.choice is not None:
            self.take(typed.choice)
        elif typed.command is not None:
            actions: dict[str, Callable[[], None]] = {
                "undo": self.action_undo,
                "save": self.action_save,
                "load": self.action_load,
                "look": self.action_look,
                "journal": self.action_journal,
                "help": self.action_help,
                "quit": self.action_quit,
            }
            actions[typed.command]()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The game's actions, for the command palette."""
        return [
            ("Save", "save into a named slot (s)", self.action_save),
            ("Load", "open a save (l)", self.action_load),
            ("Undo", "step back one turn (u)", self.action_undo),
            ("Journal", "everything read and chosen (j)", self.action_journal),
            ("Look", "read the current scene again", self.action_look),
            ("Settings", "text speed, typewriter, motion, theme", self.action_settings),
            ("Help", "all the keys (?)", self.action_help),
            ("Quit to title", "leave this game (q)", self.action_quit),
        ]
