"""The reading record: which scenes a player has read and which choices they have taken, in
every playthrough, per story. Skip mode shows read scenes at once; the choice list marks
choices taken before.

Pure Python (no Textual). One JSON file in the config folder::

    {"version": 1, "stories": {"ship": {"scenes": ["bay", ...], "choices": [["bay", "cut"], ...]}}}

The file is untrusted: its size, the number of stories and entries and the shape of every
id are bounded, and entries that break the rules are dropped. A file that cannot be used
at all is explained in one line and left as it is until there is something new to write
(then it is replaced, atomically). A record is merged with the file on disk before it is
written, so two games open at once do not erase each other's reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

READING_FILE = "reading.json"
FORMAT_VERSION = 1
#: A larger file is not read (and one is never written: the stories read longest ago go first).
MAX_FILE_BYTES = 4_000_000
#: Stories remembered; past this the one read longest ago is forgotten.
MAX_STORIES = 20
#: Entries remembered per story; past these, new ones are not added.
MAX_SCENES = 2_000
MAX_CHOICES = 4_000
#: Story, scene and choice ids as the loader allows them, and no longer than this.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")

_Item = TypeVar("_Item")


class ReadingFileError(Exception):
    """The reading record's file cannot be used; the message says why in one line.

    ``newer`` is True when a newer version of the game wrote it: then it must not be replaced.
    """

    def __init__(self, message: str, *, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer


def _valid_id(value: object) -> bool:
    return isinstance(value, str) and _ID.match(value) is not None


@dataclass(frozen=True)
class StoryReading:
    """What has been read and chosen in one story."""

    scenes: frozenset[str] = frozenset()
    #: (scene id, choice id) pairs.
    choices: frozenset[tuple[str, str]] = frozenset()

    def union(self, other: StoryReading) -> StoryReading:
        """Both records together, still within the bounds."""
        scenes = self.scenes | _first(sorted(other.scenes - self.scenes), MAX_SCENES - len(self.scenes))
        choices = self.choices | _first(sorted(other.choices - self.choices), MAX_CHOICES - len(self.choices))
        return StoryReading(frozenset(scenes), frozenset(choices))


def _first(items: Iterable[_Item], count: int) -> frozenset[_Item]:
    kept: list[_Item] = []
    for item in items:
        if len(kept) >= count:
            break
        kept.append(item)
    return frozenset(kept)


@dataclass(frozen=True)
class ReadingRecord:
    """Every story's reading; stories in the order they were last added to (oldest first)."""

    stories: tuple[tuple[str, StoryReading], ...] = field(default_factory=tuple)

    def story(self, story_id: str) -> StoryReading:
        """One story's reading (empty if it has none)."""
        for known, reading in self.stories:
            if known == story_id:
                return reading
        return StoryReading()

    def seen(self, story_id: str, scene_id: str) -> bool:
        """True if the scene has been read in some playthrough."""
        return scene_id in self.story(story_id).scenes

    def taken(self, story_id: str, scene_id: str, choice_id: str) -> bool:
        """True if the choice has been taken in some playthrough."""
        return (scene_id, choice_id) in self.story(story_id).choices

    def taken_in(self, story_id: str, scene_id: str) -> frozenset[str]:
        """The ids of the choices of a scene taken in some playthrough."""
        return frozenset(choice for scene, choice in self.story(story_id).choices if scene == scene_id)

    def with_scene(self, story_id: str, scene_id: str) -> ReadingRecord:
        """The record with this scene read (itself when nothing changes)."""
        reading = self.story(story_id)
        if scene_id in reading.scenes or len(reading.scenes) >= MAX_SCENES or not _valid_ids(story_id, scene_id):
            return self
        return self._with(story_id, replace(reading, scenes=reading.scenes | {scene_id}))

    def with_choice(self, story_id: str, scene_id: str, choice_id: str) -> ReadingRecord:
        """The record with this choice taken (itself when nothing changes)."""
        reading = self.story(story_id)
        pair = (scene_id, choice_id)
        if pair in reading.choices or len(reading.choices) >= MAX_CHOICES:
            return self
        if not _valid_ids(story_id, scene_id, choice_id):
            return self
        return self._with(story_id, replace(reading, choices=reading.choices | {pair}))

    def merged(self, other: ReadingRecord) -> ReadingRecord:
        """Everything in either record; this record's stories count as the most recent."""
        record = other
        for story_id, reading in self.stories:
            record = record._with(story_id, reading.union(record.story(story_id)))
        return record

    def _with(self, story_id: str, reading: StoryReading) -> ReadingRecord:
        kept = tuple((known, old) for known, old in self.stories if known != story_id)
        stories = (*kept, (story_id, reading))
        return ReadingRecord(stories[-MAX_STORIES:])

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly dict (sorted, so the file changes only where the reading did)."""
        return {
            "version": FORMAT_VERSION,
            "stories": {
                story_id: {
                    "scenes": sorted(reading.scenes),
                    "choices": [list(pair) for pair in sorted(reading.choices)],
                }
                for story_id, reading in self.stories
            },
        }

    @classmethod
    def from_data(cls, data: Any) -> ReadingRecord:
        """A record from parsed JSON; entries that break the rules are dropped.

        Raises ReadingFileError when the data is not a reading record at all.
        """
        if not isinstance(data, dict) or not isinstance(data.get("stories"), dict):
            raise ReadingFileError("it is not a reading record (no 'stories' table)")
        version = data.get("version")
        whole = version if type(version) is int else None  # not True, not 1.0
        if whole is not None and whole > FORMAT_VERSION:
            raise ReadingFileError(f"a newer version of the game wrote it (version {whole})", newer=True)
        if whole != FORMAT_VERSION:
            raise ReadingFileError(f"its version is {str(version)[:20]}; this game reads version {FORMAT_VERSION}")
        record = cls()
        for story_id, entry in list(data["stories"].items())[-MAX_STORIES:]:
            if not _valid_id(story_id) or not isinstance(entry, dict):
                continue
            scenes = entry.get("scenes")
            choices = entry.get("choices")
            reading = StoryReading(
                _first((scene for scene in _items(scenes) if _valid_id(scene)), MAX_SCENES),
                _first(
                    (
                        (pair[0], pair[1])
                        for pair in _items(choices)
                        if isinstance(pair, list) and len(pair) == 2 and _valid_id(pair[0]) and _valid_id(pair[1])
                    ),
                    MAX_CHOICES,
                ),
            )
            record = record._with(story_id, reading)
        return record


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _valid_ids(*ids: str) -> bool:
    return all(_valid_id(value) for value in ids)


def read_record(path: Path) -> ReadingRecord:
    """The record in ``path``; an empty record when there is no file yet.

    Raises ReadingFileError (one line) when the file exists but cannot be used, and
    OSError when it cannot be read.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return ReadingRecord()
    if len(raw) > MAX_FILE_BYTES:
        raise ReadingFileError(f"it is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReadingFileError("it is not UTF-8 text") from None
    except ValueError as error:
        raise ReadingFileError(f"it is not valid JSON ({str(error)[:80]})") from None
    except RecursionError:
        raise ReadingFileError("it is nested too deeply to be a reading record") from None
    return ReadingRecord.from_data(data)


def record_text(record: ReadingRecord) -> str:
    """The file's text for a record: within MAX_FILE_BYTES, the stories read longest ago dropped first."""
    while True:
        text = json.dumps(record.to_data(), separators=(",", ":"), sort_keys=True) + "\n"
        # Ids are ASCII, so characters are bytes.
        if len(text) <= MAX_FILE_BYTES or len(record.stories) <= 1:
            return text
        record = ReadingRecord(record.stories[1:])


def write_record(path: Path, record: ReadingRecord) -> None:
    """Write the record atomically (raises OSError when the folder is not writable)."""
    from game.saves.atomic import atomic_write_text

    atomic_write_text(path, record_text(record))


class ReadingMemory:
    """The record as one game uses it: read once, added to each turn, written when it grows.

    ``problem`` is the one line to show when the file on disk could not be used.
    """

    def __init__(self, path: Path, story_id: str) -> None:
        self.path = path
        self.story_id = story_id
        self.record = ReadingRecord()
        self.problem: str | None = None
        #: True when there is something new to write.
        self.pending = False
        #: False when the file could not be read: it may hold reading this game cannot see, so it is kept.
        self.writable = True
        try:
            self.record = read_record(path)
        except ReadingFileError as error:
            if error.newer:
                self.writable = False
                self.problem = f"The reading record {path} is not used: {error}; it is left as it is."
            else:
                self.problem = (
                    f"The reading record {path} is not used: {error}. "
                    "It is left as it is until you read a scene you have not seen."
                )
        except OSError as error:
            self.writable = False
            self.problem = (
                f"The reading record {path} cannot be read ({error.strerror or error}); "
                "scenes read in this game are not remembered."
            )

    @classmethod
    def in_folder(cls, folder: Path, story_id: str) -> ReadingMemory:
        """The memory for a story, from the record in ``folder``."""
        return cls(folder / READING_FILE, story_id)

    def seen(self, scene_id: str) -> bool:
        """True if the scene was read in some playthrough (this one included)."""
        return self.record.seen(self.story_id, scene_id)

    def taken_in(self, scene_id: str) -> frozenset[str]:
        """The choices of this scene taken in some playthrough (this one included)."""
        return self.record.taken_in(self.story_id, scene_id)

    def read_scene(self, scene_id: str) -> None:
        """Remember that the scene has been read."""
        self._update(self.record.with_scene(self.story_id, scene_id))

    def took(self, scene_id: str, choice_id: str) -> None:
        """Remember that the choice has been taken."""
        self._update(self.record.with_choice(self.story_id, scene_id, choice_id))

    def _update(self, record: ReadingRecord) -> None:
        if record is not self.record:
            self.record = record
            self.pending = True

    def save(self) -> None:
        """Write what is new, merged with the file as it is now; raises OSError if it cannot be written."""
        if not self.pending or not self.writable:
            return
        try:
            on_disk = read_record(self.path)
        except (ReadingFileError, OSError):
            on_disk = ReadingRecord()
        write_record(self.path, self.record.merged(on_disk))
        self.pending = False
