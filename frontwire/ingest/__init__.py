"""Ingest: read plain text, HTML, RSS/Atom, JSON Lines and digest pages into stories."""
