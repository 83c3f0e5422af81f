"""The endings gallery: what has been found, across playthroughs, and how much is left."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.ui.config import Gallery
from game.ui.screens.dialog import Dialog
from game.ui.widgets.prose import plain

if TYPE_CHECKING:
    from game.engine import Story


def gallery_text(story: Story | None, gallery: Gallery) -> Text:
    """Found endings by name and tone; unfound ones as locked lines."""
    text = Text()
    if story is None:
        text.append("The story is not loaded, so its endings cannot be listed.")
        return text
    found = gallery.for_story(story.id)
    endings = [scene.ending for scene in story.endings if scene.ending is not None]
    text.append(f"{len(found)} of {len(endings)} found\n", style="bold")
    for ending in endings:
        text.append("\n")
        entry = found.get(ending.id)
        if entry is None:
            text.append("  ░░░░░░░░  not yet found", style="dim")
            continue
        text.append("  ◆ ")
        text.append_text(plain(entry.title, "bold"))
        text.append_text(plain(f"  {entry.tone}", "italic"))
        times = "once" if entry.times == 1 else f"{entry.times} times"
        text.append(f"  · reached {times}", style="dim")
    return text


class GalleryScreen(Dialog[None]):
    """Escape closes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    AUTO_FOCUS = "#gallery-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,e,q", "close", "Close")]

    def __init__(self, story: Story | None, gallery: Gallery) -> None:
        super().__init__()
        self.story = story
        self.gallery = gallery

    def compose(self) -> ComposeResult:
        """Title and endings."""
        with Vertical(id="dialog", classes="dialog wide"):
            yield Static(Text("Endings"), classes="dialog-title", markup=False)
            with VerticalScroll(id="gallery-scroll"):
                yield Static(gallery_text(self.story, self.gallery), id="gallery-text", markup=False)
            yield Static(Text("Esc close"), classes="dialog-keys", markup=False)

    def action_close(self) -> None:
        """Back."""
        self.dismiss(None)
