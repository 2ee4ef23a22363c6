"""Bundled scenarios and games, readable by name (see ``stability.io.bundled``)."""
