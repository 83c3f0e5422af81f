"""The save file format: JSON a person can read, with a checksum over the rest.

A save names the exact story it was made with (id, version and a
fingerprint of every story and branch file's bytes), keeps the seed and the
full choice log, so it can always be replayed, and a snapshot of the state,
so an unchanged story restores without replaying. The ``checksum`` is the
SHA-256 of the canonical JSON of every other field: a truncated, damaged or
hand-edited file is refused with a one-line reason.

Layout (format version 1)::

    {
      "format": "exception-save",
      "format_version": 1,
      "slot": "autosave",
      "playthrough": "3f9a0c41d2e7",
      "story": {"id": ..., "title": ..., "version": ..., "fingerprint": ..., "branches": [...]},
      "seed": 42,
      "created": "2026-11-25T02:10:00Z",
      "updated": "2026-11-25T02:31:12Z",
      "play_time": 1271.5,
      "summary": {"scene": ..., "scene_title": ..., "turn": 17, "countdown": "42 min", "ending": null},
      "snapshot": {... the game state without its log ...},
      "log": [
        {"turn": 1, "scene": "waking", "choice": "rise", "target": "cradle", "cost": 0},
        ...
      ],
      "checksum": "sha256:..."
    }

``slot`` is the name exactly as the player typed it (``autosave`` for the
automatic saves). ``playthrough`` (optional; older saves lack it) names the
playthrough the save belongs to: each playthrough has its own autosave file.
Everything before ``snapshot`` is the *header*: listing saves reads only that
much of each file (see ``parse_header``), so a huge or junk file costs little.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMAT_NAME = "exception-save"
FORMAT_VERSION = 1
#: Larger files are refused unread (and never written): a 10,000-turn save is under 1 MB.
MAX_SAVE_BYTES = 64 * 1024 * 1024
#: How much of a file listing reads: the header of any save the game writes is a few hundred bytes.
MAX_HEADER_BYTES = 64 * 1024
#: The slot name of every autosave (named slots can never take it).
AUTOSAVE_SLOT = "autosave"
#: The fields after the header: a listing stops reading at the first of them.
_BODY_FIELDS = frozenset({"snapshot", "log", "checksum"})
_BOM = b"\xef\xbb\xbf"


class SaveError(Exception):
    """A save cannot be written or read; ``str(error)`` is one line for the player."""


@dataclass(frozen=True, slots=True)
class SaveFile:
    """A parsed save whose checksum and structure have been verified."""

    path: Path
    slot: str
    playthrough: str | None
    story_id: str
    story_title: str
    story_version: str
    fingerprint: str
    branches: tuple[str, ...]
    seed: int
    log: tuple[dict[str, Any], ...]
    snapshot: dict[str, Any]
    created: datetime
    updated: datetime
    play_time: float
    scene: str
    scene_title: str
    turn: int
    countdown: str
    ending: str | None

    @property
    def is_autosave(self) -> bool:
        """True for an automatic save (one per playthrough), False for a slot the player named."""
        return self.slot == AUTOSAVE_SLOT

    @property
    def choices(self) -> tuple[str, ...]:
        """The choice ids taken, turn by turn."""
        return tuple(str(entry["choice"]) for entry in self.log)

    def state_data(self) -> dict[str, Any]:
        """The snapshot plus the log, in the shape ``Game.from_data`` reads."""
        data = dict(self.snapshot)
        data["log"] = [dict(entry) for entry in self.log]
        return data


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def checksum(body: dict[str, Any]) -> str:
    """The checksum of a save's fields (every field but ``checksum``)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dump_save(body: dict[str, Any]) -> str:
    """The file text for a save body: indented, one log entry a line, checksum last."""
    fields = dict(body)
    fields.pop("checksum", None)
    fields["checksum"] = checksum(fields)
    lines = ["{"]
    keys = list(fields)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = fields[key]
        name = json.dumps(key)
        if key == "log" and value:
            lines.append(f"  {name}: [")
            entries = [json.dumps(entry, ensure_ascii=False, allow_nan=False) for entry in value]
            lines.append(",\n".join("    " + entry for entry in entries))
            lines.append(f"  ]{comma}")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
            lines.append(f"  {name}: " + text.replace("\n", "\n  ") + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


def parse_save(data: bytes, path: Path) -> SaveFile:
    """Verify and parse a save file's bytes; raises SaveError with a one-line reason."""
    text = _text_of(data)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        if not _claims_to_be_a_save(text):
            raise SaveError(_NOT_A_SAVE + " (it is not JSON)") from None
        raise SaveError(f"the file is damaged or cut short (not valid JSON at line {error.lineno})") from None
    except (RecursionError, ValueError):
        raise SaveError("the file is damaged (its JSON nests too deep or holds an impossible number)") from None
    _check_format(body)
    recorded = body.pop("checksum", None)
    try:
        expected = checksum(body)
    except ValueError:
        raise SaveError("the file is damaged (it holds values JSON cannot keep)") from None
    if recorded != expected:
        raise SaveError("the file is damaged or was edited by hand (its checksum does not match)")
    try:
        return structured_save(body, path)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        detail = str(error).strip("'\"") or type(error).__name__
        raise SaveError(f"the file is damaged ({detail})") from None


_NOT_A_SAVE = "this is not an exception save file"


def _text_of(data: bytes) -> str:
    """The file's text, or a SaveError naming what the bytes are instead."""
    if data.startswith(_BOM):
        raise SaveError(
            "the file starts with a UTF-8 byte order mark (BOM), which a save never has: "
            "an editor added it; save the file again as UTF-8 without a BOM"
        )
    if not data.strip():
        raise SaveError("the file is empty")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(_NOT_A_SAVE + " (it is not text)") from None


def _claims_to_be_a_save(text: str) -> bool:
    """Whether unparsable text still looks like the start of a save (so it is damaged, not foreign)."""
    return '"format"' in text[:512] and FORMAT_NAME in text[:512]


def _check_format(body: object) -> None:
    """Refuse JSON that is not a save, or a save of a newer format."""
    if not isinstance(body, dict) or body.get("format") != FORMAT_NAME:
        raise SaveError(_NOT_A_SAVE + ' (it is JSON without "format": "exception-save")')
    version = body.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError("the file is damaged (no format version)")
    if version > FORMAT_VERSION:
        raise SaveError(
            f"this save was written by a newer version of exception (save format {version}; "
            f"this version reads format {FORMAT_VERSION}): update the game to open it"
        )


def parse_header(data: bytes) -> dict[str, Any]:
    """The header fields of a save (everything before ``snapshot``) from the first bytes of its file.

    ``data`` may be cut anywhere after the header (listing reads at most
    ``MAX_HEADER_BYTES``); the members are read one by one and reading stops at
    the first body field, so a file's size never matters. The header is not
    checked against the checksum (that needs the whole file): loading does that.
    Raises SaveError with a one-line reason.
    """
    if data.startswith(_BOM):
        _text_of(data)  # names the mark
    # A cut may fall inside a character: decode what is whole.
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data)
    except UnicodeDecodeError:
        raise SaveError(_NOT_A_SAVE + " (it is not text)") from None
    if not text.strip():
        raise SaveError("the file is empty")
    try:
        fields = _leading_members(text)
    except (json.JSONDecodeError, IndexError, RecursionError, ValueError):
        if not _claims_to_be_a_save(text):
            raise SaveError(_NOT_A_SAVE) from None
        raise SaveError("the file is damaged or cut short (its header is not valid JSON)") from None
    _check_format(fields)
    return fields


