"""Replay mode: watch a save's turns again, step by step, and take over from any turn."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from game.engine import ChoiceError, Game, SceneView, Story, StoryRuntimeError
from game.ui.session import Session
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.crew import CrewPanel
from game.ui.widgets.narrative import NarrativePane
from game.ui.widgets.prose import plain

if TYPE_CHECKING:
    from game.saves import SaveFile
    from game.ui.app import ExceptionApp

#: Reading paces in words per minute, slowest first; None waits for a key at every scene.
PACES: tuple[int | None, ...] = (None, 120, 180, 250, 350, 500)
DEFAULT_PACE = 250
#: No scene goes by in less than this, however short (a title and one line still need a look).
MIN_SCENE_SECONDS = 2.0
#: How often, in seconds, playback looks at the clock to see whether the scene's time is up.
TICK_SECONDS = 0.25

#: The replay's keys, in footer order: (Textual keys, shown as, action, footer label, what help says).
REPLAY_KEYS: tuple[tuple[str, str, str, str, str], ...] = (
    ("space,p", "Space", "toggle_play", "Play", "play or pause (waiting for a key: the next turn)"),
    ("right,period", "→", "step(1)", "Next", "next turn"),
    ("left,comma", "←", "step(-1)", "Back", "turn before"),
    ("plus,equals_sign", "+", "speed(1)", "Faster", "read faster (words per minute)"),
    ("minus", "-", "speed(-1)", "Slower", "read slower, down to waiting for a key"),
    ("g", "g", "jump", "Jump", "jump to a turn"),
    ("t", "t", "take_over", "Take over", "take over: play on from here as a new game"),
    ("question_mark", "?", "help", "Help", "all the keys"),
    ("escape,q", "Esc", "leave", "Leave", "leave the replay"),
)


def reading_seconds(text: str, words_per_minute: int) -> float:
    """How long a scene stays on screen at a reading pace: its words at that pace, at least ``MIN_SCENE_SECONDS``."""
    words = len(text.split())
    return max(MIN_SCENE_SECONDS, words * 60.0 / max(1, words_per_minute))


def pace_name(pace: int) -> str:
    """A reading pace as the status line says it."""
    return f"{pace} words/min"


def replay_help_rows() -> list[tuple[str, str]]:
    """The replay's keys for the help screen: the same keys the footer shows."""
    return [(shown, meaning) for _keys, shown, _action, _label, meaning in REPLAY_KEYS]


