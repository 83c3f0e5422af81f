"""The endings gallery: what has been found, across playthroughs, what is left, and a way back in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.config import FoundEnding, Gallery
from game.ui.screens.dialog import Dialog
from game.ui.widgets.prose import plain

if TYPE_CHECKING:
    from game.engine import Story


@dataclass(frozen=True)
class GalleryEntry:
    """One ending of the story as the gallery shows it: found (with what was kept) or still to find."""

    ending_id: str
    title: str
    tone: str
    hint: str | None
    found: FoundEnding | None


def gallery_entries(story: Story, gallery: Gallery) -> list[GalleryEntry]:
    """Every ending of the story, in story order, with what the gallery knows of it."""
    found = gallery.for_story(story.id)
    entries: list[GalleryEntry] = []
    for scene in story.endings:
        ending = scene.ending
        if ending is None:
            continue
        entries.append(GalleryEntry(ending.id, ending.title, ending.tone, ending.hint, found.get(ending.id)))
    return entries


def entry_prompt(entry: GalleryEntry) -> Text:
    """Two lines: the ending's name (or a locked bar), then its tone apart and either the record or the hint."""
    text = Text()
    details = Text("    ")
    if entry.found is None:
        text.append("  ░░░░░░░░  not yet found", style="dim")
        details.append_text(plain(entry.tone or "no tone", "italic"))
        if entry.hint:
            details.append("  ·  hint: ", style="dim")
            details.append_text(plain(entry.hint))
    else:
        text.append("  ◆ ")
        text.append_text(plain(entry.found.title or entry.title, "bold"))
        details.append_text(plain(entry.found.tone or entry.tone or "no tone", "italic"))
        times = "once" if entry.found.times == 1 else f"{entry.found.times} times"
        details.append(f"  ·  reached {times}  ·  Enter to read it again", style="dim")
    text.append("\n")
    text.append_text(details)
    return text


class GalleryScreen(Dialog[None]):
    """The endings, one to a row; Enter on a found one reads it again; Escape closes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#gallery-list"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,e,q", "close", "Close")]

    def __init__(self, story: Story | None, gallery: Gallery) -> None:
        super().__init__()
        self.story = story
        self.gallery = gallery
        self.entries = gallery_entries(story, gallery) if story is not None else []

    def compose(self) -> ComposeResult:
        """Title, how many are found, and the endings."""
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(Text("Endings"), classes="dialog-title", markup=False)
            if self.story is None:
                yield Static(
                    Text("The story is not loaded, so its endings cannot be listed."),
                    id="gallery-count",
                    classes="dialog-hint",
                    markup=False,
                )
            else:
                found = sum(entry.found is not None for entry in self.entries)
                yield Static(Text(f"{found} of {len(self.entries)} found"), id="gallery-count", markup=False)
                options: list[Option | None] = []
                for entry in self.entries:
                    if options:
                        options.append(None)  # a rule between endings: two lines each, never run together
                    options.append(Option(entry_prompt(entry), id=entry.ending_id))
                yield OptionList(*options, id="gallery-list")
            yield Static(Text("↑↓ move · Enter read a found ending · Esc close"), classes="dialog-keys", markup=False)

    @on(OptionList.OptionSelected, "#gallery-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.read(event.option_id or "")

    def read(self, ending_id: str) -> None:
        """Open a found ending's prose; say so when the ending is not found yet."""
        from game.ui.screens.ending_prose import EndingProseScreen

        entry = next((entry for entry in self.entries if entry.ending_id == ending_id), None)
        if entry is None:
            return
        if entry.found is None:
            self.notify("Not found yet: reach this ending in a game to read it here.", timeout=3)
            return
        self.app.push_screen(EndingProseScreen(entry.found.title or entry.title, entry.found.tone, entry.found.text))

    def action_close(self) -> None:
        """Back."""
        self.dismiss(None)
