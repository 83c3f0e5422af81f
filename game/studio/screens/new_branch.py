"""The new-branch dialog: a folder, a hook on a chosen scene, and the branch's first scene."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from game.studio.branching import BranchPlan

#: (field, label, starting text) of each input, in order.
FIELDS = (
    ("name", "Branch (folder) name", ""),
    ("hook", "Hook onto the scene", ""),
    ("choice_text", "The new choice reads", ""),
    ("scene", "First scene id", ""),
    ("title", "First scene title", ""),
    ("opening", "Its first line of text", ""),
    ("back_text", "The way back reads", "Go back"),
)


class NewBranchScreen(ModalScreen[BranchPlan | None]):
    """Dismissed with the plan once ``make`` made it, or None; while ``make`` finds problems, they are shown."""

    AUTO_FOCUS = "#branch-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create", priority=True),
    ]

    def __init__(self, hook: str, make: Callable[[BranchPlan], str | None]) -> None:
        super().__init__()
        self.hook = hook
        self.make = make

    def compose(self) -> ComposeResult:
        with Vertical(id="branch-dialog", classes="studio-dialog"):
            yield Label("A new branch (its folder goes under branches/)", classes="dialog-title")
            for name, label, value in FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-name")
                    yield Input(
                        self.hook if name == "hook" else value,
                        id=f"branch-{name.replace('_', '-')}",
                        classes="field-input",
                    )
            yield Label("", id="branch-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (Ctrl+S)", id="branch-create", variant="primary")
                yield Button("Cancel (Esc)", id="branch-cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "branch-create":
            self.action_create()
        else:
            self.dismiss(None)

    def show_problem(self, text: str) -> None:
        """Say why the branch was not made (the dialog stays open)."""
        self.query_one("#branch-problem", Label).update(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        values = {name: self.query_one(f"#branch-{name.replace('_', '-')}", Input).value for name, _, _ in FIELDS}
        plan = BranchPlan(**values)
        problem = self.make(plan)
        if problem is not None:
            self.show_problem(problem)
            return
        self.dismiss(plan)