class ReplayScreen(Screen[None]):
    """A save played back. The game is rebuilt with ``Game.replay``; the UI never edits it."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../play.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#narrative"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(keys, action, label, key_display=shown) for keys, shown, action, label, _meaning in REPLAY_KEYS
    ]

    def __init__(self, story: Story, save: SaveFile) -> None:
        super().__init__()
        self.story = story
        self.save = save
        self.choices = save.choices
        self.position = 0
        self.playing = False
        self.pace_index = PACES.index(DEFAULT_PACE)
        #: When (on the app's clock) playback moves on from the scene shown.
        self.due = 0.0
        self.game: Game | None = None
        self.problem: str | None = None
        self._timer: Timer | None = None
        self._story_classes: frozenset[str] = frozenset()

    @property
    def game_app(self) -> ExceptionApp:
        """The app, typed."""
        from game.ui.app import ExceptionApp

        assert isinstance(self.app, ExceptionApp)
        return self.app

    @property
    def last(self) -> int:
        """The last turn that can be shown (a divergence from the story stops it early)."""
        return len(self.choices)

    def compose(self) -> ComposeResult:
        """Status, the scene with the choice taken next, the clock and crew."""
        yield Static("", id="status", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="story"):
                yield NarrativePane(typewriter=False, id="narrative")
                yield Static("", id="next-choice", markup=False)
            with VerticalScroll(id="side"):
                yield CountdownClock(id="clock")
                yield CrewPanel(id="crew")
        # Compact and without the palette's ^p (help names it), so every replay key fits on
        # one line at 80 columns, named as help names them.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start at turn 0, paused."""
        if self not in self.app.screen_stack:
            return  # replaced before it was drawn: its widgets are going
        self.query_one(CountdownClock).reduced_motion = self.game_app.settings.reduced_motion
        self._timer = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        self.jump_to(0)

    @property
    def pace(self) -> int | None:
        """Words per minute, or None when playback waits for a key."""
        return PACES[self.pace_index]

    def _schedule(self, view: SceneView) -> None:
        """Start the reading time of the scene just shown."""
        pace = self.pace
        if pace is not None:
            self.due = self.game_app.clock() + reading_seconds(f"{view.title} {view.text}", pace)

    # -------------------------------------------------------------- position

    def jump_to(self, turn: int) -> None:
        """Rebuild the game at ``turn`` (0 to ``last``; the jump dialog refuses any other)."""
        turn = max(0, min(self.last, turn))
        try:
            self.game = Game.replay(self.story, self.save.seed, self.choices[:turn])
        except (ChoiceError, StoryRuntimeError) as error:
            self._diverged(turn, error)
            return
        self.position = turn
        self._draw(self.game.view())

    def _diverged(self, turn: int, error: Exception) -> None:
        """The story no longer allows a choice in the save: the replay ends before it."""
        self.choices = self.choices[: max(0, turn - 1)]
        self.problem = f"The story has changed: the replay stops at turn {len(self.choices)} ({error})."
        self.notify(self.problem, severity="warning", timeout=8)
        self.pause()
        self.jump_to(len(self.choices))

    def step(self, delta: int) -> None:
        """Move one turn forward (taking the saved choice) or back (undo)."""
        if self.game is None:
            return
        if delta > 0 and self.position < self.last:
            try:
                view = self.game.choose(self.choices[self.position])
            except (ChoiceError, StoryRuntimeError) as error:
                self._diverged(self.position + 1, error)
                return
            self.position += 1
            self._draw(view)
        elif delta < 0 and self.position > 0:
            view = self.game.undo()
            self.position -= 1
            self._draw(view)
        if self.position >= self.last:
            self.pause()

    def tick(self) -> None:
        """Move on when the scene's reading time is up (the timer calls this; tests call it directly)."""
        if self.playing and self.pace is not None and self.game_app.clock() >= self.due:
            self.step(1)

    def pause(self) -> None:
        """Stop playback."""
        self.playing = False
        if self._timer is not None:
            self._timer.pause()
        self._draw_status()

    # --------------------------------------------------------------- drawing

    def _draw(self, view: SceneView) -> None:
        self._schedule(view)
        # show_scene redraws the pane's one scene block in place; removing it first would let
        # the new turn be drawn into the block on its way out, leaving the pane empty.
        self.query_one(NarrativePane).add_scene(view.title, view.text)
        self.query_one(CountdownClock).show(view.countdown)
        self.query_one(CrewPanel).show(view.crew)
        self.set_class(not (view.countdown.active or view.crew), "-no-side")
        for name in self._story_classes - view.ui_classes:
            self.remove_class(name)
        for name in view.ui_classes - self._story_classes:
            self.add_class(name)
        self._story_classes = view.ui_classes
        next_line = Text()
        if self.position < self.last:
            chosen = self.choices[self.position]
            label = next((choice.text for choice in view.choices if choice.id == chosen), chosen)
            next_line.append("next: ", style="dim")
            next_line.append_text(plain(f"› {label}", "bold"))
        elif view.ending is not None:
            next_line.append_text(plain(f"ending: {view.ending.title} ({view.ending.tone})", "bold"))
        else:
            next_line.append("end of the save: press t to play on from here", style="dim")
        self.query_one("#next-choice", Static).update(next_line)
        self._draw_status()

    def _draw_status(self) -> None:
        if self.pace is None:
            state = "waits for a key: Space or →"
        else:
            state = f"{'playing' if self.playing else 'paused'}  ·  {pace_name(self.pace)}"
        status = Text("REPLAY", style="bold")
        for part in (plain(self.save.slot), Text(f"turn {self.position}/{self.last}"), Text(state)):
            status.append("  ·  ")
            status.append_text(part)
        self.query_one("#status", Static).update(status)

    # --------------------------------------------------------------- actions

    def action_toggle_play(self) -> None:
        """Play or pause; when the pace waits for a key, the next turn."""
        if self.playing:
            self.pause()
            return
        if self.position >= self.last:
            self.notify("The replay is at its last turn.", timeout=3)
            return
        if self.pace is None:
            self.step(1)
            return
        self.playing = True
        if self.game is not None:
            self._schedule(self.game.view())
        if self._timer is not None:
            self._timer.resume()
        self._draw_status()

    def action_step(self, delta: int) -> None:
        """Step forward or back (pausing playback)."""
        self.pause()
        self.step(delta)

    def action_speed(self, delta: int) -> None:
        """A faster or slower reading pace; the slowest waits for a key (and stops playback)."""
        self.pace_index = max(0, min(len(PACES) - 1, self.pace_index + delta))
        if self.pace is None:
            self.pause()
        elif self.game is not None:
            self._schedule(self.game.view())
        self._draw_status()

    def action_jump(self) -> None:
        """Ask for a turn and go there."""
        from game.ui.screens.jump_dialog import JumpDialog

        def chosen(turn: int | None) -> None:
            if turn is not None:
                self.pause()
                self.jump_to(turn)

        self.app.push_screen(JumpDialog(self.last, self.position), chosen)

    def action_take_over(self) -> None:
        """Play on from this turn, as a new game of your own."""
        if self.game is None:
            return
        self.pause()
        session = Session.resumed(self.story, self.game, clock=self.game_app.clock)
        session.dirty = True
        self.game_app.play(session)

    def action_help(self) -> None:
        """Every key (the replay's as the footer names them)."""
        from game.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_leave(self) -> None:
        """Back to the title."""
        self.pause()
        self.game_app.to_title()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Replay controls, for the command palette."""
        return [
            ("Play or pause", "Space", self.action_toggle_play),
            ("Next turn", "→", lambda: self.action_step(1)),
            ("Turn before", "←", lambda: self.action_step(-1)),
            ("Read faster", "+", lambda: self.action_speed(1)),
            ("Read slower", "-", lambda: self.action_speed(-1)),
            ("Jump to turn", "g", self.action_jump),
            ("Take over from here", "t", self.action_take_over),
            ("Leave the replay", "Esc", self.action_leave),
        ]
