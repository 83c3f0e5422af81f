"""Running ``exception serve`` for a test: a free local port, bounded waits, always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The longest a test waits for the server to listen (a cold start on a loaded 2-core machine).
START_TIMEOUT = 60.0
#: The longest the server may take to stop once told to, its games included.
STOP_TIMEOUT = 20.0


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux: /proc), e.g. the games a server started."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                for child in children.read_text().split():
                    if int(child) not in found:
                        found.add(int(child))
                        pending.append(int(child))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


@dataclass
class RunningServer:
    """A started ``exception serve``: its address, its process, and where its output goes."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Send ``sig`` and wait for the server to leave; returns the seconds it took."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)
            raise AssertionError(f"the server did not stop within {STOP_TIMEOUT} s of signal {sig}") from None
        return time.monotonic() - started


@contextlib.contextmanager
def running_server(tmp_path: Path, *arguments: str, env: dict[str, str] | None = None) -> Iterator[RunningServer]:
    """``exception serve --port <free> ARGUMENTS``, until the block ends (then stopped, whatever happened)."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    environment = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "game", "serve", "--port", str(port), *arguments],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    server = RunningServer(f"http://127.0.0.1:{port}/", port, process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "play at" not in server.output():
            if process.poll() is not None:
                raise AssertionError(f"the server left with {process.returncode}:\n{server.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not start within {START_TIMEOUT} s:\n{server.output()}")
            time.sleep(0.05)
        yield server
    finally:
        if process.poll() is None:
            games = descendants(process.pid)
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
            for game in games:  # nothing of the test outlives it, even when the server failed
                with contextlib.suppress(OSError):
                    os.kill(game, signal.SIGKILL)