def _leading_members(text: str) -> dict[str, Any]:
    """The members of the JSON object ``text`` starts with, up to the first body field."""
    decoder = json.JSONDecoder()
    fields: dict[str, Any] = {}
    index = _skip_space(text, 0)
    if text[index] != "{":
        raise ValueError("not an object")
    index = _skip_space(text, index + 1)
    if text[index] == "}":
        return fields
    while True:
        key, index = decoder.raw_decode(text, index)
        if not isinstance(key, str):
            raise ValueError("a key is not a string")
        index = _skip_space(text, index)
        if text[index] != ":":
            raise ValueError("no colon after a key")
        if key in _BODY_FIELDS:
            return fields
        value, index = decoder.raw_decode(text, _skip_space(text, index + 1))
        fields[key] = value
        index = _skip_space(text, index)
        if text[index] == "}":
            return fields
        if text[index] != ",":
            raise ValueError("no comma between members")
        index = _skip_space(text, index + 1)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def header_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The listed details of a parsed header, checked; raises KeyError/TypeError/ValueError."""
    story = _mapping(fields["story"], "story")
    summary = _mapping(fields["summary"], "summary")
    ending = summary.get("ending")
    return {
        "slot": _text(fields["slot"], "slot"),
        "playthrough": _playthrough(fields.get("playthrough")),
        "story_title": _text(story["title"], "story title"),
        "scene_title": _text(summary["scene_title"], "scene title"),
        "turn": _integer(summary["turn"], "turn"),
        "countdown": _text(summary["countdown"], "countdown"),
        "ending": None if ending is None else _text(ending, "ending"),
        "created": _time(fields["created"], "created"),
        "updated": _time(fields["updated"], "updated"),
        "play_time": float(_number(fields["play_time"], "play time")),
    }


def structured_save(body: dict[str, Any], path: Path) -> SaveFile:
    """A SaveFile from a save body whose checksum is already trusted; raises KeyError/TypeError/ValueError."""
    story = _mapping(body["story"], "story")
    summary = _mapping(body["summary"], "summary")
    snapshot = _mapping(body["snapshot"], "snapshot")
    raw_log = body["log"]
    if not isinstance(raw_log, list):
        raise ValueError("the log is not a list")
    log: list[dict[str, Any]] = []
    for number, entry in enumerate(raw_log, start=1):
        entry = _mapping(entry, f"log entry {number}")
        for key in ("scene", "choice", "target"):
            if not isinstance(entry.get(key), str):
                raise ValueError(f"log entry {number} has no {key}")
        if _integer(entry.get("turn"), "turn") != number:
            raise ValueError(f"log entry {number} is out of order")
        cost = entry.get("cost")
        if isinstance(cost, bool) or not isinstance(cost, int | float):
            raise ValueError(f"log entry {number} has no time cost")
        log.append(entry)
    ending = summary.get("ending")
    return SaveFile(
        path=path,
        slot=_text(body["slot"], "slot"),
        playthrough=_playthrough(body.get("playthrough")),
        story_id=_text(story["id"], "story id"),
        story_title=_text(story["title"], "story title"),
        story_version=_text(story["version"], "story version"),
        fingerprint=_text(story["fingerprint"], "story fingerprint"),
        branches=tuple(_text(item, "branch") for item in story.get("branches", [])),
        seed=_integer(body["seed"], "seed"),
        log=tuple(log),
        snapshot=snapshot,
        created=_time(body["created"], "created"),
        updated=_time(body["updated"], "updated"),
        play_time=float(_number(body["play_time"], "play time")),
        scene=_text(summary["scene"], "scene"),
        scene_title=_text(summary["scene_title"], "scene title"),
        turn=_integer(summary["turn"], "turn"),
        countdown=_text(summary["countdown"], "countdown"),
        ending=None if ending is None else _text(ending, "ending"),
    )


def _playthrough(value: object) -> str | None:
    return None if value is None else _text(value, "playthrough")


def _mapping(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a mapping")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    return value


def _integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} is not a whole number")
    return value


def _number(value: object, what: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} is not a number")
    return value


def _time(value: object, what: str) -> datetime:
    text = _text(value, what)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
