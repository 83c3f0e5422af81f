"""CSS class names made from story text (an ending's tone, for instance).

Textual accepts only ASCII identifiers as class names (``[A-Za-z_-][A-Za-z0-9_-]*``) and
raises on anything else, while a story may name a tone in any language (``amère``,
``悲しい``). Pure functions, no Textual import, so the rule is tested on its own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOT_NAME = re.compile(r"[^a-z0-9]+")
#: Longest slug kept from the text (a class name is a hook for the stylesheet, not prose).
MAX_SLUG = 40


def css_class_name(prefix: str, text: str) -> str:
    """A valid CSS class ``<prefix>-<slug>`` for any text, the same text always giving the same name.

    Letters are lowercased and lose their accents (``Amère`` gives ``tone-amere``, which a
    stylesheet can select); runs of anything else become one ``-``. Text with nothing left
    to spell (``悲しい``, ``!!``) is named by a short hash of itself instead.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_NAME.sub("-", ascii_text).strip("-")[:MAX_SLUG].strip("-")
    if slug:
        return f"{prefix}-{slug}"
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
