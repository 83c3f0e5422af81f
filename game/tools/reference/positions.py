"""Where things are written that the story model does not place itself, read again from the story's files.

A title's or a text's line, a crew stat's, a UI class's, an ``extend:``, a
variable's comment: :func:`read_positions` reads the files by their lines, and
as YAML only where the manifest or an ``extend:`` is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.story.files import UnreadableFile, read_regular_file
from game.story.loader import StoryError, find_story_files
from game.story.model import Source
from game.story.yamlread import MAX_FILE_BYTES, YMap, YNode, YScalar, YSeq, decode, read_yaml

#: Comment lines kept as a variable's description.
_MAX_COMMENT_LINES = 6


@dataclass(frozen=True, slots=True)
class Positions:
    """Where things are written that the story model does not place itself (from the files)."""

    #: Scene id -> where its ``title:`` and ``text:`` values start.
    titles: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, Source] = field(default_factory=dict)
    #: Scene id -> each ``extend:`` of it: where, and the text it adds (None: choices only).
    extensions: dict[str, list[tuple[Source, str | None]]] = field(default_factory=dict)
    #: Crew id -> field ("alive", "shown", or "stat NAME") -> where.
    crew: dict[str, dict[str, Source]] = field(default_factory=dict)
    #: UI class name -> where its condition is.
    ui_classes: dict[str, Source] = field(default_factory=dict)
    #: Variable name -> its comment: the ``#`` lines over its run of declarations, then one after its value.
    comments: dict[str, str] = field(default_factory=dict)


def read_positions(story_root: Path, branches: Sequence[str | Path] = ()) -> Positions:
    """Read the story's files again for the positions :class:`Positions` holds.

    A file that cannot be read now (it changed since the story loaded) is skipped:
    its things are placed by the story model alone.
    """
    ignored: list[StoryError] = []
    files = find_story_files(story_root, branch=False, story_root=story_root, errors=ignored)
    for branch in branches:
        files += find_story_files(Path(branch), branch=True, story_root=story_root, errors=ignored)
    texts: list[tuple[str, str]] = []
    for story_file in files:
        try:
            data = read_regular_file(story_file.path, MAX_FILE_BYTES)
        except (UnreadableFile, OSError):
            continue
        text, _problem = decode(data)
        if text is not None:
            texts.append((story_file.display, text))
    return positions_of(texts)


def positions_of(files: Iterable[tuple[str, str]]) -> Positions:
    """The positions in story files given as (path shown, text) pairs.

    Scenes and variables are found by their lines alone (a story's files are
    mostly scenes, and reading them as YAML again would cost as much as
    loading); only a file with a top-level ``story:`` or ``extend:`` is read as
    YAML, for the crew, the UI classes and the extensions.
    """
    positions = Positions()
    for display, text in files:
        lines = text.splitlines()
        sections = _top_level_sections(lines)
        if "scenes" in sections:
            _scene_lines(display, lines, sections["scenes"], positions)
        if "vars" in sections:
            for name, line, _indent in _children(lines, *sections["vars"]):
                comment = " ".join(part for part in (_comment_above(lines, line), _comment_after(lines, line)) if part)
                if comment:
                    positions.comments[name] = comment
        if "story" in sections or "extend" in sections:
            root, _problems = read_yaml(text)
            if not isinstance(root, YMap):
                continue
            for key, value in root.items:
                if key.value == "extend" and isinstance(value, YMap):
                    _extension_positions(display, value, positions)
                elif key.value == "story" and isinstance(value, YMap):
                    _manifest_positions(display, value, positions)
    return positions


#: A block-mapping key on a line of its own: ``name:`` then a value, a comment or nothing.
_KEY_LINE = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\"|'[^']*'):(?:[ \t]|$)")


def _key_of(line: str) -> tuple[str, int] | None:
    """``(key, indent)`` when the line starts a block-mapping entry."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    key = match.group(2)
    return (key[1:-1] if key[:1] in "\"'" else key), len(match.group(1))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _top_level_sections(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Top-level key -> the 0-based range of lines after it, up to the next top-level key."""
    starts: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        if line[:1] not in ("", " ", "#", "\t", "-"):
            found = _key_of(line)
            if found is not None and found[1] == 0:
                starts.append((found[0], index))
    sections: dict[str, tuple[int, int]] = {}
    for number, (key, index) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        sections.setdefault(key, (index + 1, end))
    return sections


def _children(lines: Sequence[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """The direct keys of the block mapping in ``lines[start:end]``: (key, 1-based line, indent).

    The first content line sets the children's indentation; block scalars and
    nested mappings are indented deeper, so only keys at exactly that depth count.
    """
    indent: int | None = None
    found: list[tuple[str, int, int]] = []
    for index in range(start, end):
        line = lines[index]
        if not _is_content(line):
            continue
        depth = len(line) - len(line.lstrip(" "))
        if indent is None:
            indent = depth
        if depth < indent:
            break
        if depth == indent:
            key = _key_of(line)
            if key is not None:
                found.append((key[0], index + 1, depth))
    return found


def _scene_lines(display: str, lines: Sequence[str], section: tuple[int, int], positions: Positions) -> None:
    """Where each scene's ``title:`` and ``text:`` values start."""
    scenes = _children(lines, *section)
    for number, (scene_id, line, _indent) in enumerate(scenes):
        end = scenes[number + 1][1] - 1 if number + 1 < len(scenes) else section[1]
        for name, field_line, depth in _children(lines, line, end):
            if name in ("title", "text"):
                text = lines[field_line - 1]
                after_key = text.index(":", depth) + 1
                value_col = after_key + len(text[after_key:]) - len(text[after_key:].lstrip()) + 1
                where = Source(display, field_line, value_col)
                (positions.titles if name == "title" else positions.texts)[scene_id] = where


def _at(display: str, node: YNode) -> Source:
    return Source(display, node.line, node.col)


def _field(node: YNode, name: str) -> tuple[YScalar, YNode] | None:
    if isinstance(node, YMap):
        for key, value in node.items:
            if key.value == name:
                return key, value
    return None


def _extension_positions(display: str, extensions: YMap, positions: Positions) -> None:
    for key, addition in extensions.items:
        if not isinstance(key.value, str):
            continue
        text = _field(addition, "text")
        added = text[1].value if text is not None and isinstance(text[1], YScalar) else None
        positions.extensions.setdefault(key.value, []).append(
            (_at(display, key), added if isinstance(added, str) else None)
        )


def _manifest_positions(display: str, manifest: YMap, positions: Positions) -> None:
    crew = _field(manifest, "crew")
    if crew is not None and isinstance(crew[1], YSeq):
        for member in crew[1].items:
            member_id = _field(member, "id")
            if member_id is None or not isinstance(member_id[1], YScalar):
                continue
            places = positions.crew.setdefault(str(member_id[1].value), {})
            for name in ("alive", "shown"):
                found = _field(member, name)
                if found is not None:
                    places[name] = _at(display, found[1])
            stats = _field(member, "stats")
            if stats is not None and isinstance(stats[1], YMap):
                for stat, value in stats[1].items:
                    places[f"stat {stat.value}"] = _at(display, value)
    ui = _field(manifest, "ui")
    classes = _field(ui[1], "classes") if ui is not None else None
    if classes is not None and isinstance(classes[1], YMap):
        for class_name, condition in classes[1].items:
            positions.ui_classes[str(class_name.value)] = _at(display, condition)


#: A declaration with a comment after its value: ``name: value  # comment`` (quoted values may hold a '#').
_TRAILING_COMMENT = re.compile(
    r"""^\s*[^\s:#][^:#]*:\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^#]*?)?\s+#\s?(.*)$"""
)


def _comment_after(lines: Sequence[str], line: int) -> str:
    """The comment at the end of the declaration on 1-based ``line``, if any."""
    if not 0 < line <= len(lines):
        return ""
    match = _TRAILING_COMMENT.match(lines[line - 1])
    return match.group(1).strip() if match else ""


def _comment_above(lines: Sequence[str], line: int) -> str:
    """The ``#`` lines above the declaration on 1-based ``line``, joined.

    A comment speaks for the run of declarations under it, up to a blank line:
    ``# trust, -3 to 5`` over ``trust_mack: 1`` and ``trust_patty: 1`` describes both.
    """
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip()) if line - 1 < len(lines) else 0
    index = line - 2
    while index >= 0:
        text = lines[index]
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or len(text) - len(text.lstrip()) != indent:
            break
        index -= 1  # another declaration of the same run
    found: list[str] = []
    while index >= 0 and len(found) < _MAX_COMMENT_LINES:
        stripped = lines[index].strip()
        if not stripped.startswith("#"):
            break
        found.append(stripped.lstrip("#").strip())
        index -= 1
    return " ".join(reversed(found)).strip()
