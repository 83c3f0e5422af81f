"""Play from here: the scene to start at and the value of each variable there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from game.engine import Story
from game.story.expressions import Value
from game.studio.values import format_value, parse_value


class PlayFromHereScreen(ModalScreen[dict[str, Value] | None]):
    """Dismissed with the chosen values (every variable), or None to cancel."""

    AUTO_FOCUS = "#here-play"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "play", "Play", priority=True),
    ]

    def __init__(self, story: Story, scene: str, values: dict[str, Value]) -> None:
        super().__init__()
        self.story = story
        self.scene = scene
        self.values = values

    def compose(self) -> ComposeResult:
        with Vertical(id="here-dialog", classes="studio-dialog"):
            yield Label(f"Play from '{self.scene}' with these values", classes="dialog-title")
            with VerticalScroll(id="here-values"):
                for name, variable in self.story.variables.items():
                    with Horizontal(classes="value-row"):
                        yield Label(f"{name} ({variable.type})", classes="value-name")
                        yield Input(
                            format_value(self.values.get(name, variable.initial)),
                            id=f"var-{name}",
                            classes="value-input",
                        )
            yield Label("", id="here-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Play (Ctrl+S)", id="here-play", variant="primary")
                yield Button("Cancel (Esc)", id="here-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "here-play":
            self.action_play()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_play(self) -> None:
        """Start with the typed values; a value that is not of its variable's type is named and kept open."""
        chosen: dict[str, Value] = {}
        for name, variable in self.story.variables.items():
            field = self.query_one(f"#var-{name}", Input)
            try:
                chosen[name] = parse_value(field.value, variable.type)
            except ValueError as problem:
                self.query_one("#here-problem", Label).update(f"{name}: {problem}")
                field.focus()
                return
        self.dismiss(chosen)
