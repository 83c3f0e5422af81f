"""Playing in a browser: ``exception serve`` runs one game process per browser tab with textual-serve.

``visitors`` (who gets which folders, which requests are let in) is plain Python; ``server``
needs the ``web`` extra (textual-serve and aiohttp); ``child`` is the game process itself.
"""
