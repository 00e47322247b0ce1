"""frontwire: who claims what happened, where and when, how it is told — from war coverage.

    >>> import frontwire
    >>> record = frontwire.analyze("Russian forces shelled Kharkiv on Monday, officials said.",
    ...                            published="2024-05-06")
    >>> sorted(record)[:3]
    ['entities', 'events', 'figures']
"""

from __future__ import annotations

from functools import lru_cache

from .doc import Story

__version__ = "0.1.0"
__all__ = ["Story", "analyze", "default_pipeline", "__version__"]


@lru_cache(maxsize=1)
def default_pipeline():
    """The default pipeline, built and initialised once per process."""
    from .pipeline import Pipeline

    return Pipeline().initialize()


def analyze(text: str, *, published: str | None = None, outlet: str | None = None, title: str | None = None) -> dict:
    """Analyse one story and return its record (the JSON Schema in ``frontwire/schema``).

    If ``title`` is given and ``text`` does not already start with it, the
    headline is prepended to the text as its first line (offsets refer to the
    combined text).
    """
    from .ingest.normalize import make_story

    story = make_story(text, title=title, outlet=outlet, published=published)
    return default_pipeline()(story).to_dict()
