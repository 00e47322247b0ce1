"""Ingest: read plain text, HTML, RSS/Atom, JSON Lines and digest pages into stories.

    from frontwire.ingest import iter_stories, read_path
    for item in iter_stories(["../shared/seeds", "feed.xml"]):
        ...  # a Story, or an InputError naming the input and the reason
"""

from .normalize import make_story
from .sources import iter_stories, read_path

__all__ = ["iter_stories", "read_path", "make_story"]
