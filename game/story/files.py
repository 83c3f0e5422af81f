"""Reading a file from disk that nobody vouches for: regular files only, and never more than a limit.

A story folder or a cache folder can hold anything with the right name: a FIFO
(opening it for reading waits for a writer that never comes), a link to
``/dev/zero`` (endless bytes, yet ``stat`` says 0), a directory, a socket.
:func:`read_regular_file` looks at what the path is before opening it, opens
it without blocking, checks the opened file again (the path may have been
swapped in between), and reads at most ``limit`` bytes whatever ``stat`` said.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

#: Flags that keep ``open`` itself from blocking on a FIFO and the descriptor from leaking into children.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


class UnreadableFile(Exception):
    """The path is not a regular file, or holds more than the limit; the message says which, for a person."""


class FileTooLarge(UnreadableFile):
    """A regular file with more than the limit's bytes (``size`` None: it grew past the limit while read)."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size = size
        self.limit = limit
        amount = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(f"the file is {amount}; the limit is {limit:,}")


def describe_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device (such as a link to /dev/zero)"
    return "not a regular file"


def read_regular_file(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises UnreadableFile for anything else (a FIFO, a device, a folder, a file
    that grows past ``limit`` while it is read) and OSError when the system
    refuses (missing file, no permission). With ``follow_links`` False a
    symbolic link is refused too.
    """
    before = os.stat(path, follow_symlinks=follow_links)
    if not stat.S_ISREG(before.st_mode):
        if stat.S_ISLNK(before.st_mode):
            raise UnreadableFile("a symbolic link, where a file was expected")
        raise UnreadableFile(f"{describe_kind(before.st_mode)}, not a regular file")
    flags = _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise UnreadableFile(f"{describe_kind(opened.st_mode)}, not a regular file")
        if opened.st_size > limit:
            raise FileTooLarge(opened.st_size, limit)
        return _read_at_most(handle, opened.st_size, limit)


def _read_at_most(handle: BinaryIO, expected: int, limit: int) -> bytes:
    """Read to the end, refusing past ``limit`` bytes; ``expected`` (from stat) only sizes the first read."""
    read = handle.read
    # One read of the size stat gave (plus a byte, to see whether there is more) covers every honest file.
    first: bytes = read(min(expected, limit) + 1)
    if len(first) <= min(expected, limit):
        return first
    chunks = [first]
    total = len(first)
    while total <= limit:
        chunk: bytes = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise FileTooLarge(None, limit)
