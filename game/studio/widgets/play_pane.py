"""The playing pane: the story as the game shows it, one turn at a time, beside the editor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import ChoiceError, SceneView, Story, StoryRuntimeError
from game.studio.playthrough import Fit, Playthrough
from game.text import clean_text, strip_emphasis


def _paragraphs(text: str) -> str:
    """Story text as the pane wraps it: paragraphs kept, the line breaks inside them let go."""
    paragraphs = strip_emphasis(clean_text(text)).strip().split("\n\n")
    return "\n\n".join(
        " ".join(part.strip() for part in paragraph.splitlines() if part.strip()) for paragraph in paragraphs
    )


class PlayPane(Vertical):
    """Shows a playthrough's scene and choices; Enter on a choice takes it."""

    DEFAULT_CSS = """
    PlayPane { height: 1fr; }
    PlayPane #play-fit { height: auto; color: $warning; }
    PlayPane #play-text { height: 1fr; }
    PlayPane #play-choices { height: auto; max-height: 12; border: none; border-top: solid $panel-lighten-2; }
    """

    class SceneShown(Message):
        """The pane now shows this scene (the map may follow it)."""

        def __init__(self, scene: str) -> None:
            super().__init__()
            self.scene = scene

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.playthrough: Playthrough | None = None
        self.view: SceneView | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="play-fit")
        with VerticalScroll(id="play-text"):
            yield Static("F2 plays from the start; F3 plays from the scene under the cursor.", id="play-scene")
        choices = OptionList(id="play-choices")
        choices.display = False
        yield choices

    def start(self, playthrough: Playthrough) -> None:
        """Show a new playthrough from its first turn."""
        self.playthrough = playthrough
        self.query_one("#play-fit", Static).update("")
        self._draw()

    def replay_on(self, story: Story) -> Fit | None:
        """Play the same choices on an edited story; say where the log stops fitting."""
        if self.playthrough is None:
            return None
        fit = self.playthrough.replay_on(story)
        note = "" if fit.fits else f"The log no longer fits: {fit.reason}. Shown: the last turn that fits."
        self.query_one("#play-fit", Static).update(Text(note))
        self._draw()
        return fit

    def _draw(self) -> None:
        assert self.playthrough is not None
        choices = self.query_one("#play-choices", OptionList)
        choices.clear_options()
        try:
            view = self.playthrough.game.view()
        except StoryRuntimeError as problem:
            self.view = None
            self.query_one("#play-scene", Static).update(Text(f"story error: {clean_text(str(problem))}"))
            return
        self.view = view
        body = Text()
        body.append(strip_emphasis(clean_text(view.title)) + "\n", style="bold")
        body.append(f"({view.scene}, turn {view.turn}", style="dim")
        if view.countdown.active:
            body.append(f"; {clean_text(view.countdown.label)}: {clean_text(view.countdown.text)}", style="dim")
        body.append(")\n\n", style="dim")
        body.append(_paragraphs(view.text))
        if view.ending is not None:
            body.append(f"\n\n*** {strip_emphasis(clean_text(view.ending.title))} ***", style="bold")
        self.query_one("#play-scene", Static).update(body)
        number = 0
        for choice in view.choices:
            label = strip_emphasis(clean_text(choice.text))
            if choice.enabled:
                number += 1
                choices.add_option(Option(f"{number}. {label}", id=choice.id))
            else:
                choices.add_option(Option(f"-  {label} ({clean_text(choice.reason or 'not now')})", disabled=True))
        choices.display = bool(view.choices)
        if number:
            choices.highlighted = next(i for i, option in enumerate(choices.options) if not option.disabled)
        self.post_message(self.SceneShown(view.scene))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice_id = event.option.id
        if choice_id is not None:
            self.take(choice_id)

    def take(self, choice_id: str) -> None:
        """Take a choice in the playthrough."""
        if self.playthrough is None:
            return
        try:
            self.playthrough.game.choose(choice_id)
        except (ChoiceError, StoryRuntimeError) as problem:
            self.query_one("#play-fit", Static).update(Text(clean_text(str(problem))))
            return
        self._draw()
