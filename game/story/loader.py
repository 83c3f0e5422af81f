"""Load a story directory (plus branch directories) into a checked Story.

Every problem in every file is collected and reported at once as
``path:line:col: message``; nothing here lets a Python traceback escape for
any input. A loaded story is cached by the hash of its files' bytes, so an
unchanged story loads from the cache without parsing.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from game.collector import gc_paused
from game.story import cache as story_cache
from game.story.expressions import (
    BOOL,
    BUILTIN_NAMES,
    NUM,
    RESERVED_WORDS,
    Expr,
    ExpressionError,
    SharedExpressions,
    Template,
    TypeEnv,
    type_name,
    value_type,
)
from game.story.files import FileTooLarge, UnreadableFile, read_regular_file
from game.story.model import (
    AddVar,
    Choice,
    CountdownAdd,
    CountdownSettings,
    CountdownStart,
    CountdownStop,
    CrewMember,
    Effect,
    Ending,
    Outcome,
    Scene,
    SetVar,
    Source,
    Story,
    Variable,
)
from game.story.yamlread import (
    MAX_FILE_BYTES,
    MAX_INT,
    YamlProblem,
    YMap,
    YNode,
    YScalar,
    YSeq,
    decode,
    read_yaml,
)

#: Parses one file's text into nodes and problems (``read_yaml``, or a memo of it).
YamlReader = Callable[[str], tuple[YNode | None, list[YamlProblem]]]

#: Folders with this name are skipped when a story directory is read: drop-in
#: branches live there and are loaded only with ``--branch``.
BRANCHES_FOLDER = "branches"
STORY_SUFFIXES = (".yaml", ".yml")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
MAX_FILES = 5000
#: A hostile or badly broken file can hold millions of mistakes; past this
#: many in one file the rest are counted, not listed.
MAX_ERRORS_PER_FILE = 100


@dataclass(frozen=True, slots=True, order=True)
class StoryError:
    """One problem in a story, at a place an author can jump to."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class StoryLoadError(Exception):
    """The story has errors; ``errors`` holds all of them, sorted."""

    def __init__(self, errors: Iterable[StoryError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(error) for error in self.errors))


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
    builder = _Builder(fingerprint, branch_names, root_display=story_root.as_posix(), yaml_reader=yaml_reader)
    # Problems finding or reading files are reported with those in the files that could be read.
    for problem in errors:
        builder.report(problem)
    # Each file's bytes go as soon as it is read: its text lives on in the builder for error positions.
    contents.reverse()
    for story_file in readable:
        builder.add_file(story_file, contents.pop())
    if builder.unreadable:
        # The cause, once: checking the rest against a story with a file missing would report every scene,
        # variable and target in that file as unknown, a page of errors that all go when the file is fixed.
        raise StoryLoadError([*builder.errors, *builder._unlisted_summaries()])
    story = builder.finish()
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


# -------------------------------------------------------------------------- builder


def _in_range(value: object) -> bool:
    """False for a number a story cannot hold: infinite, NaN or beyond ±MAX_INT (true for non-numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    # NaN fails every comparison, so it is out of range too.
    return -MAX_INT <= value <= MAX_INT


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_KIND_NAMES = {
    YMap: "a mapping (key: value lines)",
    YSeq: "a list (- items)",
}


def _describe(node: YNode) -> str:
    if isinstance(node, YScalar):
        value = node.value
        if value is None:
            return "nothing (an empty value)"
        if isinstance(value, bool):
            return f"the boolean {str(value).lower()}"
        if isinstance(value, int | float):
            return f"the number {value}"
        return "text"
    return _KIND_NAMES[type(node)]


#: The line breaks PyYAML counts when it reports a line (YAML 1.1's set).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DOUBLE_QUOTED_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}
#: A line with something before a ' #' (a value a comment may have cut).
_VALUE_THEN_COMMENT = re.compile(r"^[ \t]*[^ \t#\n][^\n]*?[ \t]#[^\n]*$", re.MULTILINE)
#: What follows an unquoted value when YAML cut a comment off it: blanks, then '#'.
_COMMENT_AFTER = re.compile(r"[ \t]+#")
#: A line of a text block that looks like a scene key indented too far (it became part of the text).
_KEY_IN_TEXT = re.compile(r"^[ \t]*(choices|ending|on_enter|expires):[ \t]*$", re.MULTILINE)


def source_lines(text: str) -> list[str]:
    """The file's lines as PyYAML numbers them, without their line breaks."""
    return _LINE_BREAK.split(text)


def scalar_position(lines: Sequence[str], scalar: YScalar, offset: int) -> tuple[int, int]:
    """The 1-based line and column in the file of character ``offset`` of a text scalar's value.

    YAML changes text on its way to the value: it folds line breaks into
    spaces, drops indentation, and turns escapes into characters. This walks
    the source and the value side by side, skipping what YAML drops, so an
    error inside a multi-line or quoted expression points at the right spot.
    If the two cannot be matched, the scalar's own position is returned.
    """
    value = scalar.value if isinstance(scalar.value, str) else ""
    style = scalar.style
    fallback = (scalar.line, scalar.col)
    if style in ("|", ">"):
        line_index, col = scalar.line, 0  # content starts on the line after the header
    else:
        line_index, col = scalar.line - 1, scalar.col - 1 + (1 if style in ('"', "'") else 0)
    j = 0
    while line_index < len(lines):
        text = lines[line_index]
        while col <= len(text):
            ch = text[col] if col < len(text) else "\n"
            want = value[j] if j < len(value) else ""
            # At the offset, skip only whitespace YAML dropped (indentation, folded breaks).
            escaped_break = style == '"' and ch == "\\" and col + 1 >= len(text)
            if j >= offset and not escaped_break and (ch == want or want in ("", " ", "\n") or ch not in " \t\r\n"):
                return line_index + 1, col + 1
            if escaped_break:  # joins the lines without a space
                col = len(text) + 1
            elif style == '"' and ch == "\\":
                col += _DOUBLE_QUOTED_ESCAPE_LENGTHS.get(text[col + 1], 2)
                j += 1
            elif style == "'" and ch == "'" and text[col + 1 : col + 2] == "'":
                col += 2
                j += 1
            elif ch == want:
                col += 1
                j += 1
            elif ch in " \t\r\n":
                col += 1
            elif want in (" ", "\n"):
                j += 1
            else:
                return fallback
        line_index += 1
        col = 0
        if style not in ("|", ">") and line_index < len(lines):
            # A flow scalar drops all leading whitespace of a continuation line.
            continued = lines[line_index]
            col = len(continued) - len(continued.lstrip(" \t"))
    return fallback


