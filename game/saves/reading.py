"""Reading save files: bounded reads of regular files only, whole saves and the summaries a listing shows.

A save file is untrusted: pipes, devices and folders are refused before they
are opened, no more is read than a save may hold, and every problem is a
``SaveError`` of one line naming the file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game.saves import format as save_format
from game.saves.format import (
    AUTOSAVE_SLOT,
    MAX_HEADER_BYTES,
    SaveError,
    SaveFile,
    header_fields,
    parse_header,
    parse_save,
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


def read_regular(path: Path, limit: int, *, whole: bool) -> bytes:
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
    data = read_regular(path, save_format.MAX_SAVE_BYTES, whole=True)
    try:
        return parse_save(data, path)
    except SaveError as error:
        raise SaveError(f"{path}: {error}") from None


def read_summary(path: Path) -> SaveSummary:
    """What a listing shows of a save, from its header alone (at most ``MAX_HEADER_BYTES`` read).

    The checksum is not verified here (that needs the whole file): loading does it.
    """
    data = read_regular(path, MAX_HEADER_BYTES, whole=False)
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
