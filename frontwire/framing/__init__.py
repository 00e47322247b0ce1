"""Framing: persuasion-technique spans and per-story / per-outlet style profiles."""
