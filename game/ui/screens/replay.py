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

#: Playback speeds in turns per second.
SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0)


class ReplayScreen(Screen[None]):
    """A save played back. The game is rebuilt with ``Game.replay``; the UI never edits it."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../play.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#narrative"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,p", "toggle_play", "Play/pause"),
        Binding("right,period", "step(1)", "Step"),
        Binding("left,comma", "step(-1)", "Back"),
        Binding("plus,equals_sign", "speed(1)", "Faster"),
        Binding("minus", "speed(-1)", "Slower"),
        Binding("g", "jump", "Jump to turn"),
        Binding("t", "take_over", "Take over"),
        Binding("escape,q", "leave", "Leave"),
    ]

    def __init__(self, story: Story, save: SaveFile) -> None:
        super().__init__()
        self.story = story
        self.save = save
        self.choices = save.choices
        self.position = 0
        self.playing = False
        self.speed_index = SPEEDS.index(1.0)
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
        yield Footer()

    def on_mount(self) -> None:
        """Start at turn 0, paused."""
        if self not in self.app.screen_stack:
            return  # replaced before it was drawn: its widgets are going
        self.query_one(CountdownClock).reduced_motion = self.game_app.settings.reduced_motion
        self._timer = self.set_interval(1 / SPEEDS[self.speed_index], self.tick, pause=True)
        self.jump_to(0)

    # -------------------------------------------------------------- position

    def jump_to(self, turn: int) -> None:
        """Rebuild the game at ``turn`` (0 is the start)."""
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
        """One playback step (the timer calls this; tests call it directly)."""
        if self.playing:
            self.step(1)

    def pause(self) -> None:
        """Stop playback."""
        self.playing = False
        if self._timer is not None:
            self._timer.pause()
        self._draw_status()

    # --------------------------------------------------------------- drawing

    def _draw(self, view: SceneView) -> None:
        narrative = self.query_one(NarrativePane)
        narrative.remove_children()
        narrative.add_scene(view.title, view.text)
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
        state = "playing" if self.playing else "paused"
        speed = SPEEDS[self.speed_index]
        status = Text()
        status.append("REPLAY", style="bold")
        status.append_text(plain(f"  ·  {self.save.slot}  ·  turn {self.position}/{self.last}  ·  {state}"))
        status.append(f"  ·  {speed:g} turns/s")
        self.query_one("#status", Static).update(status)

    # --------------------------------------------------------------- actions

    def action_toggle_play(self) -> None:
        """Play or pause."""
        if self.playing:
            self.pause()
            return
        if self.position >= self.last:
            self.notify("The replay is at its last turn.", timeout=3)
            return
        self.playing = True
        if self._timer is not None:
            self._timer.resume()
        self._draw_status()

    def action_step(self, delta: int) -> None:
        """Step forward or back (pausing playback)."""
        self.pause()
        self.step(delta)

    def action_speed(self, delta: int) -> None:
        """Faster or slower."""
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1 / SPEEDS[self.speed_index], self.tick, pause=not self.playing)
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

    def action_leave(self) -> None:
        """Back to the title."""
        self.pause()
        self.game_app.to_title()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Replay controls, for the command palette."""
        return [
            ("Play or pause", "space", self.action_toggle_play),
            ("Step forward", "→", lambda: self.action_step(1)),
            ("Step back", "←", lambda: self.action_step(-1)),
            ("Jump to turn", "g", self.action_jump),
            ("Take over from here", "t", self.action_take_over),
            ("Leave the replay", "Esc", self.action_leave),
        ]
