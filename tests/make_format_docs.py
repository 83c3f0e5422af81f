"""Regenerate what is written from the story format's declaration (``game/story/format``).

Run it after changing the format (it is a script, not a test module)::

    .venv/bin/python tests/make_format_docs.py            # rewrite both files
    .venv/bin/python tests/make_format_docs.py --check    # exit 1 if either is out of date

It writes ``story/story.schema.json`` (what ``exception schema`` prints) and
the marked tables of keys in ``story/README.md`` (what ``exception schema
--markdown`` prints); ``tests/test_format_docs.py`` fails while either is out
of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.story.format.guide import with_tables  # noqa: E402
from game.story.format.schema import schema_text  # noqa: E402

SCHEMA_FILE = ROOT / "story" / "story.schema.json"
GUIDE_FILE = ROOT / "story" / "README.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say which files are out of date")
    args = parser.parse_args()
    stale = []
    for path, wanted in (
        (SCHEMA_FILE, schema_text()),
        (GUIDE_FILE, with_tables(GUIDE_FILE.read_text(encoding="utf-8"))),
    ):
        if path.read_text(encoding="utf-8") == wanted:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(wanted, encoding="utf-8")
    for path in stale:
        print(f"{path.relative_to(ROOT)}: {'out of date' if args.check else 'rewritten'}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
