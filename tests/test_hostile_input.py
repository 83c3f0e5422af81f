"""Hostile story files: each is refused with a clear error, in bounded time and memory, never a traceback."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.story.loader import MAX_FILES, StoryLoadError, load_story

MANIFEST = b"""\
story: {id: t, title: T, version: "1", start: a}
scenes:
  a:
    title: A
    text: Hello.
    ending: {title: End}
"""

LINE = re.compile(r"^[^:\n]+:\d+:\d+: \S.*$")


def _billion_laughs() -> bytes:
    lines = [b'lol0: &lol0 ["lol"]']
    for level in range(1, 10):
        refs = ", ".join(f"*lol{level - 1}" for _ in range(10))
        lines.append(f"lol{level}: &lol{level} [{refs}]".encode())
    return b"\n".join(lines) + b"\n"


HOSTILE: dict[str, bytes] = {
    "billion laughs": _billion_laughs(),
    "alias flood": b"a: &a 1\nb: [" + b"*a, " * 500_000 + b"]\n",
    "10,000 [": b"x: " + b"[" * 10_000,
    "10,000 {": b"x: " + b"{" * 10_000,
    "10,000 balanced": b"x: " + b"[" * 10_000 + b"]" * 10_000,
    "deep block nesting": b"".join(b"  " * level + b"k:\n" for level in range(2_000)),
    "binary garbage": bytes(range(256)) * 40,
    "invalid utf-8": b"scenes:\n  a: \xff\xfe\xfd\n",
    "utf-16": "scenes:\n  c:\n    title: x\n".encode("utf-16"),
    "multi-megabyte scalar": b'vars:\n  big: "' + b"a" * 3_000_000 + b'"\n',
    "empty": b"",
    "only comments": b"# nothing\n# here\n",
    "top-level list": b"- scenes\n- vars\n",
    "top-level scalar": b"just words\n",
    "nul byte": b"vars:\n  a: 1\x00\n",
    "two documents": b"vars:\n  a: 1\n---\nvars:\n  b: 2\n",
    "huge integer": b"vars:\n  a: " + b"9" * 100_000 + b"\n",
    "python tag": b"vars:\n  a: !!python/object/apply:os.system ['echo pwned']\n",
    "complex key": b"vars:\n  ? [a, b]\n  : 1\n",
    "tab indentation": b"vars:\n\ta: 1\n",
}

EXPECTED_FRAGMENT = {
    "billion laughs": "is not allowed in story files",
    "alias flood": "problems; reading of this file stopped here",
    "10,000 [": "YAML syntax error",
    "10,000 {": "YAML syntax error",
    "10,000 balanced": "YAML syntax error",
    "deep block nesting": "nested more than",
    "binary garbage": "not valid UTF-8",
    "invalid utf-8": "not valid UTF-8",
    "utf-16": "not valid UTF-8",
    "multi-megabyte scalar": "the limit is",
    "empty": "the file is empty",
    "only comments": "the file is empty",
    "top-level list": "must be a mapping",
    "top-level scalar": "must be a mapping",
    "nul byte": "NUL byte",
    "two documents": "one YAML document",
    "huge integer": "too large",
    "python tag": "is not allowed",
    "complex key": "a key must be a plain word",
    "tab indentation": "YAML syntax error",
}


def _story_with(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "story.yaml").write_bytes(MANIFEST)
    (tmp_path / "hostile.yaml").write_bytes(data)
    return tmp_path


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_a_clear_load_error(tmp_path: Path, name: str) -> None:
    root = _story_with(tmp_path, HOSTILE[name])
    with pytest.raises(StoryLoadError) as caught:
        load_story(root, use_cache=False)
    errors = caught.value.errors
    assert errors
    assert all(error.path == "hostile.yaml" for error in errors)
    assert len(errors) <= 52
    assert EXPECTED_FRAGMENT[name] in errors[0].message or any(EXPECTED_FRAGMENT[name] in e.message for e in errors)


def test_binary_garbage_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    root = _story_with(tmp_path, b"vars:\n  ok: 1\n  bad: caf\xe9\n")
    with pytest.raises(StoryLoadError) as caught:
        load_story(root, use_cache=False)
    assert [(e.line, e.col) for e in caught.value.errors] == [(3, 11)]


def test_a_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_bytes(MANIFEST)
    (tmp_path / "act").mkdir()
    os.symlink(tmp_path, tmp_path / "act" / "again")
    with pytest.raises(StoryLoadError) as caught:
        load_story(tmp_path, use_cache=False)
    assert [(e.path, e.line, e.col) for e in caught.value.errors] == [("act/again", 1, 1)]
    assert "remove the link" in caught.value.errors[0].message


def test_a_link_to_itself_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_bytes(MANIFEST)
    os.symlink(tmp_path / "self.yaml", tmp_path / "self.yaml")
    with pytest.raises(StoryLoadError) as caught:
        load_story(tmp_path, use_cache=False)
    assert [(e.path, e.line, e.col) for e in caught.value.errors] == [("self.yaml", 1, 1)]
    assert "cannot read the file" in caught.value.errors[0].message


def test_thousands_of_files_load(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_bytes(MANIFEST)
    for index in range(2_000):
        (tmp_path / f"v{index:05}.yaml").write_text(f"vars:\n  v{index}: {index}\n")
    story = load_story(tmp_path, use_cache=False)
    assert len(story.variables) == 2_000


def test_too_many_files_is_one_error_naming_the_folder(tmp_path: Path) -> None:
    for index in range(MAX_FILES + 1):
        (tmp_path / f"f{index:05}.yaml").touch()
    with pytest.raises(StoryLoadError) as caught:
        load_story(tmp_path, use_cache=False)
    assert [(e.path, e.line, e.col) for e in caught.value.errors] == [(tmp_path.as_posix(), 1, 1)]
    assert "more than 5,000 story files" in caught.value.errors[0].message


# ------------------------------------------------------- through the command


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


NASTIEST = [
    "billion laughs",
    "alias flood",
    "10,000 [",
    "deep block nesting",
    "binary garbage",
    "multi-megabyte scalar",
]


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_the_nastiest_files_through_the_real_command(tmp_path: Path) -> None:
    for index, name in enumerate(NASTIEST):
        (tmp_path / f"{index}.yaml").write_bytes(HOSTILE[name])
    (tmp_path / "story.yaml").write_bytes(MANIFEST)
    (tmp_path / "loop").mkdir()
    os.symlink(tmp_path, tmp_path / "loop" / "back")
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--no-cache", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,  # a safety net against a hang, not a speed assertion
        preexec_fn=_limit_memory,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    *problems, summary = result.stderr.splitlines()
    assert summary.endswith(f"in {tmp_path}")
    assert all(LINE.match(line) for line in problems), problems
    paths = {line.split(":", 1)[0] for line in problems}
    assert paths == {"loop/back", *(f"{index}.yaml" for index in range(len(NASTIEST)))}


# ----------------------------------------------------------------- fuzzing


def _load_bytes(root: Path, data: bytes) -> None:
    (root / "story.yaml").write_bytes(MANIFEST)
    (root / "fuzz.yaml").write_bytes(data)
    with contextlib.suppress(StoryLoadError):
        load_story(root, use_cache=False)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_only_ever_raise_story_load_error(tmp_path: Path, data: bytes) -> None:
    _load_bytes(tmp_path, data)


_YAMLISH = st.lists(
    st.sampled_from(
        [
            "scenes:",
            "vars:",
            "story:",
            "extend:",
            "a:",
            "title:",
            "text:",
            "choices:",
            "to:",
            "- ",
            "  ",
            "\n",
            "{",
            "}",
            "[",
            "]",
            ",",
            ": ",
            "&x ",
            "*x",
            "!!str ",
            "!tag ",
            "? ",
            "|",
            ">",
            "'",
            '"',
            "#",
            "---",
            "...",
            "{if a}",
            "{end}",
            "= a + 1",
            "1e999",
            ".nan",
            "true",
            "null",
            "%YAML 1.1\n",
            "\t",
            "a",
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_YAMLISH)
def test_random_yamlish_text_only_ever_raises_story_load_error(tmp_path: Path, text: str) -> None:
    _load_bytes(tmp_path, text.encode())


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_YAMLISH)
def test_random_yamlish_scenes_only_ever_raise_story_load_error(tmp_path: Path, text: str) -> None:
    indented = "\n".join("    " + line for line in text.split("\n"))
    _load_bytes(tmp_path, f"scenes:\n  c:\n{indented}\n".encode())
