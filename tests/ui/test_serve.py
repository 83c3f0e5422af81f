"""``exception serve`` without a browser: its arguments, who may connect, per-visitor folders, stopping."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from serve_support import RunningServer, alive, descendants, running_server
from yarl import URL

from game.cli import main
from game.ui.web.visitors import (
    VISITOR_COOKIE,
    host_name,
    is_loopback_host,
    new_visitor_id,
    request_allowed,
    valid_visitor_id,
    visitor_folders,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts the server's games in /proc")

#: The longest a test waits for a game to draw its first screen into the websocket.
FIRST_SCREEN_TIMEOUT = 60.0


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
        ("localhost.example.org", False),
        ("", False),
    ],
)
def test_which_hosts_are_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("header", "name"),
    [("127.0.0.1:8000", "127.0.0.1"), ("localhost", "localhost"), ("[::1]:8000", "::1"), ("[::1]", "::1")],
)
def test_the_name_in_a_host_header(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    ("public", "host", "origin", "allowed"),
    [
        (False, "127.0.0.1:8000", None, True),
        (False, "localhost:8000", "http://localhost:8000", True),
        (False, "127.0.0.1:8000", "http://127.0.0.1:8000", True),
        (False, "evil.example:8000", None, False),  # a rebound name pointing at this machine
        (False, "127.0.0.1:8000", "http://evil.example", False),  # another site's page opening a game
        (False, None, None, False),
        (True, "game.example:8000", "http://game.example:8000", True),
        (True, "game.example:8000", "http://evil.example", False),
        (True, "game.example", "https://game.example", True),  # the page came through a TLS proxy
        (True, "game.example", "https://game.example.evil.example", False),
        (False, "127.0.0.1:8000", "null", False),  # a sandboxed or file: page
    ],
)
def test_which_requests_are_let_in(public: bool, host: str | None, origin: str | None, allowed: bool) -> None:
    assert request_allowed(public=public, host_header=host, origin=origin) is allowed


@pytest.mark.parametrize(
    "value", ["", "..", "../" + "0" * 29, "0" * 31, "0" * 33, "A" * 32, "g" * 32, "0" * 31 + "/", None]
)
def test_a_made_up_visitor_id_names_no_folder(value: str | None, tmp_path: Path) -> None:
    assert valid_visitor_id(value) is None
    if value is not None:
        with pytest.raises(ValueError, match="not a visitor id"):
            visitor_folders(tmp_path, value)


def test_each_visitor_has_folders_of_their_own(tmp_path: Path) -> None:
    first, second = new_visitor_id(), new_visitor_id()
    assert first != second and valid_visitor_id(first) == first
    mine, theirs = visitor_folders(tmp_path, first), visitor_folders(tmp_path, second)
    assert mine.saves.is_relative_to(tmp_path / "visitors" / first)
    assert not {mine.saves, mine.config} & {theirs.saves, theirs.config}
    assert not mine.saves.is_relative_to(theirs.saves.parent)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--host", "0.0.0.0"], "add --public"),
        (["--host", "192.168.1.5", "--port", "9000"], "anyone who can reach this machine on port 9000"),
        (["--port", "0"], "not a port"),
        (["--port", "70000"], "not a port"),
        (["--max-games", "0"], "at least 1"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    arguments: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == "" and says in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_story_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "nowhere")]) == 1
    assert "no such story directory" in capsys.readouterr().err


def test_without_the_web_extra_serve_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "game.ui.web.server", raising=False)
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # what an install without the extra does
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "'.[web]'" in err and "textual_serve" in err and err.count("\n") == 1


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:
        with running_server(tmp_path) as _:
            pass  # a free port of its own: fine
        import subprocess

        taken = subprocess.run(
            [sys.executable, "-m", "game", "serve", "--port", str(server.port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert taken.returncode == 1
    assert "cannot listen on 127.0.0.1" in taken.stderr and "Traceback" not in taken.stderr


def jar_session() -> aiohttp.ClientSession:
    """A client that keeps cookies from 127.0.0.1 (aiohttp's jar takes none from an address by default)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def first_screen(websocket: aiohttp.ClientWebSocketResponse) -> bytes:
    """Bytes the game drew, once it has drawn its title (bounded)."""
    drawn = b""
    deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT
    while b"New game" not in drawn:
        left = deadline - time.monotonic()
        assert left > 0, f"no title within {FIRST_SCREEN_TIMEOUT} s; drew {len(drawn)} bytes"
        message = await websocket.receive(timeout=left)
        assert message.type == aiohttp.WSMsgType.BINARY, f"the game's socket said {message.type}: {message.data!r}"
        drawn += message.data
    return drawn


async def open_game(session: aiohttp.ClientSession, server: RunningServer) -> aiohttp.ClientWebSocketResponse:
    websocket = await session.ws_connect(f"{server.url}ws?width=80&height=24", origin=server.url.rstrip("/"))
    await websocket.send_json(["resize", {"width": 80, "height": 24}])
    return websocket


async def test_each_visitor_gets_a_folder_and_sigterm_stops_every_game(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with running_server(tmp_path, "--per-visitor", "--data", str(data)) as server:
        async with jar_session() as first, jar_session() as second:
            for session in (first, second):
                async with session.get(server.url) as page:
                    assert page.status == 200 and "exception" in await page.text()
            ids = [
                valid_visitor_id(session.cookie_jar.filter_cookies(URL(server.url))[VISITOR_COOKIE].value)
                for session in (first, second)
            ]
            assert None not in ids and ids[0] != ids[1]
            sockets = [await open_game(session, server) for session in (first, second)]
            for websocket in sockets:
                await first_screen(websocket)
            games = descendants(server.process.pid)
            assert len(games) >= 2, server.output()
            folders = sorted(path.name for path in (data / "visitors").iterdir())
            assert folders == sorted(str(visitor) for visitor in ids)
            took = await asyncio.to_thread(server.stop, signal.SIGTERM)
            for websocket in sockets:
                await websocket.close()
        assert server.process.returncode == 0, server.output()
        assert took < 10, f"the server took {took:.1f} s to stop"
        assert not [game for game in games if alive(game)], "games outlived the server"
        assert "Traceback" not in server.output()


async def test_requests_from_elsewhere_and_games_over_the_limit_are_refused(tmp_path: Path) -> None:
    with running_server(tmp_path, "--max-games", "1") as server:
        async with aiohttp.ClientSession() as session:
            async with session.get(server.url, headers={"Host": "rebound.example"}) as page:
                assert page.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(f"{server.url}ws", origin="http://evil.example")
            playing = await open_game(session, server)
            await first_screen(playing)
            refused = await open_game(session, server)
            message = await refused.receive(timeout=FIRST_SCREEN_TIMEOUT)
            assert message.type == aiohttp.WSMsgType.BINARY and b"its limit" in message.data
            await refused.close()
            await playing.close()
        assert server.stop(signal.SIGINT) < 10
        assert "Traceback" not in server.output()


async def test_games_leave_when_their_server_is_killed(tmp_path: Path) -> None:
    """SIGKILL leaves the server no time to stop its games: they see it gone and leave by themselves."""
    with running_server(tmp_path) as server:
        async with aiohttp.ClientSession() as session:
            websocket = await open_game(session, server)
            await first_screen(websocket)
            games = descendants(server.process.pid)
            assert games, server.output()
            server.stop(signal.SIGKILL)
            await websocket.close()
    deadline = time.monotonic() + 30
    while [game for game in games if alive(game)]:
        assert time.monotonic() < deadline, "a game outlived its killed server by 30 s"
        await asyncio.sleep(0.1)
