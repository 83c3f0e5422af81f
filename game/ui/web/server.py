"""The web server of ``exception serve``: textual-serve, one game process per browser tab.

textual-serve's ``Server`` serves the page and, for each websocket (each tab), starts a command
whose Textual web driver draws into the socket. This subclass decides that command per tab (the
story, and a visitor's own folders when serving per visitor), refuses requests from elsewhere
(see ``visitors.request_allowed``), caps how many games run at once, and stops every game when
the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.ui.web.child import child_arguments
from game.ui.web.visitors import (
    VISITOR_COOKIE,
    new_visitor_id,
    request_allowed,
    valid_visitor_id,
    visitor_folders,
)

#: How long a game has to leave after it is told to (it autosaves every turn, so it has nothing to finish).
STOP_GRACE_SECONDS = 3.0
#: A visitor's cookie lasts a year from their last visit.
COOKIE_MAX_AGE = 365 * 24 * 3600
#: Added to textual-serve's page: the keyboard goes to the game at once, without a click first, and
#: again whenever the page gets focus back. The terminal is focused anew once the game has drawn
#: (body.-first-byte), so the game hears of the focus after it has started, not before.
FOCUS_SCRIPT = """<script>
(() => {
  const focusGame = (again) => {
    const input = document.querySelector(".xterm-helper-textarea");
    if (!input) return;
    if (again && document.activeElement === input) input.blur();
    if (document.activeElement !== input) input.focus();
  };
  const drawn = () => document.body.classList.contains("-first-byte");
  const watcher = new MutationObserver(() => {
    if (drawn()) { watcher.disconnect(); focusGame(true); }
  });
  window.addEventListener("load", () => {
    focusGame(false);
    if (drawn()) focusGame(true); else watcher.observe(document.body, {attributes: true, attributeFilter: ["class"]});
  });
  window.addEventListener("focus", () => focusGame(false));
})();
</script>
"""
#: The most a websocket message from a browser may be (keys, sizes: a few bytes; a paste is more).
MAX_MESSAGE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ServeOptions:
    """What ``exception serve`` was asked for."""

    story_dir: Path
    branches: tuple[Path, ...]
    host: str
    port: int
    public: bool
    per_visitor: bool
    data_dir: Path
    max_games: int


class GameServer(Server):
    """textual-serve's server, serving *exception* to browsers."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.base_command = [sys.executable, "-m", "game.ui.web.child"]
        super().__init__(shlex.join(self.base_command), host=options.host, port=options.port, title="exception")
        #: The games running now: their websockets and services, to stop them with the server.
        self._games: dict[web.WebSocketResponse, AppService] = {}

    # ------------------------------------------------------------------ the command per tab

    def command_for(self, visitor_id: str | None) -> str:
        """The shell command that runs one tab's game (textual-serve starts it through a shell)."""
        saves = config = None
        if visitor_id is not None:
            folders = visitor_folders(self.options.data_dir, visitor_id)
            for folder in (folders.saves, folders.config):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            saves, config = folders.saves, folders.config
        arguments = child_arguments(self.options.story_dir, self.options.branches, saves=saves, config=config)
        # exec: the game is the server's own child, not a shell's, so stopping it stops the game
        # itself, and the game can see when the server is gone (see child.leave_with_the_server).
        return "exec " + shlex.join([*self.base_command, *arguments])

    def visitor_of(self, request: web.Request) -> str | None:
        """The visitor id a request carries (None when serving one person, or when it has none)."""
        if not self.options.per_visitor:
            return None
        return valid_visitor_id(request.cookies.get(VISITOR_COOKIE))

    def _allowed(self, request: web.Request) -> bool:
        return request_allowed(
            public=self.options.public,
            host_header=request.headers.get("Host"),
            origin=request.headers.get("Origin"),
        )

    # ---------------------------------------------------------------------------- the page

    async def on_startup(self, app: web.Application) -> None:
        """Say where to point the browser (in place of textual-serve's banner)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if host in ("0.0.0.0", "[::]"):  # every interface: the page is at any of this machine's addresses
            host = "<this machine's address>"
        where = (
            f"saves and settings per visitor under {self.options.data_dir / 'visitors'}"
            if self.options.per_visitor
            else "your own saves and settings"
        )
        print(f"exception: play at http://{host}:{self.port}/ ({where}); Ctrl+C stops the server and its games")
        sys.stdout.flush()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, its addresses taken from the address the browser used, and the visitor's cookie."""
        if not self._allowed(request):
            raise web.HTTPForbidden(text="exception: this server answers only to its own address\n")
        base = f"{request.scheme}://{request.host}"
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        context: dict[str, Any] = {
            "font_size": max(6, min(to_int(request.query.get("fontsize", "16"), 16), 64)),
            "app_websocket_url": f"{websocket_scheme}://{request.host}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": "exception"},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.text = (response.text or "").replace("</body>", FOCUS_SCRIPT + "</body>", 1)
        if self.options.per_visitor:
            visitor = valid_visitor_id(request.cookies.get(VISITOR_COOKIE)) or new_visitor_id()
            response.set_cookie(
                VISITOR_COOKIE,
                visitor,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Strict",
                secure=request.scheme == "https",
            )
        return response

    # ---------------------------------------------------------------------------- the games

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a game for this tab and pass keys and screens between it and the browser."""
        if not self._allowed(request):
            raise web.HTTPForbidden(text="exception: this server answers only to its own page\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        await websocket.prepare(request)
        if len(self._games) >= self.options.max_games:
            await websocket.send_bytes(
                f"\r\nexception: this server already runs {self.options.max_games} games, its limit;"
                " close one of them, or try again later.\r\n".encode()
            )
            await websocket.close()
            return websocket
        # Without a cookie (blocked, or a client other than the page) a tab still gets a private
        # folder, new each time: it can never land in someone else's.
        visitor = self.visitor_of(request) or (new_visitor_id() if self.options.per_visitor else None)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command_for(visitor),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        width = max(1, min(to_int(request.query.get("width", "80"), 80), 1000))
        height = max(1, min(to_int(request.query.get("height", "24"), 24), 1000))
        self._games[websocket] = service
        try:
            await service.start(width, height)
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            del self._games[websocket]
            await stop_game(service)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """Pass what the browser sends to the game; a message that makes no sense is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = data.get("width"), data.get("height")
                if isinstance(width, int) and isinstance(height, int) and 0 < width <= 1000 and 0 < height <= 1000:
                    await service.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """The server is stopping: close every tab, which stops its game (see handle_websocket)."""
        for websocket in list(self._games):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"the server is stopping")


async def stop_game(service: AppService) -> None:
    """Tell a game to leave; one that has not left after ``STOP_GRACE_SECONDS`` is killed."""
    # textual-serve keeps the process in a private attribute; it is the only handle on it.
    process = getattr(service, "_process", None)
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(service.stop(), STOP_GRACE_SECONDS)
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(process.wait(), STOP_GRACE_SECONDS)


def serve(options: ServeOptions) -> None:
    """Serve until Ctrl+C or SIGTERM (which stop every game before the server returns)."""
    GameServer(options).serve()