def _non_ascii_hint(text: str) -> str:
    """Why an id that looks right is refused: ids take ASCII letters and digits only."""
    odd = next((ch for ch in text if not ch.isascii()), None)
    if odd is None:
        return ""
    return f" ({odd!r} is not an ASCII letter or digit; ids use a-z, A-Z, 0-9 and '_')"


@dataclass(slots=True)
class _FileContext:
    display: str
    text: str
    branch: bool
    lines: list[str] | None = None
    commented: dict[int, str] | None = None

    def source_lines(self) -> list[str]:
        if self.lines is None:
            self.lines = source_lines(self.text)
        return self.lines

    def commented_lines(self) -> dict[int, str]:
        """The lines (by 1-based number) where a value may be followed by a comment: few, found once.

        A file's lines are not all kept: a large story would hold its text twice while it loads.
        """
        if self.commented is None:
            self.commented = {}
            text = self.text
            counted, line = 0, 1
            for match in _VALUE_THEN_COMMENT.finditer(text):
                line += text.count("\n", counted, match.start())
                counted = match.start()
                self.commented[line] = match.group()
        return self.commented


@dataclass(slots=True)
class _PendingScene:
    id: str
    node: YMap | None  # None once the scene is built
    key: YScalar
    file: _FileContext


@dataclass(slots=True)
class _PendingExtension:
    scene: str
    node: YMap
    key: YScalar
    file: _FileContext


@dataclass(slots=True)
class _Manifest:
    id: str = ""
    title: str = ""
    version: str = ""
    start: str = ""
    crew: tuple[CrewMember, ...] = ()
    countdown: CountdownSettings | None = None
    ui_classes: tuple[tuple[str, Expr], ...] = ()


