"""Save slots in a directory: naming, writing atomically, listing, loading.

The files in a save directory:

- ``autosave-<playthrough>.json``: the autosave of one playthrough. A new game, a
  load of a named save and a replay take-over each start a playthrough of their
  own, so no playthrough ever overwrites another's autosave; continuing an
  autosave continues its playthrough. Only the newest ``MAX_AUTOSAVES`` are kept.
- ``<name>.json``: a named slot whose name is already a safe, lower-case file name
  (``before-the-core``).
- ``<readable>~<hash>.json``: any other name (``My save``, ``ünïcode``, ``ナイン``,
  ``con``): a readable ASCII stem plus 8 hex digits of the SHA-256 of the exact
  name, so two names never share a file, on any file system. The exact name is
  kept inside the save.
- ``autosave.json`` and slots named by earlier versions are still read and listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine import Game, Story
from game.saves import format as save_format
from game.saves.atomic import TEMP_PREFIX, atomic_write_bytes
from game.saves.format import (
    AUTOSAVE_SLOT,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_HEADER_BYTES,
    SaveError,
    SaveFile,
    dump_save,
    format_time,
    header_fields,
    parse_header,
    parse_save,
    structured_save,
)
from game.saves.loading import LoadResult, restore

SAVES_ENV = "EXCEPTION_SAVES_DIR"
SAVE_SUFFIX = ".json"
#: How many autosaves (one a playthrough) are kept; the oldest beyond it are removed. Named saves never are.
MAX_AUTOSAVES = 10
#: A temporary file older than this was left by a write that was interrupted (a write takes well under a second).
STALE_TEMP_SECONDS = 60.0
#: The readable part of a file name; the exact name lives in the save.
MAX_STEM_LENGTH = 40
#: The longest slot name a player may type.
MAX_NAME_LENGTH = 200
_HASH_SEPARATOR = "~"  # never in a readable stem, so a hashed name can never equal a plain one
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_LEGACY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LEGACY_MAX_LENGTH = 64
_PLAYTHROUGH = re.compile(r"[0-9a-z]{6,32}")
_AUTOSAVE_PREFIX = AUTOSAVE_SLOT + "-"
# Names Windows reserves for devices, whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)


@dataclass(frozen=True, slots=True)
class SaveSummary:
    """What a list of slots shows about one save (read from its header)."""

    slot: str
    path: Path
    story_title: str
    scene_title: str
    turn: int
    countdown: str
    ending: str | None
    updated: datetime
    play_time: float
    playthrough: str | None = None

    @property
    def is_autosave(self) -> bool:
        """True for an automatic save (one per playthrough), False for a slot the player named."""
        return self.slot == AUTOSAVE_SLOT

    @classmethod
    def of(cls, save: SaveFile) -> SaveSummary:
        """The summary of a parsed save."""
        return cls(
            save.slot,
            save.path,
            save.story_title,
            save.scene_title,
            save.turn,
            save.countdown,
            save.ending,
            save.updated,
            save.play_time,
            save.playthrough,
        )


def default_saves_dir() -> Path:
    """$EXCEPTION_SAVES_DIR, else the per-user data directory's ``saves`` folder."""
    configured = os.environ.get(SAVES_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("exception", appauthor=False)) / "saves"


def exact_name(name: str) -> str:
    """The name a slot is known by: as typed, without surrounding spaces, in Unicode NFC.

    NFC because the same visible name typed on two systems may arrive composed or
    decomposed (``ü`` as one code point or two): that is one name.
    """
    exact = unicodedata.normalize("NFC", name.strip())
    if any(unicodedata.category(char) == "Cc" for char in exact):
        raise SaveError("a save name cannot hold control characters (tabs, line breaks): type it on one line")
    if not exact or not any(char.isprintable() and not char.isspace() for char in exact):
        raise SaveError(f"'{name[:40]}' cannot name a save: type a name with at least one letter or digit")
    if len(exact) > MAX_NAME_LENGTH:
        raise SaveError(f"a save name may be at most {MAX_NAME_LENGTH} characters (this one has {len(exact)})")
    if exact.casefold() == AUTOSAVE_SLOT:
        raise SaveError(f"'{exact}' is the name of the automatic saves: choose another name")
    return exact


