"""Per-user settings and the endings gallery, as small JSON files in the user's config folder.

The folder is ``$EXCEPTION_CONFIG_DIR`` when set, else platformdirs' user config dir.
Unreadable or malformed files fall back to defaults: a broken settings file must never
stop the game from starting.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
ENDINGS_FILE = "endings.json"

#: Text speeds the settings offer: name -> characters revealed per second.
TEXT_SPEEDS: dict[str, int] = {"slow": 40, "normal": 90, "fast": 240}
#: Text column widths a settings file may hold (columns); others fall back to the default.
TEXT_WIDTHS = range(40, 201)
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


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Settings:
    """The player's preferences."""

    typewriter: bool = True
    text_speed: str = "normal"
    reduced_motion: bool = False
    theme: str = "orison"
    #: The widest the narrative's text column is, in columns (TEXT_WIDTHS bounds it).
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
        if isinstance(width, int) and not isinstance(width, bool) and width in TEXT_WIDTHS:
            settings = replace(settings, text_width=width)
        for name in ("skip_read", "mark_taken_choices"):
            if isinstance(data.get(name), bool):
                settings = replace(settings, **{name: data[name]})
        return settings


def load_settings(directory: Path | None = None) -> Settings:
    """The saved settings, or the defaults."""
    return Settings.from_data(_read_json((directory or config_dir()) / SETTINGS_FILE))


def save_settings(settings: Settings, directory: Path | None = None) -> None:
    """Write the settings atomically (raises OSError when the folder is not writable)."""
    _write_json((directory or config_dir()) / SETTINGS_FILE, asdict(settings))


@dataclass(frozen=True)
class FoundEnding:
    """An ending the player has reached at least once."""

    story_id: str
    ending_id: str
    title: str
    tone: str
    first_reached: str  # ISO 8601, UTC
    times: int


@dataclass(frozen=True)
class Gallery:
    """Every ending reached, across playthroughs, per story."""

    endings: tuple[FoundEnding, ...] = field(default_factory=tuple)

    def for_story(self, story_id: str) -> dict[str, FoundEnding]:
        """The endings found in one story, by ending id."""
        return {found.ending_id: found for found in self.endings if found.story_id == story_id}

    def with_ending(self, story_id: str, ending_id: str, title: str, tone: str, when: datetime) -> Gallery:
        """A gallery that also records reaching this ending once more."""
        kept: list[FoundEnding] = []
        previous: FoundEnding | None = None
        for found in self.endings:
            if found.story_id == story_id and found.ending_id == ending_id:
                previous = found
            else:
                kept.append(found)
        if previous is None:
            entry = FoundEnding(story_id, ending_id, title, tone, when.astimezone(UTC).isoformat(), 1)
        else:
            entry = replace(previous, title=title, tone=tone, times=previous.times + 1)
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
    return Gallery.from_data(_read_json((directory or config_dir()) / ENDINGS_FILE))


def save_gallery(gallery: Gallery, directory: Path | None = None) -> None:
    """Write the gallery atomically (raises OSError when the folder is not writable)."""
    _write_json((directory or config_dir()) / ENDINGS_FILE, gallery.to_data())
