"""The game's widgets: each draws one part of a view and posts messages; screens decide."""