def slot_name(name: str) -> str:
    """The file name stem of a named slot: distinct for every distinct name, and safe on every OS.

    A name that is already a lower-case ASCII file name (letters, digits, ``-``
    and ``_``) is its own stem. Any other name gets a readable ASCII stem (accents
    dropped, the rest replaced by ``-``) plus ``~`` and the first 8 hex digits of
    the SHA-256 of the exact name: ``My save`` -> ``my-save~1f0e…``, ``con`` (a
    Windows device) -> ``con~…``. Names starting ``autosave`` are always hashed, so
    they never meet an autosave's file.
    """
    exact = exact_name(name)
    ascii_text = unicodedata.normalize("NFKD", exact).encode("ascii", "ignore").decode("ascii")
    readable = _UNSAFE.sub("-", ascii_text.lower()).strip("-_")[:MAX_STEM_LENGTH].strip("-_") or "save"
    plain = readable == exact and readable not in _RESERVED and not readable.startswith(AUTOSAVE_SLOT)
    if plain:
        return readable
    digest = hashlib.sha256(exact.encode("utf-8")).hexdigest()[:8]
    return f"{readable}{_HASH_SEPARATOR}{digest}"


def legacy_slot_name(name: str) -> str | None:
    """The file name stem earlier versions gave a name (they merged names such as ``my save`` and ``my-save``)."""
    cleaned = _LEGACY_UNSAFE.sub("-", name.strip()).strip("-_")[:_LEGACY_MAX_LENGTH].strip("-_")
    if not cleaned:
        return None
    if cleaned.lower() in _RESERVED:
        cleaned = "slot-" + cleaned
    return cleaned


def new_playthrough() -> str:
    """A new playthrough id (12 hex digits): the autosave of a playthrough is ``autosave-<id>.json``."""
    return uuid.uuid4().hex[:12]


