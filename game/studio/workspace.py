"""The files an author has open: the text on disk, the text in the editor, and saving."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.saves.atomic import atomic_write_bytes
from game.story.files import UnreadableFile, read_regular_file
from game.story.loader import StoryError, find_story_files
from game.story.yamlread import MAX_FILE_BYTES


@dataclass(slots=True)
class Buffer:
    """One open file: what is on disk (as last read or saved) and what the editor holds."""

    path: Path
    saved: str
    text: str

    @property
    def dirty(self) -> bool:
        """True while the editor holds text that is not on disk."""
        return self.text != self.saved


class Workspace:
    """A story folder and its branch folders, and the buffers open on their files."""

    def __init__(self, story: Path, branches: tuple[Path, ...] = ()) -> None:
        self.story = story.resolve()
        #: The branch folders as given (the loader names their files so in messages).
        self.branch_args = tuple(branches)
        self.buffers: dict[Path, Buffer] = {}

    @property
    def branches(self) -> tuple[Path, ...]:
        """The branch folders, resolved."""
        return tuple(branch.resolve() for branch in self.branch_args)

    def add_branch(self, folder: Path) -> None:
        """Edit one more branch folder with the story."""
        if folder.resolve() not in self.branches:
            self.branch_args = (*self.branch_args, folder)

    def roots(self) -> list[tuple[Path, bool]]:
        """(folder, is a branch) for the story and each branch."""
        return [(self.story, False), *((branch, True) for branch in self.branches)]

    def files(self, root: Path, *, branch: bool) -> list[Path]:
        """The story files under one root, as the loader finds them."""
        errors: list[StoryError] = []
        return [
            found.path.resolve()
            for found in find_story_files(root, branch=branch, story_root=self.story, errors=errors)
        ]

    def tree(self) -> list[tuple[str, Path, list[Path]]]:
        """(label, folder, files) for the story and each branch, as the file tree lists them."""
        return [
            (f"branch {folder.name}" if branch else f"story {folder.name}", folder, self.files(folder, branch=branch))
            for folder, branch in self.roots()
        ]

    def default_file(self) -> Path | None:
        """The file opened first: the story's ``story.yaml`` (or ``.yml``), else its first file."""
        files = self.files(self.story, branch=False)
        for path in files:
            if path.name in ("story.yaml", "story.yml"):
                return path
        return files[0] if files else None

    def display(self, path: Path) -> str:
        """A file's path as the author reads it: relative to the story folder where it can be."""
        path = path.resolve()
        try:
            return path.relative_to(self.story).as_posix()
        except ValueError:
            pass
        for given in self.branch_args:
            try:
                return given.as_posix().rstrip("/") + "/" + path.relative_to(given.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def holds(self, path: Path) -> bool:
        """True for a story file of the story or of one of its branches (the only files the studio edits)."""
        return any(path in self.files(root, branch=branch) for root, branch in self.roots())

    def locate(self, display: str) -> Path | None:
        """The file a message's path names (relative to the story folder, or as written), or None."""
        for candidate in (self.story / display, Path(display)):
            if candidate.is_file():
                return candidate.resolve()
        return None

    def open(self, path: Path) -> Buffer:
        """The buffer of ``path``, reading the file the first time; raises OSError if it cannot be read."""
        path = path.resolve()
        buffer = self.buffers.get(path)
        if buffer is None:
            try:
                data = read_regular_file(path, MAX_FILE_BYTES)
            except UnreadableFile as refusal:
                raise OSError(str(refusal)) from None
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                # Opening it with replacement characters would change the bytes on the next save.
                raise OSError(f"it is not UTF-8 text (byte {error.start}); story files are UTF-8") from None
            buffer = Buffer(path, text, text)
            self.buffers[path] = buffer
        return buffer

    def dirty(self) -> list[Buffer]:
        """The buffers with unsaved text."""
        return [buffer for buffer in self.buffers.values() if buffer.dirty]

    def overrides(self) -> dict[Path, bytes]:
        """The unsaved buffers as the loader's overrides."""
        return {buffer.path: buffer.text.encode("utf-8") for buffer in self.dirty()}

    def save(self, path: Path) -> None:
        """Write a buffer to its file atomically (temporary file, fsync, rename); raises OSError."""
        buffer = self.buffers[path.resolve()]
        text = buffer.text
        atomic_write_bytes(buffer.path, text.encode("utf-8"))
        buffer.saved = text
