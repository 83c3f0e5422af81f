"""Save slots in a directory: writing atomically, autosaves, listing, loading, deleting.

The files in a save directory:

- ``autosave-<playthrough>.json``: the autosave of one playthrough. A new game, a
  load of a named save and a replay take-over each start a playthrough of their
  own, so no playthrough ever overwrites another's autosave; continuing an
  autosave continues its playthrough. Only the newest ``MAX_AUTOSAVES`` are kept.
- ``<name>.json`` and ``<readable>~<hash>.json``: named slots (``game.saves.slots``
  says how a name becomes a file name).
- ``autosave.json`` and slots named by earlier versions are still read and listed.

Reading a file (bounded, regular files only) is ``game.saves.reading``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable
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
    structured_save,
)
from game.saves.loading import LoadResult, restore
from game.saves.reading import SaveSummary, read_regular, read_save, read_summary
from game.saves.slots import PLAYTHROUGH_ID, exact_name, legacy_slot_name, slot_name

SAVES_ENV = "EXCEPTION_SAVES_DIR"
SAVE_SUFFIX = ".json"
#: How many autosaves (one a playthrough) are kept; the oldest beyond it are removed. Named saves never are.
MAX_AUTOSAVES = 10
#: A temporary file older than this was left by a write that was interrupted (a write takes well under a second).
STALE_TEMP_SECONDS = 60.0
_AUTOSAVE_PREFIX = AUTOSAVE_SLOT + "-"


def default_saves_dir() -> Path:
    """$EXCEPTION_SAVES_DIR, else the per-user data directory's ``saves`` folder."""
    configured = os.environ.get(SAVES_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("exception", appauthor=False)) / "saves"


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
        if not PLAYTHROUGH_ID.fullmatch(playthrough):
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
                existing = header_fields(parse_header(read_regular(path, MAX_HEADER_BYTES, whole=False)))
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
