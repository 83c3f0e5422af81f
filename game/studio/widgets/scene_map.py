"""The map: the scene under the cursor with every way in and out of it; Enter goes to the other end."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import Story
from game.story.model import Source
from game.studio.story_index import Link, clock_starts_here, links
from game.text import clean_text

_ARROWS = {"in": "← from", "out": "→ to", "expires": "⏱ to"}


class SceneMap(OptionList):
    """Lists the links of one scene: choices leading in, choices leading out, where the clock runs out."""

    class GoTo(Message):
        """Show this place in the editor (a scene's definition or a choice)."""

        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scene: str | None = None
        self.links: list[Link] = []
        self._story: Story | None = None

    def show_scene(self, story: Story, scene_id: str | None) -> None:
        """Map ``scene_id`` in ``story`` (None: say there is no scene under the cursor)."""
        if scene_id == self.scene and story is self._story:
            return
        self._story = story
        self.scene = scene_id
        self.clear_options()
        scene = story.scenes.get(scene_id) if scene_id else None
        if scene is None:
            self.links = []
            self.add_option(Option("No scene under the cursor.", disabled=True))
            return
        self.links = links(story, scene.id)
        heading = Text(f"{scene.id}", style="bold")
        heading.append(f"  {scene.source}", style="dim")
        if clock_starts_here(scene):
            heading.append("  ⏱ the countdown starts here", style="yellow")
        if scene.ending is not None:
            heading.append(f"  ending: {clean_text(scene.ending.title)}", style="magenta")
        self.add_option(Option(heading, id="map-heading"))
        for index, link in enumerate(self.links):
            self.add_option(Option(self._label(link), id=f"map-{index}"))
        if not self.links:
            self.add_option(Option("No way in or out.", disabled=True))

    @staticmethod
    def _label(link: Link) -> Text:
        label = Text(f"{_ARROWS[link.direction]} {link.scene}", style="bold" if link.direction == "out" else "")
        if link.choice is not None:
            label.append(f"  [{link.choice}] {clean_text(link.text)}")
        else:
            label.append(f"  {link.text}", style="italic")
        if link.guard:
            label.append(f"  if {clean_text(link.guard)}", style="cyan")
        if link.cost:
            label.append(f"  cost {link.cost:g}", style="dim")
        if link.starts_clock:
            label.append("  ⏱ starts the countdown", style="yellow")
        return label

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        story = self._story
        if story is None or self.scene is None:
            return
        option_id = event.option.id or ""
        if option_id == "map-heading":
            self.post_message(self.GoTo(story.scenes[self.scene].source))
            return
        if not option_id.startswith("map-"):
            return
        link = self.links[int(option_id[4:])]
        other = story.scenes.get(link.scene)
        # Enter on a link follows it: to the other scene's definition, whose map then shows.
        self.post_message(self.GoTo(other.source if other is not None else link.source))
