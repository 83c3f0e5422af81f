"""The game screen: the narrative, the choices, the crew, the countdown, and the dark."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from game.engine import ChoiceError, SceneView, StoryRuntimeError
from game.ui.game_keys import GAME_BINDINGS, GAME_PALETTE, READING_ACTIONS
from game.ui.matching import match_typed
from game.ui.reading_record import ReadingMemory
from game.ui.session import Session
from game.ui.widgets.choice_bar import MORE_MARKER, ChoiceBar
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.game_status import GameStatus
from game.ui.widgets.narrative import NarrativePane
from game.ui.widgets.prose import emphasised
from game.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from game.ui.app import ExceptionApp
    from game.ui.config import Settings

#: Why undo stops, when a loaded save's log does not replay to the turn it holds.
UNDO_HINT = "Play goes on from this turn, but undo cannot step back in this game. Esc hides this."

# Imported from here by code written before the choice bar had a module of its own.
__all__ = ["MORE_MARKER", "UNDO_HINT", "GameScreen"]


class GameScreen(Screen[None]):
    """One playthrough. The story's UI classes (``view.ui_classes``) are this screen's CSS classes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../play.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#choices"
    BINDINGS: ClassVar[list[BindingType]] = GAME_BINDINGS

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._story_classes: frozenset[str] = frozenset()
        #: True between a turn drawn and its autosave written.
        self.autosave_pending = False
        #: Whether the ending on screen was a new find for the gallery (the card says so).
        self._ending_new_find = False
        self._reading: ReadingMemory | None = None

    @property
    def game_app(self) -> ExceptionApp:
        """The app, typed."""
        from game.ui.app import ExceptionApp

        assert isinstance(self.app, ExceptionApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Status line; narrative and choices beside the clock and crew; the command line."""
        settings = self.game_app.settings
        yield GameStatus("", id="status", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="story"):
                yield NarrativePane(
                    typewriter=settings.typewriter,
                    chars_per_second=settings.chars_per_second,
                    text_width=settings.text_width,
                    id="narrative",
                )
                yield ChoiceBar(id="choice-bar")
            yield SidePanel(id="side")
        yield Input(placeholder="type a choice, or undo, save, look, help", id="command")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the current scene."""
        if self not in self.app.screen_stack:
            return  # replaced before it was drawn (two new games in one instant): its widgets are going
        self.query_one(CountdownClock).reduced_motion = self.game_app.settings.reduced_motion
        narrative = self.query_one(NarrativePane)
        self.watch(narrative, "more_below", self._more_below_changed)
        self._set_measure(self.game_app.settings.text_width)
        view = self.session.view
        narrative.show_scene(view.title, view.text)
        self._read(view)
        self._show(view)
        if view.ending is not None:
            self._reached_ending()

    def on_resize(self) -> None:
        """The side panel may now have room for the crew in full, or no longer."""
        self.call_after_refresh(self._fit_crew)

    # ---------------------------------------------------------------- drawing

    def _show(self, view: SceneView) -> None:
        """Everything but the narrative, from the view."""
        countdown = view.countdown
        taken = self.reading.taken_in(view.scene) if self.game_app.settings.mark_taken_choices else ()
        unit = countdown.unit if countdown.active else None
        if self.query_one(ChoiceBar).show(view.choices, unit=unit, taken=taken, at_ending=view.ending is not None):
            # Into an ending the keys go to the prose (the choices are gone); out of one
            # (undo), back to the choices.
            self.action_focus_choices()
        self._draw_reading_marks()
        self.refresh_bindings()
        self.query_one(SidePanel).show(countdown, view.crew)
        self.call_after_refresh(self._fit_crew)
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
        self.query_one(GameStatus).show(countdown, self.game_app.story.title if self.game_app.story else "")

    def _fit_crew(self) -> None:
        self.query_one(SidePanel).fit_crew()

    def _set_measure(self, width: int) -> None:
        """The text column's width; the choices and the ending prompt line up under it."""
        narrative = self.query_one(NarrativePane)
        narrative.text_width = width
        self.query_one(ChoiceBar).set_measure(narrative.text_width)

    def _more_below_changed(self, more: bool) -> None:
        self._draw_reading_marks()

    def _draw_reading_marks(self) -> None:
        """The "more" marker above the choices, and the prompt for the ending card."""
        more = self.query_one(NarrativePane).more_below
        self.query_one(ChoiceBar).mark_reading(more=more, at_ending=self.session.view.ending is not None)

    # ---------------------------------------------------------------- reading

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reading keys (and the skip key) belong to the command line while it has focus; Enter opens the card only at an ending."""
        if action in READING_ACTIONS and isinstance(self.focused, Input):
            return False
        if action == "ending_card":
            return self.session.view.ending is not None
        return True

    def action_page(self, pages: int) -> None:
        """Space and Page Down, Page Up: a page of the narrative (a first press completes the typewriter)."""
        narrative = self.query_one(NarrativePane)
        if not narrative.finish():
            narrative.page(pages)

    def action_scroll_narrative(self, where: str) -> None:
        """Home and End: the top or the last line of the scene."""
        narrative = self.query_one(NarrativePane)
        narrative.finish()
        if where == "home":
            narrative.scroll_home(animate=False, immediate=True)
        else:
            narrative.scroll_end(animate=False, immediate=True)

    def action_ending_card(self) -> None:
        """Enter at an ending: read on to the last line first, then the ending card."""
        narrative = self.query_one(NarrativePane)
        if narrative.finish():
            return
        if narrative.more_below:
            narrative.page(1)
        else:
            self._show_ending()

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
        # Back in the same scene (a hub): what the choice changed comes first.
        previous = before.text if view.scene == before.scene else None
        self.query_one(NarrativePane).show_scene(
            view.title, view.text, lead=emphasised(f"› {taken}"), previous=previous
        )
        self._read(view, (before.scene, choice_id))
        self._show(view)
        if view.ending is not None:
            # The last turn is on disk before anything else is attempted.
            self.autosave()
            self._reached_ending()
            return
        # Draw first, then save: the write (with its fsync) stays out of the keypress-to-scene
        # time. Leaving the app flushes a pending autosave (ExceptionApp.action_quit).
        self.autosave_pending = True
        self.call_after_refresh(self.autosave)

    def autosave(self) -> None:
        """Keep the current turn in the autosave slot."""
        from game.saves import SaveError

        self.autosave_pending = False
        try:
            self.game_app.store.autosave(
                self.session.game, play_time=self.session.play_time, playthrough=self.session.playthrough
            )
        except (SaveError, OSError) as error:
            self.notify(f"Autosave failed: {error}", severity="error")
        try:
            self.reading.save()
        except OSError as error:
            self.reading.writable = False  # one notice, not one a turn
            self.notify(f"Scenes read could not be remembered: {error}", severity="error")

    def _reached_ending(self) -> None:
        """The story has ended: into the gallery now; the card waits for the reader (Enter)."""
        story = self.game_app.story
        if story is not None:
            self._ending_new_find = self.game_app.record_ending(story, self.session.game)

    def _show_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen

        if self.autosave_pending:
            self.autosave()
        self.app.push_screen(EndingScreen(self.session, new_find=self._ending_new_find))

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
        self.query_one(NarrativePane).show_scene(view.title, view.text, lead=Text("↶ you go back a turn"))
        self._read(view)
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
        self.query_one(NarrativePane).show_scene(view.title, view.text, instant=True)

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
        self.app.push_screen(SaveDialog(self.game_app.store, suggestion=suggestion), chosen)

    def action_load(self) -> None:
        """Open another save."""
        from game.ui.screens.load_dialog import LoadDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.game_app.load_save(path)

        self.app.push_screen(LoadDialog(self.game_app.store), chosen)

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
        from game.ui.screens.settings import SettingsScreen

        def chosen(settings: Settings | None) -> None:
            if settings is not None:
                self.game_app.apply_settings(settings)
                self.settings_changed(settings)

        self.app.push_screen(SettingsScreen(self.game_app.settings), chosen)

    def settings_changed(self, settings: Settings) -> None:
        """Use new settings on this screen: typewriter, text width, motion."""
        narrative = self.query_one(NarrativePane)
        narrative.typewriter = settings.typewriter
        narrative.chars_per_second = settings.chars_per_second
        self._set_measure(settings.text_width)
        clock = self.query_one(CountdownClock)
        clock.reduced_motion = settings.reduced_motion
        self._show(self.session.view)  # the clock, and the choices marked or not

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
        """Back from the command line to the choices (to the narrative at an ending)."""
        choices = self.query_one(ChoiceList)
        if choices.display:
            choices.focus()
        else:
            self.query_one(NarrativePane).focus()

    @on(Input.Submitted, "#command")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        # Whatever was typed, the next keys are for the story again (a dialog it opens
        # gives the focus back to the choices when it closes).
        self.action_focus_choices()
        typed = match_typed(event.value, self.session.view.choices)
        if typed.error is not None:
            self.notify(typed.error, severity="warning", timeout=4)
        elif typed.choice is not None:
            self.take(typed.choice)
        elif typed.command is not None:
            self._commands()[typed.command]()

    def _commands(self) -> dict[str, Callable[[], None]]:
        """The actions typed commands and the palette name, by name."""
        return {
            "save": self.action_save,
            "load": self.action_load,
            "undo": self.action_undo,
            "redo": self.action_redo,
            "skip_read": self.action_skip_read,
            "journal": self.action_journal,
            "look": self.action_look,
            "settings": self.action_settings,
            "help": self.action_help,
            "quit": self.action_quit,
        }

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The game's actions, for the command palette."""
        commands = self._commands()
        return [(name, help_text, commands[action]) for name, help_text, action in GAME_PALETTE]

    # ------------------------------------------------------------ reading memory

    @property
    def reading(self) -> ReadingMemory:
        """What the player has read and chosen in every playthrough of this story."""
        if self._reading is None:
            from game.ui.config import config_dir

            folder = self.game_app.config_dir or config_dir()
            self._reading = ReadingMemory.in_folder(folder, self.session.game.story.id)
            if self._reading.problem:
                self.notify(self._reading.problem, severity="warning", timeout=10)
        return self._reading

    def _read(self, view: SceneView, taken: tuple[str, str] | None = None) -> None:
        """A scene was just added: in skip mode a scene read before appears at once; remember it."""
        if self.game_app.settings.skip_read and self.reading.seen(view.scene):
            self.query_one(NarrativePane).finish()
        if taken is not None:
            self.reading.took(*taken)
        self.reading.read_scene(view.scene)

    def action_redo(self) -> None:
        """Take again the choice undo took back (until a different choice is taken)."""
        choice_id = self.session.next_redo
        if choice_id is None:
            self.notify("Nothing to redo: redo takes again a choice you undid.", severity="warning", timeout=3)
            return
        self.take(choice_id)

    def action_skip_read(self) -> None:
        """Skip mode on or off: scenes read in any playthrough appear at once."""
        from dataclasses import replace

        settings = replace(self.game_app.settings, skip_read=not self.game_app.settings.skip_read)
        self.game_app.apply_settings(settings)
        if settings.skip_read:
            self.query_one(NarrativePane).finish()
            self.notify("Skip read text: on. Scenes you have read appear at once (k: off).", timeout=4)
        else:
            self.notify("Skip read text: off.", timeout=3)
