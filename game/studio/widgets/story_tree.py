"""The files of the story and its branches, as a tree; choosing one opens it."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widgets import Tree


class StoryTree(Tree[Path]):
    """The story folder and each branch folder, with their YAML files."""

    class FileChosen(Message):
        """The author chose a file to edit."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("story", id=id)
        self.show_root = False
        self.guide_depth = 2

    def show_files(self, roots: list[tuple[str, Path, list[Path]]]) -> None:
        """(label, folder, files) for each root, files in the loader's order."""
        self.clear()
        for label, folder, files in roots:
            node = self.root.add(label, data=folder, expand=True)
            for path in files:
                try:
                    name = path.relative_to(folder).as_posix()
                except ValueError:
                    name = path.name
                node.add_leaf(name, data=path)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Path]) -> None:
        event.stop()
        path = event.node.data
        if path is not None and not event.node.allow_expand:
            self.post_message(self.FileChosen(path))
