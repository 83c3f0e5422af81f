"""Parse each story file once per content: a memo of ``read_yaml`` for loading a story again and again.

An editor checks the story after every pause in typing; only the file being typed in
has new text, so only it is parsed again. The memo is an object its owner keeps (no
module state); it forgets the texts the last load did not use, so it never grows past
one story's worth of files.
"""

from __future__ import annotations

import hashlib

from game.story.yamlread import YamlProblem, YNode, read_yaml

ParseResult = tuple[YNode | None, list[YamlProblem]]


class YamlMemo:
    """A callable like ``read_yaml`` that remembers its results by the text's hash.

    The loader never changes the nodes it is given, so a result can be shared by loads.
    """

    def __init__(self) -> None:
        self._results: dict[bytes, ParseResult] = {}
        self._used: set[bytes] = set()
        #: How many texts were parsed (not found in the memo): for tests and benchmarks.
        self.parsed = 0

    def __call__(self, text: str) -> ParseResult:
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        self._used.add(key)
        found = self._results.get(key)
        if found is None:
            root, problems = read_yaml(text)
            found = (root, list(problems))
            self._results[key] = found
            self.parsed += 1
        # A caller gets its own list of problems; the nodes are shared and read only.
        return found[0], list(found[1])

    def forget_unused(self) -> None:
        """Drop the results the loads since the last call did not ask for."""
        self._results = {key: value for key, value in self._results.items() if key in self._used}
        self._used = set()
