"""Building a checked Story from parsed story files, one module per section of the format.

``context`` holds what a load collects (files, errors, warnings, pending
sections) and the helpers that check one value and report a problem at its
place; ``story`` runs the two passes (``add_file`` per file, then
``finish``) and hands each section to its module: ``manifest``,
``variables``, ``scenes`` (scenes, endings, choices), ``effects`` and
``branches`` (``extend:``). What keys a section takes, and of what kind, is
declared in ``game.story.format``.
"""
