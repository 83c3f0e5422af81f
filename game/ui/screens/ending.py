"""The ending screen: which ending, its tone, the path that led here, and who survived."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.engine import SceneView
from game.ui.css_names import css_class_name
from game.ui.session import Session
from game.ui.widgets.prose import format_number, plain

if TYPE_CHECKING:
    from game.ui.app import ExceptionApp

#: The path summary shows at most this many scene titles (first and last ones).
PATH_SHOWN = 8


def without_repeats(titles: Sequence[str]) -> list[str]:
    """The titles with each run of one title in a row kept once (a scene re-entered, a wait)."""
    return [title for index, title in enumerate(titles) if index == 0 or title != titles[index - 1]]


def path_summary(titles: Sequence[str]) -> str:
    """Scene titles joined by arrows, no title twice in a row; a long path keeps its beginning and its end."""
    titles = without_repeats(titles)
    if len(titles) > PATH_SHOWN:
        half = PATH_SHOWN // 2
        titles = [*titles[:half], "…", *titles[-half:]]
    return " → ".join(titles)


def ending_summary(view: SceneView, titles: Sequence[str]) -> Table:
    """Path, turns, time left, crew: a two-column table."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    table.add_row("Path", plain(path_summary(titles)))
    table.add_row("Turns", str(view.turn))
    countdown = view.countdown
    if countdown.label:
        left = f"{format_number(countdown.remaining)} {countdown.unit}".strip()
        table.add_row("Time left", plain(f"{countdown.label}: {left}" + ("" if countdown.active else " (stopped)")))
    living = [member.name for member in view.crew if member.alive is not False]
    lost = [member.name for member in view.crew if member.alive is False]
    if view.crew:
        table.add_row("Survived", plain(", ".join(living) or "no one"))
        if lost:
            table.add_row("Lost", plain(", ".join(lost)))
    return table


class EndingScreen(Screen[None]):
    """Shown over the game screen when the story ends."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#ending-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("u", "undo", "Undo last choice"),
        Binding("j", "journal", "Journal"),
        Binding("e", "gallery", "Endings"),
        Binding("t,q,escape", "title", "Title"),
    ]

    def __init__(self, session: Session, *, new_find: bool = False) -> None:
        super().__init__()
        self.session = session
        self.new_find = new_find

    @property
    def game_app(self) -> ExceptionApp:
        """The app, typed."""
        from game.ui.app import ExceptionApp

        assert isinstance(self.app, ExceptionApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Ending title and tone, then the summary."""
        view = self.session.view
        ending = view.ending
        with VerticalScroll(id="ending-scroll"), Vertical(id="ending-box"):
            yield Static(Text("— ENDING —"), id="ending-kicker", markup=False)
            yield Static(plain(ending.title if ending else ""), id="ending-title", markup=False)
            yield Static(plain(ending.tone if ending else ""), id="ending-tone", markup=False)
            if self.new_find:
                yield Static(Text("A new ending for the gallery."), id="ending-new", markup=False)
            yield Static(ending_summary(view, self.session.path_titles()), id="ending-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """The ending's tone is a CSS class too (``tone-grim``; any tone, in any script, gives a valid name)."""
        ending = self.session.view.ending
        if ending is not None:
            self.add_class(css_class_name("tone", ending.tone))

    def action_new_game(self) -> None:
        """Play again from the beginning."""
        self.game_app.new_game()

    def action_undo(self) -> None:
        """Step back out of the ending."""
        from game.ui.screens.game import GameScreen

        if not self.is_active:
            return  # a second key before this screen closed: it would pop the game under it
        self.app.pop_screen()
        if isinstance(self.app.screen, GameScreen):
            self.app.screen.undo_from_ending()

    def action_journal(self) -> None:
        """Everything read and chosen on the way here."""
        from game.ui.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen(tuple(self.session.journal)))

    def action_gallery(self) -> None:
        """Every ending found so far."""
        from game.ui.screens.gallery import GalleryScreen

        self.app.push_screen(GalleryScreen(self.game_app.story, self.game_app.gallery))

    def action_title(self) -> None:
        """Back to the title screen."""
        self.game_app.to_title()
