"""The game's screens and dialogs, one per file."""
