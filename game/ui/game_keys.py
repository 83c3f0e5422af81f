"""The game screen's keys and palette entries, as tables (the screen binds them to its actions).

Typed commands (``game.ui.matching.COMMANDS``) and palette entries name the same actions,
so a command and its key always do the same thing.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: The game screen's keys.
GAME_BINDINGS: list[BindingType] = [
    *(Binding(str(number), f"number({number})", f"Choice {number}", show=False) for number in range(1, 10)),
    Binding("s", "save", "Save"),
    Binding("l", "load", "Load"),
    Binding("u", "undo", "Undo"),
    Binding("r", "redo", "Redo", show=False),  # the footer is full at 80 columns: help names it
    # Ahead of the typewriter's any-key-finishes (see check_action for the command line).
    Binding("k", "skip_read", "Skip read", show=False, priority=True),
    Binding("j", "journal", "Journal"),
    Binding("o", "settings", "Settings"),
    Binding("question_mark", "help", "Help"),
    Binding("q", "quit", "Quit"),
    Binding("slash,colon", "command_line", "Type", show=False),
    Binding("escape", "focus_choices", "Choices", show=False),
    # Reading keys scroll the narrative wherever the focus is (the arrows stay with the
    # choices), so they take priority over the choice list's own Page and Home keys.
    Binding("space,pagedown", "page(1)", "More", show=False, priority=True),
    Binding("pageup", "page(-1)", "Back a page", show=False, priority=True),
    Binding("home", "scroll_narrative('home')", "Top", show=False, priority=True),
    Binding("end", "scroll_narrative('end')", "End", show=False, priority=True),
    Binding("enter", "ending_card", "The ending", priority=True),
]

#: Actions of the reading keys (and the skip key), which belong to the command line while it has focus.
READING_ACTIONS = frozenset({"page", "scroll_narrative", "ending_card", "skip_read"})

#: (name, help, action) of each command the palette offers during a game, in the order it lists them.
GAME_PALETTE: tuple[tuple[str, str, str], ...] = (
    ("Save", "save into a named slot (s)", "save"),
    ("Load", "open a save (l)", "load"),
    ("Undo", "step back one turn (u)", "undo"),
    ("Redo", "take again the choice undo took back (r)", "redo"),
    ("Skip read text", "scenes read before appear at once, on or off (k)", "skip_read"),
    ("Journal", "everything read and chosen (j)", "journal"),
    ("Look", "read the current scene again", "look"),
    ("Settings", "text speed, typewriter, motion, theme", "settings"),
    ("Help", "all the keys (?)", "help"),
    ("Quit to title", "leave this game (q)", "quit"),
)
