"""Naming save slots: the exact name a player typed, and the file name stem it is stored under.

- ``<name>.json``: a named slot whose name is already a safe, lower-case file name
  (``before-the-core``).
- ``<readable>~<hash>.json``: any other name (``My save``, ``ünïcode``, ``ナイン``,
  ``con``): a readable ASCII stem plus 8 hex digits of the SHA-256 of the exact
  name, so two names never share a file, on any file system. The exact name is
  kept inside the save.
- Slots named by earlier versions (``legacy_slot_name``) are still found.

Also the ids of playthroughs, which name their autosave files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

from game.saves.format import AUTOSAVE_SLOT, SaveError, SaveFile

#: The readable part of a file name; the exact name lives in the save.
MAX_STEM_LENGTH = 40
#: The longest slot name a player may type.
MAX_NAME_LENGTH = 200
_HASH_SEPARATOR = "~"  # never in a readable stem, so a hashed name can never equal a plain one
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_LEGACY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LEGACY_MAX_LENGTH = 64
#: A playthrough id as the game makes it (and an autosave's file name holds it).
PLAYTHROUGH_ID = re.compile(r"[0-9a-z]{6,32}")
# Names Windows reserves for devices, whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)


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
    if save.is_autosave and save.playthrough is not None and PLAYTHROUGH_ID.fullmatch(save.playthrough):
        return save.playthrough
    return new_playthrough()
