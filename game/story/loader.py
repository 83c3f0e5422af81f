"""Load a story directory (plus branch directories) into a checked Story.

Every problem in every file is collected and reported at once as
``path:line:col: message``; nothing here lets a Python traceback escape for
any input. A loaded story is cached by the hash of its files' bytes, so an
unchanged story loads from the cache without parsing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from game.collector import gc_paused
from game.story import cache as story_cache
from game.story.build.context import MAX_ERRORS_PER_FILE, BuildContext, StoryError, StoryLoadError, YamlReader
from game.story.build.positions import scalar_position, source_lines
from game.story.build.story import add_file, finish
from game.story.files import FileTooLarge, UnreadableFile, read_regular_file
from game.story.model import Story
from game.story.yamlread import MAX_FILE_BYTES, read_yaml

__all__ = [
    "BRANCHES_FOLDER",
    "MAX_ERRORS_PER_FILE",
    "MAX_FILES",
    "STORY_SUFFIXES",
    "StoryError",
    "StoryFile",
    "StoryLoadError",
    "YamlReader",
    "find_story_files",
    "load_story",
    "scalar_position",
    "source_lines",
]

#: Folders with this name are skipped when a story directory is read: drop-in
#: branches live there and are loaded only with ``--branch``.
BRANCHES_FOLDER = "branches"
STORY_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 5000


@dataclass(slots=True)
class StoryFile:
    """A story file found on disk."""

    display: str  # the path shown in messages
    key: str  # the path used in the fingerprint, stable across machines
    path: Path
    branch: bool


# ------------------------------------------------------------------ finding files


def _display_root(root: Path, story_root: Path) -> str:
    try:
        relative = root.resolve().relative_to(story_root.resolve())
        return "" if str(relative) == "." else relative.as_posix() + "/"
    except ValueError:
        return root.as_posix().rstrip("/") + "/"


def find_story_files(root: Path, *, branch: bool, story_root: Path, errors: list[StoryError]) -> list[StoryFile]:
    """Every YAML file under ``root``, sorted, following links but never looping."""
    prefix = _display_root(root, story_root) if branch else ""
    if not root.exists():
        errors.append(StoryError(prefix or root.as_posix(), 1, 1, f"no such story directory '{root}'"))
        return []
    if not root.is_dir():
        # A FIFO or a device named story.yaml is listed here and refused with a reason when it is read.
        if root.suffix in STORY_SUFFIXES:
            return [StoryFile(root.name, root.name, root, branch)]
        errors.append(StoryError(root.as_posix(), 1, 1, "a story is a directory of .yaml files"))
        return []
    found: list[StoryFile] = []
    seen_dirs: dict[str, str] = {}
    for directory, subdirs, filenames in os.walk(root, followlinks=True, onerror=None):
        real = os.path.realpath(directory)
        here = Path(directory)
        rel_dir = here.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if real in seen_dirs:
            first = seen_dirs[real] or "the story folder itself"
            errors.append(
                StoryError(
                    prefix + rel_dir.rstrip("/"),
                    1,
                    1,
                    f"this folder is a link to a folder already read ({first}), which would read its files twice"
                    " or loop forever; remove the link",
                )
            )
            subdirs[:] = []
            continue
        seen_dirs[real] = prefix + rel_dir.rstrip("/")
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith(".") and not (d == BRANCHES_FOLDER and not branch and here == root)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(STORY_SUFFIXES):
                continue
            rel = rel_dir + name
            found.append(StoryFile(prefix + rel, ("branch:" if branch else "") + prefix + rel, here / name, branch))
            if len(found) > MAX_FILES:
                errors.append(
                    StoryError(
                        prefix.rstrip("/") or root.as_posix(),
                        1,
                        1,
                        f"more than {MAX_FILES:,} story files; is this the right folder?",
                    )
                )
                return []
    return found


# -------------------------------------------------------------------------- loading


def load_story(
    root: str | os.PathLike[str],
    branches: Sequence[str | os.PathLike[str]] = (),
    *,
    use_cache: bool = True,
    overrides: Mapping[Path, bytes] | None = None,
    yaml_reader: YamlReader = read_yaml,
) -> Story:
    """Load, merge and check a story; raises StoryLoadError with every problem.

    ``overrides`` gives the bytes of some files (by resolved path) instead of what is on disk
    (an editor checks unsaved buffers so); ``yaml_reader`` parses a file's text (a caller may
    pass a memo so unchanged files are not parsed again).
    """
    # Everything built here lives on as the story: the cyclic collector's passes over
    # hundreds of thousands of new objects would only find nothing to free, again and again.
    with gc_paused():
        return _load_story(Path(root), branches, use_cache, overrides or {}, yaml_reader)


def _load_story(
    story_root: Path,
    branches: Sequence[str | os.PathLike[str]],
    use_cache: bool,
    overrides: Mapping[Path, bytes],
    yaml_reader: YamlReader,
) -> Story:
    errors: list[StoryError] = []
    files = find_story_files(story_root, branch=False, story_root=story_root, errors=errors)
    for branch in branches:
        files += find_story_files(Path(branch), branch=True, story_root=story_root, errors=errors)
    contents: list[bytes] = []
    readable: list[StoryFile] = []
    for story_file in files:
        data = overrides.get(story_file.path.resolve()) if overrides else None
        data = _read_story_file(story_file, errors) if data is None else data
        if data is not None:
            contents.append(data)
            readable.append(story_file)
    if not files and not errors:
        errors.append(StoryError(story_root.as_posix(), 1, 1, "no .yaml story files in this directory"))
    if not readable:
        raise StoryLoadError(errors)

    digest = hashlib.sha256()
    for story_file, data in zip(readable, contents, strict=True):
        digest.update(story_file.key.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(data).digest())
    fingerprint = digest.hexdigest()
    branch_names = tuple(str(branch) for branch in branches)
    if use_cache and not errors:
        cached = story_cache.read(fingerprint)
        if cached is not None:
            # An entry holds no branch paths: the same branch may be named another way on this run.
            return replace(cached, branches=branch_names) if branch_names else cached
    context = BuildContext(fingerprint, branch_names, root_display=story_root.as_posix(), yaml_reader=yaml_reader)
    # Problems finding or reading files are reported with those in the files that could be read.
    for problem in errors:
        context.report(problem)
    # Each file's bytes go as soon as it is read: its text lives on in the context for error positions.
    contents.reverse()
    for story_file in readable:
        add_file(context, story_file.display, story_file.branch, contents.pop())
    if context.unreadable:
        # The cause, once: checking the rest against a story with a file missing would report every scene,
        # variable and target in that file as unknown, a page of errors that all go when the file is fixed.
        raise StoryLoadError([*context.errors, *context.unlisted_summaries()])
    story = finish(context)
    if use_cache:
        story_cache.write(fingerprint, story)
    return story


def _read_story_file(story_file: StoryFile, errors: list[StoryError]) -> bytes | None:
    """A story file's bytes; a file that is not a regular file, or too large, is one error and None."""
    try:
        return read_regular_file(story_file.path, MAX_FILE_BYTES)
    except FileTooLarge as large:
        amount = f"{large.size:,} bytes" if large.size is not None else f"more than {large.limit:,} bytes"
        message = f"the file is {amount}; story files are limited to {large.limit:,}: split it"
        errors.append(StoryError(story_file.display, 1, 1, message))
    except UnreadableFile as refusal:
        message = f"{refusal}; a story file must be a plain file: remove it, or rename it so it does not end in .yaml"
        errors.append(StoryError(story_file.display, 1, 1, message))
    except OSError as error:
        errors.append(StoryError(story_file.display, 1, 1, f"cannot read the file: {error.strerror or error}"))
    return None