def playthrough_after_load(save: SaveFile) -> str:
    """The playthrough a game loaded from ``save`` plays in.

    Continuing an autosave continues its playthrough (and its autosave file);
    loading a named save (or an older autosave without an id) starts a new
    playthrough, so the autosave of the one it came from is never overwritten.
    """
    if save.is_autosave and save.playthrough is not None and _PLAYTHROUGH.fullmatch(save.playthrough):
        return save.playthrough
    return new_playthrough()


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_regular(path: Path, limit: int, *, whole: bool) -> bytes:
    """At most ``limit`` bytes of a regular file (all of it, or SaveError, when ``whole``).

    Pipes, devices and folders are refused before they are opened (and opened
    non-blocking, in case one replaced the file meanwhile): a FIFO or a link to
    /dev/zero named ``*.json`` can neither hang nor flood the reader.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{path}: not a file (it is {_file_kind(info.st_mode)})")
        if whole and info.st_size > limit:
            raise SaveError(f"{path}: the file is {info.st_size:,} bytes, too large to be a save")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise SaveError(f"{path}: not a file (it is {_file_kind(mode)})")
            data = handle.read(limit + 1 if whole else limit)
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except OSError as error:
        raise SaveError(f"{path}: cannot read it ({error.strerror or error})") from None
    if whole and len(data) > limit:
        raise SaveError(f"{path}: the file is over {limit:,} bytes, too large to be a save")
    return data


def read_save(path: Path) -> SaveFile:
    """Read and verify a save file; raises SaveError('<file>: <reason>') on any problem."""
    data = _read_regular(path, save_format.MAX_SAVE_BYTES, whole=True)
    try:
        return parse_save(data, path)
    except SaveError as error:
        raise SaveError(f"{path}: {error}") from None


def read_summary(path: Path) -> SaveSummary:
    """What a listing shows of a save, from its header alone (at most ``MAX_HEADER_BYTES`` read).

    The checksum is not verified here (that needs the whole file): loading does it.
    """
    data = _read_regular(path, MAX_HEADER_BYTES, whole=False)
    try:
        fields = header_fields(parse_header(data))
    except SaveError as error:
        raise SaveError(f"{path}: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        detail = str(error).strip("'\"") or type(error).__name__
        raise SaveError(f"{path}: the file is damaged ({detail})") from None
    return SaveSummary(
        fields["slot"],
        path,
        fields["story_title"],
        fields["scene_title"],
        fields["turn"],
        fields["countdown"],
        fields["ending"],
        fields["updated"],
        fields["play_time"],
        fields["playthrough"],
    )


def save_body(
    game: Game,
    *,
    slot: str,
    created: datetime,
    updated: datetime,
    play_time: float,
    playthrough: str | None = None,
) -> dict[str, Any]:
    """The fields of a save of ``game`` (without the checksum)."""
    story = game.story
    state = game.to_data()
    log = state.pop("log")
    view = game.view()
    body: dict[str, Any] = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "slot": slot}
    if playthrough is not None:
        body["playthrough"] = playthrough
    return body | {
        "story": {
            "id": story.id,
            "title": story.title,
            "version": story.version,
            "fingerprint": story.fingerprint,
            "branches": list(story.branches),
        },
        "seed": game.seed,
        "created": format_time(created),
        "updated": format_time(updated),
        "play_time": round(max(0.0, play_time), 3),
        "summary": {
            "scene": view.scene,
            "scene_title": view.title,
            "turn": view.turn,
            "countdown": view.countdown.text if view.countdown.active else "",
            "ending": view.ending.title if view.ending else None,
        },
        "snapshot": state,
        "log": log,
    }


def _now() -> datetime:
    return datetime.now(UTC)


class SaveStore:
    """The save slots in one directory."""

    AUTOSAVE = AUTOSAVE_SLOT

    def __init__(
        self,
        directory: Path | None = None,
        *,
        clock: Callable[[], datetime] = _now,
        max_autosaves: int = MAX_AUTOSAVES,
    ) -> None:
        self.directory = directory if directory is not None else default_saves_dir()
        self._clock = clock
        self.max_autosaves = max(1, max_autosaves)

    # ------------------------------------------------------------- naming

    def path_for(self, slot: str) -> Path:
        """The file of a named slot: where it is (a slot named by an earlier version too) or will be."""
        path = self.directory / (slot_name(slot) + SAVE_SUFFIX)
        if path.exists():
            return path
        legacy = legacy_slot_name(slot)
        if legacy is not None and (self.directory / (legacy + SAVE_SUFFIX)).is_file():
            return self.directory / (legacy + SAVE_SUFFIX)
        return path

    def _path_to_write(self, slot: str) -> Path:
        """The file a named save goes to: a slot an earlier version wrote under this exact name, else the new name."""
        path = self.directory / (slot_name(slot) + SAVE_SUFFIX)
        legacy = legacy_slot_name(slot)
        if path.exists() or legacy is None:
            return path
        old = self.directory / (legacy + SAVE_SUFFIX)
        try:
            if old.is_file() and read_summary(old).slot == exact_name(slot):
                return old
        except SaveError:
            pass
        return path

    def autosave_path(self, playthrough: str) -> Path:
        """The autosave file of a playthrough."""
        if not _PLAYTHROUGH.fullmatch(playthrough):
            raise SaveError(f"'{playthrough[:40]}' is not a playthrough id (6 to 32 lower-case letters and digits)")
        return self.directory / (_AUTOSAVE_PREFIX + playthrough + SAVE_SUFFIX)

    # ------------------------------------------------------------ writing

    def save(self, slot: str, game: Game, *, play_time: float) -> SaveSummary:
        """Write ``game`` to a named slot atomically; the slot keeps its first creation time."""
        name = exact_name(slot)
        return self._write(self._path_to_write(name), name, None, game, play_time)

    def autosave(self, game: Game, *, play_time: float, playthrough: str) -> SaveSummary:
        """Write the autosave of a playthrough; the oldest autosaves beyond ``max_autosaves`` are removed."""
        path = self.autosave_path(playthrough)
        new_file = not path.exists()
        summary = self._write(path, AUTOSAVE_SLOT, playthrough, game, play_time)
        if new_file:
            self.prune_autosaves(keep=path)
        return summary

    def _write(self, path: Path, slot: str, playthrough: str | None, game: Game, play_time: float) -> SaveSummary:
        what = "the autosave" if slot == AUTOSAVE_SLOT else f"the save '{slot}'"
        now = self._clock()
        created = now
        if path.exists():
            try:
                existing = header_fields(parse_header(_read_regular(path, MAX_HEADER_BYTES, whole=False)))
            except (SaveError, KeyError, TypeError, ValueError, AttributeError):
                existing = None  # a damaged file under this very name: the new save replaces it
            if existing is not None:
                if existing["slot"] != slot or existing["playthrough"] != playthrough:
                    holder = "an autosave" if existing["slot"] == AUTOSAVE_SLOT else f"the save '{existing['slot']}'"
                    raise SaveError(
                        f"cannot write {what}: its file {path.name} already holds {holder}; choose another name"
                    )
                created = existing["created"]
        body = save_body(game, slot=slot, created=created, updated=now, play_time=play_time, playthrough=playthrough)
        try:
            # The checks a reader makes, before anything is written: a save that could not be
            # read back is refused here and the last good save stays as it was.
            saved = structured_save(body, path)
            data = dump_save(body).encode("utf-8")
        except (KeyError, TypeError, ValueError) as error:
            raise SaveError(
                f"cannot write {what}: the game state cannot be saved ({error}); the last save is kept"
            ) from None
        limit = save_format.MAX_SAVE_BYTES
        if len(data) > limit:
            raise SaveError(
                f"cannot write {what}: it would be {len(data) / 1_000_000:,.1f} MB, over the "
                f"{limit / 1_000_000:,.1f} MB a save may be ({saved.turn:,} turns); the last save is kept"
            )
        try:
            atomic_write_bytes(path, data)
        except OSError as error:
            raise SaveError(f"cannot write {what} in {self.directory}: {error.strerror or error}") from None
        return SaveSummary.of(saved)

    def prune_autosaves(self, *, keep: Path | None = None) -> list[Path]:
        """Remove the oldest autosaves beyond ``max_autosaves`` (never a named save, never ``keep``).

        Only files the game named as autosaves count: a copy the player made under
        another file name is theirs.
        """
        autosaves = [
            summary
            for summary in self.list()
            if summary.is_autosave and summary.path != keep and summary.path.name.startswith(AUTOSAVE_SLOT)
        ]
        room = self.max_autosaves - (keep is not None)
        removed: list[Path] = []
        for summary in autosaves[room:]:
            with contextlib.suppress(OSError):
                summary.path.unlink()
                removed.append(summary.path)
        return removed

    # ------------------------------------------------------------ listing

    def list(self) -> list[SaveSummary]:
        """Every listable save, newest first, from the files' headers (files that are not saves are skipped).

        Reads at most ``MAX_HEADER_BYTES`` of each file; also removes temporary files
        left by interrupted writes. Slow on a huge folder or a network drive: a UI
        calls it off its event loop.
        """
        found: list[tuple[SaveSummary, int]] = []
        if not self.directory.is_dir():
            return []
        self.remove_stale_temporary_files()
        for path in sorted(self.directory.glob("*" + SAVE_SUFFIX)):
            try:
                summary = read_summary(path)
                written = path.stat().st_mtime_ns
            except (SaveError, OSError):
                continue
            found.append((summary, written))
        # Times in saves are to the second: the file's own time orders two saves of one second.
        found.sort(key=lambda item: (item[0].updated, item[1], item[0].slot), reverse=True)
        return [summary for summary, _ in found]

    def latest(self) -> SaveSummary | None:
        """The save to continue: the most recently written save, autosave or named."""
        saves = self.list()
        return saves[0] if saves else None

    def find(self, slot: str) -> SaveSummary | None:
        """The named slot called ``slot``, if it exists; raises SaveError for a file there that is no save."""
        path = self._path_to_write(slot)
        if not path.exists():
            return None
        return read_summary(path)

    def remove_stale_temporary_files(self) -> int:
        """Remove the temporary files interrupted writes left behind (older than ``STALE_TEMP_SECONDS``).

        Returns how many were removed. A younger one may be a write in progress (of
        another copy of the game) and is left alone.
        """
        removed = 0
        now = time.time()
        try:
            entries = [*os.scandir(self.directory)]
        except OSError:
            return removed
        for entry in entries:
            if not (entry.name.startswith(TEMP_PREFIX) and SAVE_SUFFIX + "-" in entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
        return removed

    # ------------------------------------------------------------ reading

    def resolve(self, slot_or_path: str | Path) -> Path:
        """A slot name (``autosave``: the latest autosave), or the path of a save file anywhere."""
        text = str(slot_or_path)
        candidate = Path(text)
        if isinstance(slot_or_path, Path) or os.sep in text or "/" in text or text.endswith(SAVE_SUFFIX):
            return candidate
        if text.strip().casefold() == AUTOSAVE_SLOT:
            autosaves = [summary for summary in self.list() if summary.is_autosave]
            return autosaves[0].path if autosaves else self.directory / (AUTOSAVE_SLOT + SAVE_SUFFIX)
        return self.path_for(text)

    def read(self, slot_or_path: str | Path) -> SaveFile:
        """Read and verify a save by slot or path."""
        return read_save(self.resolve(slot_or_path))

    def load(self, slot_or_path: str | Path, story: Story) -> LoadResult:
        """A game from a save, for ``story`` (replayed if the story changed); raises SaveError."""
        save = self.read(slot_or_path)
        try:
            return restore(save, story)
        except SaveError as error:
            raise SaveError(f"{save.path}: {error}") from None

    # ----------------------------------------------------------- deleting

    def delete(self, slot: str) -> None:
        """Remove a named slot's file, if there is one."""
        self.path_for(slot).unlink(missing_ok=True)

    def delete_file(self, path: Path) -> None:
        """Remove a save file listed from this directory (nothing outside it); raises SaveError."""
        if path.suffix != SAVE_SUFFIX or path.parent.resolve() != self.directory.resolve():
            raise SaveError(f"{path}: not a save in {self.directory}")
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise SaveError(f"cannot delete {path}: {error.strerror or error}") from None
