"""The story studio: an author's front end beside the game (edit, check, play and map a story).

Like the game's UI it uses only the public engine API; the engine knows nothing of it.
"""
