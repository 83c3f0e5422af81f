"""The studio screen's keys, as a table (the screen binds them to its actions; the footer names them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: The studio screen's keys.
STUDIO_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save"),
    Binding("ctrl+t", "toggle_tree", "Files"),
    Binding("f2", "play_start", "Play"),
    Binding("f3", "play_here", "Play here"),
    Binding("f4", "deep_check", "Deep check"),
    Binding("f5", "new_branch", "New branch"),
    Binding("f9", "show_map", "Map"),
    Binding("f8", "next_problem", "Problems"),
    Binding("f12,ctrl+g", "definition", "Definition"),
    Binding("escape", "focus_editor", "Editor", show=False),
]
