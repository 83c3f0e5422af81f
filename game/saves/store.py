"""Save slots in a directory: naming, writing atomically, listing, loading."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine import Game, Story
from game.saves.atomic import atomic_write_text
from game.saves.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_SAVE_BYTES,
    SaveError,
    SaveFile,
    dump_save,
    format_time,
    parse_save,
    structured_save,
)
from game.saves.loading import LoadResult, restore

SAVES_ENV = "EXCEPTION_SAVES_DIR"
SAVE_SUFFIX = ".json"
MAX_SLOT_LENGTH = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# Names Windows reserves for devices, whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)


@dataclass(frozen=True, slots=True)
class SaveSummary:
    """What a list of slots shows about one save."""

    slot: str
    path: Path
    story_title: str
    scene_title: str
    turn: int
    countdown: str
    ending: str | None
    updated: datetime
    play_time: float

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
        )


def default_saves_dir() -> Path:
    """$EXCEPTION_SAVES_DIR, else the per-user data directory's ``saves`` folder."""
    configured = os.environ.get(SAVES_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("exception", appauthor=False)) / "saves"


def slot_name(name: str) -> str:
    """A safe slot name: letters, digits, '-' and '_' only, so no name can leave the save directory."""
    cleaned = _UNSAFE.sub("-", name.strip()).strip("-_")[:MAX_SLOT_LENGTH].strip("-_")
    if not cleaned:
        raise SaveError(f"'{name[:40]}' cannot name a save: use letters and digits")
    if cleaned.lower() in _RESERVED:
        cleaned = "slot-" + cleaned
    return cleaned


def read_save(path: Path) -> SaveFile:
    """Read and verify a save file; raises SaveError('<file>: <reason>') on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: the file is {size:,} bytes, too large to be a save")
        if not path.is_file():
            raise SaveError(f"{path}: not a file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except OSError as error:
        raise SaveError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        return parse_save(data, path)
    except SaveError as error:
        raise SaveError(f"{path}: {error}") from None


def save_body(game: Game, *, slot: str, created: datetime, updated: datetime, play_time: float) -> dict[str, Any]:
    """The fields of a save of ``game`` (without the checksum)."""
    story = game.story
    state = game.to_data()
    log = state.pop("log")
    view = game.view()
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "slot": slot,
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

    AUTOSAVE = "autosave"

    def __init__(self, directory: Path | None = None, *, clock: Callable[[], datetime] = _now) -> None:
        self.directory = directory if directory is not None else default_saves_dir()
        self._clock = clock

    def path_for(self, slot: str) -> Path:
        """The file of a slot (the name sanitized)."""
        return self.directory / (slot_name(slot) + SAVE_SUFFIX)

    def save(self, slot: str, game: Game, *, play_time: float) -> SaveSummary:
        """Write ``game`` to a slot atomically; the slot keeps its first creation time."""
        name = slot_name(slot)
        path = self.directory / (name + SAVE_SUFFIX)
        now = self._clock()
        created = now
        if path.exists():
            try:
                created = read_save(path).created
            except SaveError:
                created = now
        body = save_body(game, slot=name, created=created, updated=now, play_time=play_time)
        try:
            atomic_write_text(path, dump_save(body))
        except OSError as error:
            raise SaveError(f"cannot write the save '{name}' in {self.directory}: {error.strerror or error}") from None
        return SaveSummary.of(structured_save(body, path))

    def autosave(self, game: Game, *, play_time: float) -> SaveSummary:
        """Save to the dedicated autosave slot."""
        return self.save(self.AUTOSAVE, game, play_time=play_time)

    def list(self) -> list[SaveSummary]:
        """Every readable save, newest first (unreadable files are left alone and skipped)."""
        summaries: list[SaveSummary] = []
        if not self.directory.is_dir():
            return summaries
        for path in sorted(self.directory.glob("*" + SAVE_SUFFIX)):
            try:
                summaries.append(SaveSummary.of(read_save(path)))
            except SaveError:
                continue
        summaries.sort(key=lambda summary: (summary.updated, summary.slot), reverse=True)
        return summaries

    def latest(self) -> SaveSummary | None:
        """The most recently written save of any slot (for Continue)."""
        saves = self.list()
        return saves[0] if saves else None

    def resolve(self, slot_or_path: str | Path) -> Path:
        """A slot name, or the path of a save file anywhere."""
        text = str(slot_or_path)
        candidate = Path(text)
        if isinstance(slot_or_path, Path) or os.sep in text or "/" in text or text.endswith(SAVE_SUFFIX):
            return candidate
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

    def delete(self, slot: str) -> None:
        """Remove a slot's file, if there is one."""
        self.path_for(slot).unlink(missing_ok=True)
