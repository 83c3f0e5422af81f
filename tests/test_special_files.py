"""Special files in a story folder: only regular files are read, never more than the limit, one line each."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.engine import StoryLoadError, load_story
from game.story.files import FileTooLarge, UnreadableFile, read_regular_file
from game.story.yamlread import MAX_FILE_BYTES

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev links are POSIX")

#: The child may not grow past this: reading /dev/zero without a bound would fail here, not eat the machine.
MEMORY_LIMIT = 1 << 30
#: ``python -m game`` with its address space limited first (in the child itself: no preexec_fn, no fork hooks).
LIMITED_GAME = (
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
    "sys.argv[0] = 'exception'; runpy.run_module('game', run_name='__main__', alter_sys=True)"
)


def check(*arguments: str) -> subprocess.CompletedProcess[str]:
    # A hang is the failure the FIFO cases look for: the timeout only keeps a broken build from blocking the suite.
    return subprocess.run(
        [sys.executable, "-c", LIMITED_GAME, "check", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


@pytest.fixture
def hostile_story(tmp_path: Path) -> Path:
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "engine_core", story)
    (story / "zero.yaml").symlink_to("/dev/zero")
    (story / "random.yml").symlink_to("/dev/urandom")
    os.mkfifo(story / "pipe.yaml")
    (story / "broken.yaml").write_text("scenes:\n  nowhere:\n    title: [unclosed\n", encoding="utf-8")
    return story


@pytest.mark.parametrize("cache", [["--no-cache"], []], ids=["no-cache", "cache"])
def test_devices_and_fifos_are_one_line_each_and_the_rest_is_checked(hostile_story: Path, cache: list[str]) -> None:
    done = check(*cache, str(hostile_story))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    for name, kind in (("zero.yaml", "a device"), ("random.yml", "a device"), ("pipe.yaml", "a FIFO")):
        mine = [line for line in lines if line.startswith(f"{name}:")]
        assert len(mine) == 1, lines
        assert mine[0].startswith(f"{name}:1:1: {kind}")
        assert "not a regular file" in mine[0]
    # The story's other files were still read and checked.
    assert any(line.startswith("broken.yaml:4:1: YAML syntax error") for line in lines), lines


def test_a_story_folder_that_is_a_fifo_named_yaml_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "story.yaml"
    os.mkfifo(fifo)
    done = check("--no-cache", str(fifo))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "a FIFO (named pipe), not a regular file" in done.stderr


def test_the_loader_names_each_refused_file(hostile_story: Path) -> None:
    with pytest.raises(StoryLoadError) as caught:
        load_story(hostile_story, use_cache=False)
    paths = [error.path for error in caught.value.errors]
    assert paths.count("zero.yaml") == paths.count("random.yml") == paths.count("pipe.yaml") == 1


def test_a_dangling_link_is_a_clear_error(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "engine_core", story)
    (story / "gone.yaml").symlink_to(tmp_path / "nothing-here.yaml")
    with pytest.raises(StoryLoadError) as caught:
        load_story(story, use_cache=False)
    [error] = caught.value.errors
    assert (error.path, error.line, error.col) == ("gone.yaml", 1, 1)
    assert "cannot read the file" in error.message


def test_a_file_larger_than_its_stat_says_is_still_bounded() -> None:
    # Files in /proc say they hold 0 bytes and then give more: the bound must hold whatever stat said.
    status = Path("/proc/self/status")
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("needs a /proc file whose stat size is 0")
    with pytest.raises(FileTooLarge):
        read_regular_file(status, 16)
    assert len(read_regular_file(status, 1 << 20)) > 16


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(FileTooLarge) as caught:
        read_regular_file(big, MAX_FILE_BYTES)
    assert caught.value.size == MAX_FILE_BYTES + 1


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_links_to_devices_are_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "device.yaml"
    link.symlink_to(target)
    with pytest.raises(UnreadableFile, match="a device"):
        read_regular_file(link, 100)


def test_without_following_links_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("x: 1\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert read_regular_file(link, 100) == b"x: 1\n"
    with pytest.raises(UnreadableFile, match="symbolic link"):
        read_regular_file(link, 100, follow_links=False)
