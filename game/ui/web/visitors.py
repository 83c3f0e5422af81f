"""Who plays in which folders, and which requests a served game lets in (no web library needed).

Two ways to serve:

- *One person* (the default, bound to this machine only): every game uses the player's own save and
  settings folders, the same ones the terminal game uses, so Continue in the browser goes on with
  the game left in the terminal. Two tabs are two games sharing those folders, as two terminals are.
- *Per visitor* (``--per-visitor``, and always with ``--public``): the first page a browser opens gives
  it a random visitor id in a cookie, and that browser's games keep their saves and settings in
  ``DATA/visitors/<id>/``. Nobody can name another visitor's folder: the id is 128 random bits that
  only that browser holds. The trade-off: the cookie *is* the key. A browser that loses it (cleared
  cookies, a private window, another browser) starts again with empty folders, and the old folder
  stays on the server's disk until someone removes it; anyone who copies the cookie plays as that
  visitor. It is no login, only a private room per browser.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: The cookie that holds a browser's visitor id.
VISITOR_COOKIE = "exception_visitor"
#: A visitor id: 32 lowercase hex digits (128 random bits), nothing else, so it is always a safe folder name.
_VISITOR_ID = re.compile(r"[0-9a-f]{32}")
#: Host names that are always this machine.
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def new_visitor_id() -> str:
    """A fresh, unguessable visitor id."""
    return secrets.token_hex(16)


def valid_visitor_id(value: str | None) -> str | None:
    """``value`` when it is a well-formed visitor id, else None (a made-up cookie never names a folder)."""
    if value is not None and _VISITOR_ID.fullmatch(value):
        return value
    return None


@dataclass(frozen=True)
class VisitorFolders:
    """Where one visitor's games keep their saves and their settings."""

    saves: Path
    config: Path


def visitor_folders(data_dir: Path, visitor_id: str) -> VisitorFolders:
    """The folders of a visitor (``DATA/visitors/<id>/saves`` and ``.../config``); ``visitor_id`` must be valid."""
    if valid_visitor_id(visitor_id) is None:
        raise ValueError(f"not a visitor id: {visitor_id!r}")
    root = data_dir / "visitors" / visitor_id
    return VisitorFolders(saves=root / "saves", config=root / "config")


def is_loopback_host(host: str) -> bool:
    """True when ``host`` (a name or an address, IPv6 with or without brackets) is this machine only."""
    name = host.strip().lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, without its port (``[::1]:8000`` -> ``::1``)."""
    header = host_header.strip()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def request_allowed(*, public: bool, host_header: str | None, origin: str | None) -> bool:
    """May this request reach the game?

    Served on this machine only, the page must be asked for by a loopback name: a web page
    elsewhere that makes its own name point at 127.0.0.1 (DNS rebinding) is refused. The game's
    websocket must come from the server's own page (its ``Origin`` names the host the request is
    addressed to), so no other site can open games in a visitor's browser and read them.
    """
    if not host_header:
        return False
    if not public and not is_loopback_host(host_name(host_header)):
        return False
    return origin is None or urlsplit(origin).netloc.lower() == host_header.strip().lower()