@dataclass(slots=True)
class _Builder:
    fingerprint: str
    branch_names: tuple[str, ...]
    errors: list[StoryError] = field(default_factory=list)
    manifest: tuple[YMap, _FileContext] | None = None
    var_nodes: dict[str, tuple[YScalar, YNode, _FileContext]] = field(default_factory=dict)
    scene_nodes: dict[str, _PendingScene] = field(default_factory=dict)
    extensions: list[_PendingExtension] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    yaml_reader: YamlReader = read_yaml
    # Where the YAML reader already found a problem (an alias, a tag, a key
    # that is a list): later complaints about the same node only echo it.
    yaml_spots: set[tuple[str, int, int]] = field(default_factory=set)
    error_counts: dict[str, int] = field(default_factory=dict)
    first_unlisted: dict[str, StoryError] = field(default_factory=dict)
    # Each distinct expression and template text is checked once and shared (see SharedExpressions).
    shared: SharedExpressions | None = None
    #: What loads but is likely a mistake: (where, message), kept on the story for ``check``.
    warnings: list[tuple[Source, str]] = field(default_factory=list)
    #: A file had a YAML syntax error: nothing in it was read, so what refers to it would only echo it.
    unreadable: bool = False
    #: The story folder as the command was given it, for messages about the folder as a whole.
    root_display: str = ""

    # ------------------------------------------------------------ error helpers

    def report(self, error: StoryError) -> None:
        """Record a problem; past MAX_ERRORS_PER_FILE in one file, only count it."""
        count = self.error_counts.get(error.path, 0) + 1
        self.error_counts[error.path] = count
        if count <= MAX_ERRORS_PER_FILE:
            self.errors.append(error)
        elif count == MAX_ERRORS_PER_FILE + 1:
            self.first_unlisted[error.path] = error

    def _unlisted_summaries(self) -> list[StoryError]:
        summaries: list[StoryError] = []
        for path, first in self.first_unlisted.items():
            more = self.error_counts[path] - MAX_ERRORS_PER_FILE
            summaries.append(
                StoryError(
                    path,
                    first.line,
                    first.col,
                    f"{more:,} more problem{'s' if more != 1 else ''} in this file"
                    f" (only {MAX_ERRORS_PER_FILE} are listed); fix these and check again",
                )
            )
        return summaries

    def error(self, file: _FileContext, node: YNode | YScalar, message: str) -> None:
        if (file.display, node.line, node.col) in self.yaml_spots:
            return
        self.report(StoryError(file.display, node.line, node.col, message))

    def at_offset(self, file: _FileContext, scalar: YScalar, offset: int, message: str) -> None:
        line, col = scalar_position(file.source_lines(), scalar, offset)
        self.report(StoryError(file.display, line, col, message))

    def fields(
        self,
        file: _FileContext,
        node: YMap,
        allowed: Sequence[str],
        required: Sequence[str],
        what: str,
    ) -> dict[str, tuple[YScalar, YNode]]:
        """The keys of a mapping, checked: unknown keys (with suggestions) and missing ones."""
        found: dict[str, tuple[YScalar, YNode]] = {}
        # A misspelt key is reported once, as unknown, not again as missing.
        suggested: set[str] = set()
        for key, value in node.items:
            name = key.value
            if not isinstance(name, str):
                self.error(file, key, f"{what}: keys are words, not {_describe(key)}")
                continue
            if name not in allowed:
                known = ", ".join(allowed)
                close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                suggested.update(close)
                self.error(file, key, f"{what}: unknown key '{name}'{hint}; known keys: {known}")
                continue
            found[name] = (key, value)
        for name in required:
            if name not in found and name not in suggested:
                self.error(file, node, f"{what}: missing '{name}'")
        return found

    def text_of(self, file: _FileContext, node: YNode, what: str, *, allow_numbers: bool = False) -> str | None:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        if (
            allow_numbers
            and isinstance(node, YScalar)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return str(node.value)
        self.error(file, node, f"{what} must be text, not {_describe(node)}")
        return None

    def warn_if_cut_by_comment(self, file: _FileContext, node: YNode, what: str) -> None:
        """Warn when YAML took the end of an unquoted text for a comment (``title: Bay #3``)."""
        if not (isinstance(node, YScalar) and node.style is None and isinstance(node.value, str)):
            return
        line = file.commented_lines().get(node.line)
        if line is None:
            return
        start = node.col - 1
        end = start + len(node.value)
        # Only a text written on one line is checked: there the value is the source, character for character.
        if line[start:end] != node.value:
            return
        cut = _COMMENT_AFTER.match(line, end)
        if cut is None:
            return
        comment = line[cut.end() - 1 :].rstrip()
        self.warnings.append(
            (
                Source(file.display, node.line, end + cut.end() - cut.start()),
                f"{what} stops before '{comment[:40]}': YAML reads ' #' and what follows as a comment;"
                f" if it is part of the text, put the whole text in quotes",
            )
        )

    def id_of(self, file: _FileContext, node: YNode, what: str) -> str | None:
        text = self.text_of(file, node, what)
        if text is None:
            return None
        if not _ID.match(text):
            self.error(
                file,
                node,
                f"{what} '{text}' must be letters, digits and underscores, starting with a letter"
                + _non_ascii_hint(text),
            )
            return None
        if "__" in text:
            # Expressions refuse names with '__' (they could reach Python internals): such an id could never
            # be named in visited(), visits() or a condition.
            self.error(
                file,
                node,
                f"{what} '{text}' contains '__', which expressions cannot name: use a single '_'"
                f" (for example '{re.sub('_{2,}', '_', text)}')",
            )
            return None
        return text

    def number_of(
        self, file: _FileContext, node: YNode, what: str, *, minimum: float | None = None
    ) -> int | float | None:
        if isinstance(node, YScalar) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            value = node.value
            if not _in_range(value):
                self.error(file, node, f"{what} must be a finite number within ±{MAX_INT:,}")
                return None
            if minimum is not None and value < minimum:
                self.error(file, node, f"{what} must be at least {minimum:g}, not {value}")
                return None
            return value
        self.error(file, node, f"{what} must be a number, not {_describe(node)}")
        return None

    # -------------------------------------------------------------- first pass

    def add_file(self, story_file: StoryFile, data: bytes) -> None:
        text, problem = decode(data)
        file = _FileContext(story_file.display, text or "", story_file.branch)
        self.files.append(story_file.display)
        if problem is not None:
            self.report(StoryError(file.display, problem.line, problem.col, problem.message))
            return
        assert text is not None
        root, problems = self.yaml_reader(text)
        for found in problems:
            self.report(StoryError(file.display, found.line, found.col, found.message))
            self.yaml_spots.add((file.display, found.line, found.col))
        if problems and root is None:
            self.unreadable = True
            return
        if root is None or (isinstance(root, YScalar) and root.value is None):
            self.report(
                StoryError(
                    file.display, 1, 1, "the file is empty; a story file is a mapping with keys such as 'scenes:'"
                )
            )
            return
        if not isinstance(root, YMap):
            self.error(
                file,
                root,
                f"the top level of a story file must be a mapping (story, vars, scenes, extend), not {_describe(root)}",
            )
            return
        sections = self.fields(file, root, ("story", "vars", "scenes", "extend"), (), "story file")
        if "story" in sections:
            key, node = sections["story"]
            if file.branch:
                self.error(file, key, "a branch cannot have a 'story' manifest; it extends the story it is loaded with")
            elif self.manifest is not None:
                first = self.manifest[1].display
                self.error(file, key, f"a second 'story' manifest; the story's manifest is in {first}")
            elif not isinstance(node, YMap):
                self.error(file, node, f"'story' must be a mapping, not {_describe(node)}")
            else:
                self.manifest = (node, file)
        if "vars" in sections:
            self._collect_vars(file, sections["vars"][1])
        if "scenes" in sections:
            self._collect_scenes(file, sections["scenes"][1])
        if "extend" in sections:
            self._collect_extensions(file, sections["extend"][1])

    def _collect_vars(self, file: _FileContext, node: YNode) -> None:
        if not isinstance(node, YMap):
            self.error(file, node, f"'vars' must be a mapping of names to initial values, not {_describe(node)}")
            return
        for key, value in node.items:
            name = self.id_of(file, key, "variable name")
            if name is None:
                continue
            if name in BUILTIN_NAMES or name in RESERVED_WORDS:
                self.error(file, key, f"'{name}' is a built-in name; choose another variable name")
                continue
            if name in self.var_nodes:
                first_key, _, first_file = self.var_nodes[name]
                self.error(
                    file, key, f"variable '{name}' is declared twice (first at {first_file.display}:{first_key.line})"
                )
                continue
            self.var_nodes[name] = (key, value, file)

    def _collect_scenes(self, file: _FileContext, node: YNode) -> None:
        if not isinstance(node, YMap):
            self.error(file, node, f"'scenes' must be a mapping of scene ids to scenes, not {_describe(node)}")
            return
        for key, value in node.items:
            scene_id = self.id_of(file, key, "scene id")
            if scene_id is None:
                continue
            if scene_id in self.scene_nodes:
                first = self.scene_nodes[scene_id]
                self.error(
                    file,
                    key,
                    f"scene '{scene_id}' is defined twice (first at {first.file.display}:{first.key.line});"
                    + (" a branch adds to a scene with 'extend:'" if file.branch else " rename one of them"),
                )
                continue
            if not isinstance(value, YMap):
                self.error(
                    file,
                    value,
                    f"scene '{scene_id}' must be a mapping (title, text, choices...), not {_describe(value)}",
                )
                continue
            self.scene_nodes[scene_id] = _PendingScene(scene_id, value, key, file)

    def _collect_extensions(self, file: _FileContext, node: YNode) -> None:
        if not isinstance(node, YMap):
            self.error(file, node, f"'extend' must be a mapping of scene ids to additions, not {_describe(node)}")
            return
        for key, value in node.items:
            scene_id = self.id_of(file, key, "scene id")
            if scene_id is None:
                continue
            if not isinstance(value, YMap):
                self.error(
                    file,
                    value,
                    f"the extension of '{scene_id}' must be a mapping (text, choices), not {_describe(value)}",
                )
                continue
            self.extensions.append(_PendingExtension(scene_id, value, key, file))

    # ------------------------------------------------------------- second pass

    def finish(self) -> Story:
        if self.manifest is None and self.extensions:
            # A branch checked as a story: every scene it extends or leads to is elsewhere, so all
            # that could be said is a page of "does not exist". Say what it is instead, once.
            first = self.extensions[0]
            folder = self.root_display or "this folder"
            notice = StoryError(
                first.file.display,
                first.key.line,
                first.key.col,
                f"this looks like a branch (no 'story:' manifest, and it extends '{first.scene}', which is not"
                f" here): use --branch: exception check --branch {folder}"
                " (with the bundled story; put another story's folder before --branch)",
            )
            # Problems reading the files stand; what the branch says about scenes is checked with its story.
            read_problems = [error for error in self.errors if (error.path, error.line, error.col) in self.yaml_spots]
            raise StoryLoadError([*read_problems, notice])
        variables = self._build_variables()
        env = TypeEnv({name: var.type for name, var in variables.items()}, self.scene_nodes)
        manifest = self._build_manifest(env)
        scenes: dict[str, Scene] = {}
        for pending in self.scene_nodes.values():
            scene = self._build_scene(pending, env)
            if scene is not None:
                scenes[pending.id] = scene
            # The parsed YAML of a built scene is not needed again: let it go now, not
            # after every scene is built, so a large story's peak holds one copy, not two.
            pending.node = None
        self._apply_extensions(scenes, env)
        if manifest is not None:
            self._check_references(scenes, manifest)
        if self.errors:
            raise StoryLoadError([*self.errors, *self._unlisted_summaries()])
        assert manifest is not None
        return Story(
            id=manifest.id,
            title=manifest.title,
            version=manifest.version,
            start=manifest.start,
            variables=variables,
            scenes=scenes,
            crew=manifest.crew,
            countdown=manifest.countdown,
            ui_classes=manifest.ui_classes,
            fingerprint=self.fingerprint,
            branches=self.branch_names,
            files=tuple(self.files),
            warnings=tuple(self.warnings),
        )

    def _build_variables(self) -> dict[str, Variable]:
        variables: dict[str, Variable] = {}
        for name, (key, node, file) in self.var_nodes.items():
            if not isinstance(node, YScalar) or value_type(node.value) is None:
                self.error(
                    file,
                    node,
                    f"variable '{name}' needs an initial value: true/false, a number or text, not {_describe(node)}",
                )
                continue
            value = node.value
            assert isinstance(value, bool | int | float | str)
            if not _in_range(value):
                self.error(file, node, f"variable '{name}' must start as a finite number within ±{MAX_INT:,}")
                continue
            kind = value_type(value)
            assert kind is not None
            variables[name] = Variable(name, kind, value, Source(file.display, key.line, key.col))
        return variables

    def _build_manifest(self, env: TypeEnv) -> _Manifest | None:
        if self.manifest is None:
            if not self.errors and self.files:
                self.report(
                    StoryError(
                        self.files[0],
                        1,
                        1,
                        "no 'story:' manifest in any file; one file must have 'story:' with id, title, version and start",
                    )
                )
            elif self.files:
                self.report(StoryError(self.files[0], 1, 1, "no 'story:' manifest found in any file"))
            return None
        node, file = self.manifest
        found = self.fields(
            file,
            node,
            ("id", "title", "version", "start", "crew", "countdown", "ui"),
            ("id", "title", "version", "start"),
            "story",
        )
        result = _Manifest()
        if "id" in found:
            result.id = self.id_of(file, found["id"][1], "story id") or ""
        if "start" in found:
            result.start = self.id_of(file, found["start"][1], "start scene") or ""
            if result.start and result.start not in self.scene_nodes:
                self.error(
                    file,
                    found["start"][1],
                    f"start scene '{result.start}' does not exist{_suggest(result.start, self.scene_nodes)}",
                )
        if "title" in found:
            result.title = self.text_of(file, found["title"][1], "story title", allow_numbers=True) or ""
        if "version" in found:
            result.version = self.text_of(file, found["version"][1], "story version", allow_numbers=True) or ""
        if "crew" in found:
            result.crew = self._build_crew(file, found["crew"][1], env)
        if "countdown" in found:
            result.countdown = self._build_countdown(file, found["countdown"][1])
        if "ui" in found:
            result.ui_classes = self._build_ui(file, found["ui"][1], env)
        return result

    def _build_crew(self, file: _FileContext, node: YNode, env: TypeEnv) -> tuple[CrewMember, ...]:
        if not isinstance(node, YSeq):
            self.error(file, node, f"'crew' must be a list of crew members, not {_describe(node)}")
            return ()
        crew: list[CrewMember] = []
        seen: set[str] = set()
        for item in node.items:
            if not isinstance(item, YMap):
                self.error(file, item, f"a crew member must be a mapping (id, name, role...), not {_describe(item)}")
                continue
            found = self.fields(
                file, item, ("id", "name", "role", "alive", "shown", "stats"), ("id", "name"), "crew member"
            )
            member_id = self.id_of(file, found["id"][1], "crew id") if "id" in found else None
            name = self.text_of(file, found["name"][1], "crew name") if "name" in found else None
            role = self.text_of(file, found["role"][1], "crew role") if "role" in found else ""
            alive = self.expression(file, found["alive"][1], env, BOOL, "'alive'") if "alive" in found else None
            shown = self.expression(file, found["shown"][1], env, BOOL, "'shown'") if "shown" in found else None
            stats: list[tuple[str, Template]] = []
            if "stats" in found:
                stats_node = found["stats"][1]
                if not isinstance(stats_node, YMap):
                    self.error(file, stats_node, f"'stats' must map labels to values, not {_describe(stats_node)}")
                else:
                    for label_node, value_node in stats_node.items:
                        label = self.text_of(file, label_node, "a stat label", allow_numbers=True)
                        template = self.stat_template(file, value_node, env)
                        if label is not None and template is not None:
                            stats.append((label, template))
            if member_id is not None and member_id in seen:
                self.error(file, found["id"][1], f"crew id '{member_id}' is used twice")
            if member_id is not None and name is not None:
                seen.add(member_id)
                crew.append(CrewMember(member_id, name, role or "", alive, tuple(stats), shown))
        return tuple(crew)

    def stat_template(self, file: _FileContext, node: YNode, env: TypeEnv) -> Template | None:
        """A stat is a template; a bare variable name shows that variable."""
        text = self.text_of(file, node, "a stat value", allow_numbers=True)
        if text is None:
            return None
        assert isinstance(node, YScalar)
        if _ID.match(text) and text in env.variables:
            text = "{" + text + "}"
            return self.template(file, YScalar(text, node.line, node.col, node.style), env, "stat")
        return self.template(file, node, env, "stat")

    def _build_countdown(self, file: _FileContext, node: YNode) -> CountdownSettings | None:
        if not isinstance(node, YMap):
            self.error(
                file,
                node,
                f"'countdown' must be a mapping (label, unit, start, warning, expires), not {_describe(node)}",
            )
            return None
        found = self.fields(
            file, node, ("label", "unit", "start", "warning", "expires"), ("start", "expires"), "countdown"
        )
        label = self.text_of(file, found["label"][1], "countdown label") if "label" in found else "Countdown"
        unit = self.text_of(file, found["unit"][1], "countdown unit") if "unit" in found else ""
        start = self.number_of(file, found["start"][1], "countdown start", minimum=0) if "start" in found else None
        warning = self.number_of(file, found["warning"][1], "countdown warning", minimum=0) if "warning" in found else 0
        expires = self.id_of(file, found["expires"][1], "expiry scene") if "expires" in found else None
        if expires is not None and expires not in self.scene_nodes:
            self.error(
                file,
                found["expires"][1],
                f"expiry scene '{expires}' does not exist{_suggest(expires, self.scene_nodes)}",
            )
            return None
        if label is None or unit is None or start is None or warning is None or expires is None:
            return None
        return CountdownSettings(label, unit, start, warning, expires)

    def _build_ui(self, file: _FileContext, node: YNode, env: TypeEnv) -> tuple[tuple[str, Expr], ...]:
        if not isinstance(node, YMap):
            self.error(file, node, f"'ui' must be a mapping, not {_describe(node)}")
            return ()
        found = self.fields(file, node, ("classes",), (), "ui")
        if "classes" not in found:
            return ()
        classes_node = found["classes"][1]
        if not isinstance(classes_node, YMap):
            self.error(
                file, classes_node, f"'ui.classes' must map class names to conditions, not {_describe(classes_node)}"
            )
            return ()
        classes: list[tuple[str, Expr]] = []
        for key, value in classes_node.items:
            name = self.text_of(file, key, "a UI class name")
            if name is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
                self.error(file, key, f"UI class '{name}' must be letters, digits, '-' and '_'")
                continue
            condition = self.expression(file, value, env, BOOL, f"the condition of UI class '{name}'")
            if name is not None and condition is not None:
                classes.append((name, condition))
        return tuple(classes)

    # ----------------------------------------------------------------- scenes

    def expression(self, file: _FileContext, node: YNode, env: TypeEnv, want: str | None, what: str) -> Expr | None:
        if isinstance(node, YScalar) and isinstance(node.value, bool) and want == BOOL:
            return self._shared(env).expression("true" if node.value else "false", BOOL)
        source = self.text_of(file, node, what)
        if source is None:
            return None
        assert isinstance(node, YScalar)
        try:
            return self._shared(env).expression(source, want)
        except ExpressionError as error:
            self.at_offset(file, node, error.offset, f"in {what}: {error.message}")
            return None

    def _shared(self, env: TypeEnv) -> SharedExpressions:
        """The load's shared expressions, which are all checked in ``env``."""
        if self.shared is None or self.shared.env is not env:
            self.shared = SharedExpressions(env)
        return self.shared

    def template(
        self, file: _FileContext, node: YNode, env: TypeEnv, what: str, *, locate: bool = True
    ) -> Template | None:
        """The template of a text; ``locate``: a copy that knows where it is written (see Template.origins).

        A choice's text is not located: the choice's own place is its text's line in the usual
        ``- text:`` form, and choices are the most numerous texts of a large story.
        """
        source = self.text_of(file, node, what, allow_numbers=True)
        if source is None:
            return None
        assert isinstance(node, YScalar)
        self.warn_if_cut_by_comment(file, node, what)
        try:
            template = self._shared(env).template(source)
        except ExpressionError as error:
            self.at_offset(file, node, error.offset, f"in {what}: {error.message}")
            return None
        if template.is_plain or not locate:
            return template
        # Where this text is written, so a failure at run time names this file and line: a quoted text's
        # first character, a block's '|' or '>'.
        col = node.col + 1 if node.style in ('"', "'") else node.col
        return template.located(f"{file.display}:{node.line}:{col}")

    def _build_scene(self, pending: _PendingScene, env: TypeEnv) -> Scene | None:
        file, node, scene_id = pending.file, pending.node, pending.id
        assert node is not None, f"scene '{scene_id}' is built once"
        found = self.fields(
            file,
            node,
            ("title", "text", "on_enter", "choices", "ending", "expires"),
            ("title", "text"),
            f"scene '{scene_id}'",
        )
        title = self.template(file, found["title"][1], env, "the title") if "title" in found else None
        text = self.template(file, found["text"][1], env, "the text") if "text" in found else None
        on_enter = self.effects(file, found["on_enter"][1], env) if "on_enter" in found else ()
        ending = self._build_ending(file, found["ending"][1], scene_id) if "ending" in found else None
        expires = None
        if "expires" in found:
            expires = self.id_of(file, found["expires"][1], "expiry scene")
            if expires is not None and expires not in self.scene_nodes:
                self.error(
                    file,
                    found["expires"][1],
                    f"expiry scene '{expires}' does not exist{_suggest(expires, self.scene_nodes)}",
                )
        choices = self.choices(file, found["choices"][1], env, scene_id, set()) if "choices" in found else []
        if "choices" not in found and "ending" not in found:
            hint = self._key_in_text_hint(file, found["text"]) if "text" in found else ""
            self.error(
                file,
                node,
                f"scene '{scene_id}' has no choices and is not an ending: add 'choices:' or 'ending:'{hint}",
            )
        elif "ending" not in found and isinstance(found["choices"][1], YSeq) and not found["choices"][1].items:
            self.error(
                file,
                found["choices"][0],
                f"scene '{scene_id}' has an empty 'choices' list and is not an ending: add a choice or 'ending:'",
            )
        if title is None or text is None:
            return None
        scene = Scene(
            scene_id,
            title,
            text,
            tuple(on_enter),
            tuple(choices),
            ending,
            expires,
            Source(file.display, pending.key.line, pending.key.col),
        )
        scene.choice_index.update((choice.id, choice) for choice in choices)
        return scene

    def _key_in_text_hint(self, file: _FileContext, text: tuple[YScalar, YNode]) -> str:
        """A hint when 'choices:' (or 'ending:') is indented into the text block above it and so is text."""
        key, value = text
        if not (isinstance(value, YScalar) and value.style in ("|", ">") and isinstance(value.value, str)):
            return ""
        found = _KEY_IN_TEXT.search(value.value)
        if found is None:
            return ""
        name = found.group(1)
        lines = file.source_lines()
        # A block's text starts on the line after its '|' or '>'.
        for index in range(value.line, len(lines)):
            if lines[index].strip() == f"{name}:":
                return (
                    f" (the '{name}:' on line {index + 1} is indented into the text block above it, so it is text:"
                    f" indent it like 'text:', {key.col - 1} spaces)"
                )
        return ""

    def _build_ending(self, file: _FileContext, node: YNode, scene_id: str) -> Ending | None:
        if not isinstance(node, YMap):
            self.error(file, node, f"'ending' must be a mapping (id, title, tone, hint), not {_describe(node)}")
            return None
        found = self.fields(file, node, ("id", "title", "tone", "hint"), ("title",), "ending")
        ending_id = self.id_of(file, found["id"][1], "ending id") if "id" in found else scene_id
        title = self.text_of(file, found["title"][1], "ending title") if "title" in found else None
        for name in ("title", "hint"):
            if name in found:
                self.warn_if_cut_by_comment(file, found[name][1], f"the ending {name}")
        tone = self.text_of(file, found["tone"][1], "ending tone") if "tone" in found else ""
        hint: str | None = None
        if "hint" in found:
            hint_node = found["hint"][1]
            hint = self.text_of(file, hint_node, "ending hint")
            if hint is None:
                return None
            hint = hint.strip()
            if not hint:
                self.error(file, hint_node, "ending hint is empty; write a line for the gallery or leave 'hint' out")
                return None
        if ending_id is None or title is None or tone is None:
            return None
        return Ending(ending_id, title, tone, hint)

    def choices(
        self, file: _FileContext, node: YNode, env: TypeEnv, scene_id: str, taken_ids: set[str]
    ) -> list[Choice]:
        if not isinstance(node, YSeq):
            self.error(file, node, f"'choices' must be a list (each item starts with '- '), not {_describe(node)}")
            return []
        built: list[Choice] = []
        for item in node.items:
            choice = self._build_choice(file, item, env, scene_id)
            if choice is None:
                continue
            if choice.id in taken_ids:
                self.error(
                    file,
                    item,
                    f"scene '{scene_id}' has two choices with id '{choice.id}'; give each an explicit, different 'id'",
                )
                continue
            taken_ids.add(choice.id)
            built.append(choice)
        return built

    def _build_choice(self, file: _FileContext, node: YNode, env: TypeEnv, scene_id: str) -> Choice | None:
        if not isinstance(node, YMap):
            self.error(file, node, f"a choice must be a mapping (text, to, ...), not {_describe(node)}")
            return None
        found = self.fields(
            file,
            node,
            ("id", "text", "to", "if", "disabled", "effects", "cost", "once"),
            ("text", "to"),
            "choice",
        )
        text = self.template(file, found["text"][1], env, "the choice text", locate=False) if "text" in found else None
        outcomes = self._outcomes(file, found["to"][1]) if "to" in found else None
        guard = self.expression(file, found["if"][1], env, BOOL, "the condition") if "if" in found else None
        reason = None
        if "disabled" in found:
            reason = self.template(file, found["disabled"][1], env, "the disabled reason")
            if "if" not in found:
                self.error(file, found["disabled"][0], "'disabled' explains a false 'if'; this choice has no 'if'")
        effects = self.effects(file, found["effects"][1], env) if "effects" in found else []
        cost: int | float | None = 1
        if "cost" in found:
            cost = self.number_of(file, found["cost"][1], "cost", minimum=0)
        once = False
        if "once" in found:
            once_node = found["once"][1]
            if isinstance(once_node, YScalar) and isinstance(once_node.value, bool):
                once = once_node.value
            else:
                self.error(file, once_node, f"'once' must be true or false, not {_describe(once_node)}")
        choice_id: str | None = None
        if "id" in found:
            choice_id = self.id_of(file, found["id"][1], "choice id")
        elif outcomes is not None and len(outcomes) == 1:
            choice_id = outcomes[0].scene
        elif outcomes is not None:
            self.error(file, found["to"][1], "a choice with random outcomes needs an explicit 'id'")
        if text is None or outcomes is None or cost is None or choice_id is None:
            return None
        return Choice(
            choice_id,
            text,
            tuple(outcomes),
            guard,
            reason,
            tuple(effects),
            cost,
            once,
            Source(file.display, node.line, node.col),
        )

    def _outcomes(self, file: _FileContext, node: YNode) -> list[Outcome] | None:
        if isinstance(node, YScalar):
            target = self.id_of(file, node, "target scene")
            if target is None:
                return None
            if target not in self.scene_nodes:
                self.error(file, node, f"target scene '{target}' does not exist{_suggest(target, self.scene_nodes)}")
                return None
            return [Outcome(target, 1)]
        if isinstance(node, YMap):
            outcomes: list[Outcome] = []
            ok = True
            for key, value in node.items:
                target = self.id_of(file, key, "target scene")
                weight = self.number_of(file, value, "a weight", minimum=0)
                if target is not None and target not in self.scene_nodes:
                    self.error(file, key, f"target scene '{target}' does not exist{_suggest(target, self.scene_nodes)}")
                    ok = False
                elif target is None or weight is None:
                    ok = False
                else:
                    outcomes.append(Outcome(target, weight))
            if not outcomes:
                if ok:
                    self.error(file, node, "'to' needs at least one scene")
                return None
            if ok and sum(outcome.weight for outcome in outcomes) <= 0:
                self.error(file, node, "the weights of a random 'to' must add up to more than zero")
                return None
            return outcomes if ok else None
        self.error(file, node, f"'to' must be a scene id or a mapping of scene ids to weights, not {_describe(node)}")
        return None

    # ---------------------------------------------------------------- effects

    def effects(self, file: _FileContext, node: YNode, env: TypeEnv) -> list[Effect]:
        if not isinstance(node, YSeq):
            self.error(file, node, f"effects must be a list (each item starts with '- '), not {_describe(node)}")
            return []
        effects: list[Effect] = []
        for item in node.items:
            if not isinstance(item, YMap) or len(item.items) != 1:
                self.error(
                    file,
                    item,
                    "each effect is a one-key mapping: '- set: {...}', '- add: {...}' or '- countdown: ...'",
                )
                continue
            key, value = item.items[0]
            kind = key.value
            source = Source(file.display, key.line, key.col)
            if kind == "set" or kind == "add":
                effects.extend(self._variable_effects(file, str(kind), value, env, source))
            elif kind == "countdown":
                effect = self._countdown_effect(file, value, source)
                if effect is not None:
                    effects.append(effect)
            else:
                self.error(
                    file,
                    key,
                    f"unknown effect '{kind}'{_suggest(str(kind), ('set', 'add', 'countdown'))}; effects are set, add and countdown",
                )
        return effects

    def _variable_effects(
        self, file: _FileContext, kind: str, node: YNode, env: TypeEnv, source: Source
    ) -> list[Effect]:
        if not isinstance(node, YMap):
            self.error(file, node, f"'{kind}' takes a mapping of variables, like {{{kind}: {{lights: false}}}}")
            return []
        built: list[Effect] = []
        for key, value in node.items:
            name = self.id_of(file, key, "variable name")
            if name is None:
                continue
            if name not in env.variables:
                if name in BUILTIN_NAMES:
                    self.error(file, key, f"'{name}' is built in and cannot be {kind}; use a countdown effect for time")
                else:
                    self.error(
                        file, key, f"unknown variable '{name}'{_suggest(name, env.variables)}; declare it under 'vars'"
                    )
                continue
            var_type = env.variables[name]
            if kind == "add" and var_type != NUM:
                self.error(file, key, f"'add' works on numbers; '{name}' is a {type_name(var_type)}")
                continue
            want = NUM if kind == "add" else var_type
            if not isinstance(value, YScalar):
                self.error(file, value, f"the value for '{name}' must be a single value, not {_describe(value)}")
                continue
            raw = value.value
            if isinstance(raw, str) and raw.startswith("="):
                expr_source = raw[1:]
                try:
                    expr = self._shared(env).expression(expr_source, want)
                except ExpressionError as error:
                    self.at_offset(file, value, error.offset + 1, f"in the value for '{name}': {error.message}")
                    continue
                built.append(SetVar(name, expr, source) if kind == "set" else AddVar(name, expr, source))
                continue
            actual = value_type(raw)
            if actual != want:
                hint = " (write '= expression' to compute it)" if isinstance(raw, str) else ""
                self.error(
                    file,
                    value,
                    f"'{name}' is a {type_name(want)}; {_describe(value)} does not fit{hint}",
                )
                continue
            assert isinstance(raw, bool | int | float | str)
            if not _in_range(raw):
                self.error(file, value, f"the value for '{name}' must be a finite number within ±{MAX_INT:,}")
                continue
            if kind == "set":
                built.append(SetVar(name, raw, source))
            else:
                assert isinstance(raw, int | float)
                built.append(AddVar(name, raw, source))
        return built

    def _countdown_effect(self, file: _FileContext, node: YNode, source: Source) -> Effect | None:
        if isinstance(node, YScalar) and node.value in ("start", "stop"):
            return CountdownStart(None, source) if node.value == "start" else CountdownStop(source)
        if isinstance(node, YMap) and len(node.items) == 1:
            key, value = node.items[0]
            if key.value == "start":
                number = self.number_of(file, value, "countdown start", minimum=0)
                return None if number is None else CountdownStart(number, source)
            if key.value == "add":
                number = self.number_of(file, value, "countdown add")
                return None if number is None else CountdownAdd(number, source)
        self.error(
            file,
            node,
            "countdown effects are 'countdown: start', 'countdown: stop', 'countdown: {start: N}' and 'countdown: {add: N}'",
        )
        return None

    # -------------------------------------------------------------- branches

    def _apply_extensions(self, scenes: dict[str, Scene], env: TypeEnv) -> None:
        for extension in self.extensions:
            file, node, scene_id = extension.file, extension.node, extension.scene
            scene = scenes.get(scene_id)
            if scene is None:
                if scene_id not in self.scene_nodes:
                    self.error(
                        file,
                        extension.key,
                        f"cannot extend scene '{scene_id}': it does not exist{_suggest(scene_id, self.scene_nodes)}",
                    )
                continue
            found = self.fields(file, node, ("text", "choices"), (), f"extension of '{scene_id}'")
            text = scene.text
            if "text" in found:
                addition = self.template(file, found["text"][1], env, "the extension text")
                if addition is not None:
                    # The addition starts a new paragraph, however the scene's text ends.
                    source = scene.text.source
                    joiner = "" if source.endswith("\n\n") else ("\n" if source.endswith("\n") else "\n\n")
                    text = text.followed_by(joiner, addition)
            choices = list(scene.choices)
            if "choices" in found:
                taken = {choice.id for choice in choices}
                choices += self.choices(file, found["choices"][1], env, scene_id, taken)
            extended = Scene(
                scene.id, scene.title, text, scene.on_enter, tuple(choices), scene.ending, scene.expires, scene.source
            )
            extended.choice_index.update((choice.id, choice) for choice in choices)
            scenes[scene_id] = extended

    def _check_references(self, scenes: dict[str, Scene], manifest: _Manifest) -> None:
        countdown = manifest.countdown
        for scene in scenes.values():
            effects = list(scene.on_enter)
            for choice in scene.choices:
                effects += choice.effects
            for effect in effects:
                if (
                    isinstance(effect, CountdownStart | CountdownAdd | CountdownStop)
                    and countdown is None
                    and self.manifest is not None
                ):
                    self.report(
                        StoryError(
                            effect.source.path,
                            effect.source.line,
                            effect.source.col,
                            "a countdown effect, but the manifest has no 'countdown:' settings"
                            " (label, unit, start, warning, expires)",
                        )
                    )
            if scene.ending is not None and scene.choices:
                self.report(
                    StoryError(
                        scene.source.path,
                        scene.source.line,
                        scene.source.col,
                        f"ending scene '{scene.id}' has choices; an ending is where play stops",
                    )
                )
        seen_endings: dict[str, Scene] = {}
        for scene in scenes.values():
            if scene.ending is None:
                continue
            first = seen_endings.get(scene.ending.id)
            if first is not None:
                self.report(
                    StoryError(
                        scene.source.path,
                        scene.source.line,
                        scene.source.col,
                        f"ending id '{scene.ending.id}' is also used by scene '{first.id}'; ending ids name one ending each",
                    )
                )
            seen_endings[scene.ending.id] = scene
