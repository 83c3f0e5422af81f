"""One playthrough as the UI sees it: the game, the journal, play time, unsaved progress, redo.

Pure Python (no Textual), so the journal, play-time and redo rules are tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.engine import ChoiceError, Game, SceneView, Story, StoryRuntimeError
from game.saves import new_playthrough


@dataclass(frozen=True)
class JournalEntry:
    """A scene the player saw, and what they chose there (None while it is the current scene)."""

    turn: int
    title: str
    text: str
    choice: str | None = None
    undone: bool = False


class Session:
    """A game being played, with everything the UI remembers about it."""

    def __init__(
        self,
        game: Game,
        *,
        clock: Callable[[], float],
        play_time: float = 0.0,
        history: Iterable[JournalEntry] = (),
    ) -> None:
        self.game = game
        self._clock = clock
        self._play_time_base = play_time
        self._started = clock()
        self.view: SceneView = game.view()
        self.journal: list[JournalEntry] = [*history]
        self.journal.append(JournalEntry(self.view.turn, self.view.title, self.view.text))
        #: True when there is progress not kept in a named save (autosave aside).
        self.dirty = False
        #: The choices undo took back, the next one to redo last.
        self._redo: list[str] = []
        #: Whose autosave file this session writes: a new playthrough unless the app continues one.
        self.playthrough = new_playthrough()

    @classmethod
    def resumed(cls, story: Story, game: Game, *, clock: Callable[[], float], play_time: float = 0.0) -> Session:
        """A session for a loaded game, its journal rebuilt by replaying the log from the seed."""
        history: list[JournalEntry] = []
        try:
            replay = Game(story, game.seed)
            for entry in game.log:
                view = replay.view()
                taken = next((choice.text for choice in view.choices if choice.id == entry.choice), entry.choice)
                history.append(JournalEntry(view.turn, view.title, view.text, taken))
                replay.choose(entry.choice)
        except (ChoiceError, StoryRuntimeError):
            # The story changed under the save: the journal starts where the save does.
            history = []
        return cls(game, clock=clock, play_time=play_time, history=history)

    @property
    def play_time(self) -> float:
        """Seconds played, including the time before this session was loaded."""
        return self._play_time_base + max(0.0, self._clock() - self._started)

    def choose(self, choice_id: str) -> SceneView:
        """Take a choice; raises ChoiceError or StoryRuntimeError and then changes nothing."""
        taken = next((choice.text for choice in self.view.choices if choice.id == choice_id), choice_id)
        view = self.game.choose(choice_id)
        # Taking the choice undo took back is a redo; any other choice ends redoing.
        if self._redo and self._redo[-1] == choice_id:
            self._redo.pop()
        else:
            self._redo.clear()
        last = self.journal[-1]
        self.journal[-1] = JournalEntry(last.turn, last.title, last.text, taken)
        self.journal.append(JournalEntry(view.turn, view.title, view.text))
        self.view = view
        self.dirty = True
        return view

    def undo(self) -> SceneView:
        """Step back one turn; the journal keeps the undone scene, marked as undone."""
        log = self.game.log
        view = self.game.undo()
        if log:
            self._redo.append(log[-1].choice)
        # The scene left and the choice that led to it are both undone; the journal keeps
        # them (marked) because the player did read them.
        undone = 0
        for index in range(len(self.journal) - 1, -1, -1):
            entry = self.journal[index]
            if entry.undone:
                continue
            self.journal[index] = JournalEntry(entry.turn, entry.title, entry.text, entry.choice, undone=True)
            undone += 1
            if undone == 2:
                break
        self.journal.append(JournalEntry(view.turn, view.title, view.text))
        self.view = view
        self.dirty = True
        return view

    @property
    def next_redo(self) -> str | None:
        """The id of the choice redo would take again (None when there is nothing to redo)."""
        return self._redo[-1] if self._redo else None

    def redo(self) -> SceneView:
        """Take again the last choice undo took back; raises ChoiceError when there is none."""
        if not self._redo:
            raise ChoiceError("nothing to redo: redo takes again a choice that undo took back")
        return self.choose(self._redo[-1])

    def path_titles(self) -> list[str]:
        """The scene titles of the path actually taken (undone scenes left out)."""
        return [entry.title for entry in self.journal if not entry.undone]
