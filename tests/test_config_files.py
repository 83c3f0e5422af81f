"""Bad settings and endings files: the defaults, one line on what was ignored, and the file left alone."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from game.ui.config import (
    ENDINGS_FILE,
    MAX_CONFIG_BYTES,
    SETTINGS_FILE,
    Gallery,
    Settings,
    load_gallery,
    load_settings,
    read_gallery,
    read_settings,
)

DEEP = "[" * 100_000 + "]" * 100_000
GOOD_ENDING = '{"story_id": "ship", "ending_id": "core", "title": "The Core", "tone": "grim", "times": 2}'


@pytest.mark.parametrize(
    ("content", "expected", "said"),
    [
        (b'{"theme": ["ember"]}', Settings(), "ignored theme"),
        (b'{"theme": ["ember"], "typewriter": false}', Settings(typewriter=False), "ignored theme"),
        (b'{"text_speed": {"fast": 1}, "theme": "ember"}', Settings(theme="ember"), "ignored text_speed"),
        (b'{"typewriter": 1, "reduced_motion": true}', Settings(reduced_motion=True), "ignored typewriter"),
        (b'{"typewriter": false, "extra": 1}', Settings(typewriter=False), "ignored extra"),
        (b'{"theme": NaN, "text_speed": 1e999}', Settings(), "ignored theme, text_speed"),
        (DEEP.encode(), Settings(), "nested too deeply"),
        (b'{"theme": "ember"', Settings(), "not valid JSON"),
        (b'["ember"]', Settings(), "not a JSON object"),
        (b'{"theme": "\xff\xfe"}', Settings(), "not UTF-8"),
        (b'{"x": ' + b"9" * 5000 + b"}", Settings(), "not usable JSON"),
        (b" " * (MAX_CONFIG_BYTES + 1), Settings(), "too large"),
    ],
    ids=[
        "list-theme",
        "list-theme-kept-typewriter",
        "object-speed",
        "int-for-bool",
        "unknown-key",
        "nan-and-overflow",
        "100000-deep",
        "truncated",
        "not-an-object",
        "bad-utf8",
        "huge-int",
        "huge-file",
    ],
)
def test_a_bad_settings_file_gives_the_defaults_and_one_line(
    tmp_path: Path, content: bytes, expected: Settings, said: str
) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(content)
    settings, problem = read_settings(tmp_path)
    assert settings == expected
    assert problem is not None and said in problem and str(path) in problem
    assert "\n" not in problem
    assert load_settings(tmp_path) == expected
    assert path.read_bytes() == content  # reading never rewrites the player's file


def test_good_or_missing_settings_say_nothing(tmp_path: Path) -> None:
    assert read_settings(tmp_path) == (Settings(), None)
    (tmp_path / SETTINGS_FILE).write_text('{"typewriter": false, "theme": "ember"}', encoding="utf-8")
    assert read_settings(tmp_path) == (Settings(typewriter=False, theme="ember"), None)
    (tmp_path / SETTINGS_FILE).write_bytes(b'\xef\xbb\xbf{"theme": "phosphor"}')  # a BOM from a Windows editor
    assert read_settings(tmp_path) == (Settings(theme="phosphor"), None)


def test_a_folder_named_settings_json_is_ignored(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).mkdir()
    settings, problem = read_settings(tmp_path)
    assert settings == Settings()
    assert problem is not None and "not a regular file (a folder)" in problem


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", [SETTINGS_FILE, ENDINGS_FILE])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    results: list[tuple[tuple[Settings, str | None], tuple[Gallery, str | None]]] = []
    reader = threading.Thread(target=lambda: results.append((read_settings(tmp_path), read_gallery(tmp_path))))
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():
        # Release the reader blocked in open() so the test run can end, then fail.
        with open(tmp_path / name, "wb"):
            pass
        reader.join()
        pytest.fail(f"reading a FIFO named {name} blocked")
    ((settings, settings_problem), (gallery, gallery_problem)) = results[0]
    assert settings == Settings() and gallery == Gallery()
    problem = settings_problem if name == SETTINGS_FILE else gallery_problem
    assert problem is not None and "not a regular file (a FIFO)" in problem


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / ENDINGS_FILE).symlink_to("/dev/zero")
    gallery, problem = read_gallery(tmp_path)
    assert gallery == Gallery()
    assert problem is not None and "not a regular file (a device)" in problem


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "settings.json"
    real.parent.mkdir()
    real.write_text('{"theme": "ember"}', encoding="utf-8")
    (tmp_path / SETTINGS_FILE).symlink_to(real)
    assert read_settings(tmp_path) == (Settings(theme="ember"), None)


@pytest.mark.parametrize(
    ("content", "kept", "said"),
    [
        ('{"endings": [' + GOOD_ENDING.replace('"times": 2', '"times": 1e999') + "]}", 0, "1 of 1 entries ignored"),
        ('{"endings": [' + GOOD_ENDING + ', {"story_id": "x", "times": 1e999}]}', 1, "1 of 2 entries ignored"),
        ('{"endings": [' + GOOD_ENDING.replace('"times": 2', '"times": NaN') + "]}", 0, "1 of 1 entries ignored"),
        ('{"endings": [' + GOOD_ENDING + ', 3, "x"]}', 1, "2 of 3 entries ignored"),
        ('{"endings": {"core": 1}}', 0, 'has no list of "endings"'),
        ("[]", 0, 'has no list of "endings"'),
        (DEEP, 0, "nested too deeply"),
        ('{"endings": [', 0, "not valid JSON"),
    ],
    ids=["times-overflow", "one-of-two", "times-nan", "not-objects", "endings-object", "list", "deep", "truncated"],
)
def test_a_bad_endings_file_keeps_what_it_can(tmp_path: Path, content: str, kept: int, said: str) -> None:
    path = tmp_path / ENDINGS_FILE
    path.write_text(content, encoding="utf-8")
    gallery, problem = read_gallery(tmp_path)
    assert len(gallery.endings) == kept
    if kept:
        assert gallery.for_story("ship")["core"].times == 2
    assert problem is not None and said in problem and str(path) in problem
    assert load_gallery(tmp_path) == gallery
    assert path.read_text(encoding="utf-8") == content


def test_a_good_endings_file_says_nothing(tmp_path: Path) -> None:
    (tmp_path / ENDINGS_FILE).write_text('{"endings": [' + GOOD_ENDING + "]}", encoding="utf-8")
    gallery, problem = read_gallery(tmp_path)
    assert problem is None and gallery.for_story("ship")["core"].title == "The Core"


def test_a_setting_kept_as_a_list_is_not_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list-valued setting (as a later version may add) read back as written is not 'ignored'."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class ListSettings(Settings):
        read_scenes: tuple[str, ...] = field(default_factory=tuple)

        @classmethod
        def from_data(cls, data: object) -> ListSettings:
            kept = data.get("read_scenes") if isinstance(data, dict) else None
            return cls(read_scenes=tuple(kept)) if isinstance(kept, list) else cls()

    monkeypatch.setattr("game.ui.config.Settings", ListSettings)
    (tmp_path / SETTINGS_FILE).write_text('{"read_scenes": ["bay", "hall"]}', encoding="utf-8")
    settings, problem = read_settings(tmp_path)
    assert problem is None and settings == ListSettings(read_scenes=("bay", "hall"))
