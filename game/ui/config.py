"""Per-user settings and the endings gallery, as small JSON files in the user's config folder.

The folder is ``$EXCEPTION_CONFIG_DIR`` when set, else platformdirs' user config dir.
Unreadable or malformed files fall back to defaults: a broken settings file must never
stop the game from starting. ``read_settings`` and ``read_gallery`` also say, in one line a
file, what they ignored; nothing is written back until the player changes a setting or
finds an ending.
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
ENDINGS_FILE = "endings.json"
#: The most of a settings or endings file that is read; a larger file is ignored.
MAX_CONFIG_BYTES = 4 * 1024 * 1024

#: Text speeds the settings offer: name -> characters revealed per second.
TEXT_SPEEDS: dict[str, int] = {"slow": 40, "normal": 90, "fast": 240}
#: Narrative widths the settings offer, in columns (0: as wide as the window).
TEXT_WIDTHS: tuple[int, ...] = (60, 72, 88, 0)
#: Themes the settings offer (registered by the app): name -> what the player reads.
THEMES: dict[str, str] = {
    "orison": "Orison (cold blue)",
    "ember": "Ember (emergency red)",
    "phosphor": "Phosphor (green terminal)",
}


def config_dir() -> Path:
    """Where settings and the endings gallery live."""
    override = os.environ.get("EXCEPTION_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("exception", appauthor=False))


def _write_json(path: Path, data: Any) -> None:
    from game.saves.atomic import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _read_json(path: Path) -> tuple[Any, str | None]:
    """The parsed file and, when it cannot be used at all, why (``None, None`` when there is no file).

    Only a regular file is read, and never more than ``MAX_CONFIG_BYTES`` of it: a FIFO, a
    device, a folder, a huge file, bad UTF-8 or JSON Python cannot hold (too deep, numbers
    out of range) is a reason, never an exception, and never a hang.
    """
    try:
        text = _read_regular_text(path)
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    except ValueError as error:
        return None, str(error)
    if text is None:
        return None, None
    try:
        return json.loads(text, parse_constant=_no_number, parse_float=_finite_or_none), None
    except json.JSONDecodeError as error:
        return None, f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    except RecursionError:
        return None, "is nested too deeply to be read"
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        return None, f"is not usable JSON ({error})"


def _read_regular_text(path: Path) -> str | None:
    """The UTF-8 text of a regular file, None if there is none; ValueError says why a file is refused."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(before.st_mode):
        raise ValueError(f"is not a regular file ({_kind(before.st_mode)})")
    if before.st_size > MAX_CONFIG_BYTES:
        raise ValueError(f"is too large ({before.st_size:,} bytes; at most {MAX_CONFIG_BYTES:,} are read)")
    # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("is not a regular file")
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ValueError(f"is too large (more than {MAX_CONFIG_BYTES:,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"is not UTF-8 text (byte {error.start})") from None


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _no_number(constant: str) -> None:
    """NaN and Infinity read as null: no setting or count can use them."""
    return None


def _finite_or_none(text: str) -> float | None:
    """A JSON number as a float, or null when it does not fit one (``1e999``)."""
    value = float(text)
    return value if math.isfinite(value) else None


def _used_as_written(kept: Any, value: Any) -> bool:
    """True when a setting read from JSON is kept as it was written (a JSON list may be kept as a tuple)."""
    if isinstance(kept, list | tuple) and isinstance(value, list):
        return list(kept) == value
    return type(kept) is type(value) and bool(kept == value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool | int | float)


def _names(keys: list[str]) -> str:
    shown = [key if len(key) <= 24 else key[:23] + "…" for key in keys[:5]]
    more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
    return ", ".join(shown) + more


@dataclass(frozen=True)
class Settings:
    """The player's preferences."""

    typewriter: bool = True
    text_speed: str = "normal"
    reduced_motion: bool = False
    theme: str = "orison"
    #: The narrative's greatest width in columns (0: as wide as the window).
    text_width: int = 72
    #: Skip mode: scenes read in any playthrough appear at once.
    skip_read: bool = False
    #: Mark the choices taken in an earlier playthrough.
    mark_taken_choices: bool = True

    @property
    def chars_per_second(self) -> int:
        """How fast the typewriter reveals text."""
        return TEXT_SPEEDS.get(self.text_speed, TEXT_SPEEDS["normal"])

    @classmethod
    def from_data(cls, data: Any) -> Settings:
        """Settings from parsed JSON; unknown keys and wrong types are ignored."""
        settings = cls()
        if not isinstance(data, dict):
            return settings
        if isinstance(data.get("typewriter"), bool):
            settings = replace(settings, typewriter=data["typewriter"])
        if isinstance(data.get("reduced_motion"), bool):
            settings = replace(settings, reduced_motion=data["reduced_motion"])
        if data.get("text_speed") in TEXT_SPEEDS:
            settings = replace(settings, text_speed=data["text_speed"])
        if data.get("theme") in THEMES:
            settings = replace(settings, theme=data["theme"])
        width = data.get("text_width")
        # The offered widths, or any hand-written width that still reads as a column.
        if isinstance(width, int) and not isinstance(width, bool) and (width in TEXT_WIDTHS or 40 <= width <= 200):
            settings = replace(settings, text_width=width)
        for name in ("skip_read", "mark_taken_choices"):
            if isinstance(data.get(name), bool):
                settings = replace(settings, **{name: data[name]})
        return settings


def load_settings(directory: Path | None = None) -> Settings:
    """The saved settings, or the defaults."""
    return read_settings(directory)[0]


def read_settings(directory: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings (defaults for anything unusable) and one line on what was ignored, if anything."""
    path = (directory or config_dir()) / SETTINGS_FILE
    data, problem = _read_json(path)
    if problem is None and data is not None and not isinstance(data, dict):
        problem = "is not a JSON object"
    settings = Settings()
    if isinstance(data, dict):
        # Each field's own check (Settings.from_data) expects the kinds of value it knows: a list
        # or an object where it expects a word (``{"theme": ["ember"]}``) made a check raise. So:
        # the file as written, else its plain values only (the others ignored), else the defaults.
        scalars = {key: value for key, value in data.items() if _is_scalar(value)}
        for candidate in (data, scalars):
            try:
                settings = Settings.from_data(candidate)
                break
            except Exception as error:  # noqa: BLE001 (a bad value must leave the defaults, not stop the game)
                failure = f"could not be used ({type(error).__name__})"
        else:
            problem = failure
    if problem is not None:
        return settings, f"{path} {problem}: the defaults are used until you change a setting."
    if isinstance(data, dict):
        kept = asdict(settings)
        ignored = [str(key) for key, value in data.items() if key not in kept or not _used_as_written(kept[key], value)]
        if ignored:
            return settings, f"{path}: ignored {_names(ignored)} (unknown or invalid); the defaults are used for them."
    return settings, None


def save_settings(settings: Settings, directory: Path | None = None) -> None:
    """Write the settings atomically (raises OSError when the folder is not writable)."""
    _write_json((directory or config_dir()) / SETTINGS_FILE, asdict(settings))


#: The most characters of an ending's prose the gallery keeps (a longer text is cut with "…").
MAX_ENDING_TEXT = 20_000


def bounded_ending_text(text: object) -> str:
    """An ending's prose as the gallery keeps it: a string of at most ``MAX_ENDING_TEXT`` characters."""
    if not isinstance(text, str):
        return ""
    return text if len(text) <= MAX_ENDING_TEXT else text[: MAX_ENDING_TEXT - 1] + "…"


@dataclass(frozen=True)
class FoundEnding:
    """An ending the player has reached at least once."""

    story_id: str
    ending_id: str
    title: str
    tone: str
    first_reached: str  # ISO 8601, UTC
    times: int
    #: The ending's prose as it read when last reached ("" when it was not kept), to read again.
    text: str = ""


@dataclass(frozen=True)
class Gallery:
    """Every ending reached, across playthroughs, per story."""

    endings: tuple[FoundEnding, ...] = field(default_factory=tuple)

    def for_story(self, story_id: str) -> dict[str, FoundEnding]:
        """The endings found in one story, by ending id."""
        return {found.ending_id: found for found in self.endings if found.story_id == story_id}

    def with_ending(
        self, story_id: str, ending_id: str, title: str, tone: str, when: datetime, *, text: str = ""
    ) -> Gallery:
        """A gallery that also records reaching this ending once more (with its prose, bounded)."""
        text = bounded_ending_text(text)
        kept: list[FoundEnding] = []
        previous: FoundEnding | None = None
        for found in self.endings:
            if found.story_id == story_id and found.ending_id == ending_id:
                previous = found
            else:
                kept.append(found)
        if previous is None:
            entry = FoundEnding(story_id, ending_id, title, tone, when.astimezone(UTC).isoformat(), 1, text)
        else:
            entry = replace(previous, title=title, tone=tone, times=previous.times + 1, text=text or previous.text)
        return Gallery((*kept, entry))

    @classmethod
    def from_data(cls, data: Any) -> Gallery:
        """A gallery from parsed JSON; malformed entries are skipped."""
        found: list[FoundEnding] = []
        items = data.get("endings") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            try:
                entry = FoundEnding(
                    story_id=str(item["story_id"]),
                    ending_id=str(item["ending_id"]),
                    title=str(item["title"]),
                    tone=str(item.get("tone", "")),
                    first_reached=str(item.get("first_reached", "")),
                    times=max(1, int(item.get("times", 1))),
                    text=bounded_ending_text(item.get("text")),
                )
            except (KeyError, TypeError, ValueError):
                continue
            found.append(entry)
        return cls(tuple(found))

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return {"endings": [asdict(found) for found in self.endings]}


def load_gallery(directory: Path | None = None) -> Gallery:
    """The endings found so far, or an empty gallery."""
    return read_gallery(directory)[0]


def read_gallery(directory: Path | None = None) -> tuple[Gallery, str | None]:
    """The endings found so far (unusable entries left out) and one line on what was ignored, if anything."""
    path = (directory or config_dir()) / ENDINGS_FILE
    data, problem = _read_json(path)
    items = data.get("endings") if isinstance(data, dict) else None
    if problem is None and data is not None and not isinstance(items, list):
        problem = 'has no list of "endings"'
    try:
        gallery = Gallery.from_data(data if isinstance(items, list) else None)
    except Exception as error:  # noqa: BLE001 (any bad entry must leave an empty gallery, not stop the game)
        gallery, problem = Gallery(), f"could not be used ({type(error).__name__})"
    if problem is not None:
        return gallery, f"{path} {problem}: the gallery starts empty and is rewritten when you find an ending."
    if isinstance(items, list) and len(gallery.endings) < len(items):
        left_out = len(items) - len(gallery.endings)
        return gallery, (
            f"{path}: {left_out} of {len(items)} entries ignored (malformed); "
            "they are dropped when you next find an ending."
        )
    return gallery, None


def save_gallery(gallery: Gallery, directory: Path | None = None) -> None:
    """Write the gallery atomically (raises OSError when the folder is not writable)."""
    _write_json((directory or config_dir()) / ENDINGS_FILE, gallery.to_data())
