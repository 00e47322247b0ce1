"""Geoparsing API: resolve toponym spans in context, offline.

    >>> from frontwire import geo
    >>> text = "Russian troops captured Zarechnoye in the Zaporozhye Region."
    >>> geo.resolve(text, [(24, 34)])[0]["admin1"]
    'UA-23'

``resolve(text, spans)`` returns one place record (or None) per ``(start, end)`` span,
with ``start``, ``end``, ``text``, ``geonameid``, ``name``, ``country``, ``admin1``, ``lat``,
``lon``, ``precision`` and ``feature``.  The other toponyms of the text serve as context.
``parse(text)`` recognises and resolves every literal toponym (no spaCy needed; pass
``entities`` / ``doc`` from the nlp component for better recognition).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["resolve", "parse"]


@lru_cache(maxsize=1)
def _core():
    from .places.geoparser import GeoparserCore

    return GeoparserCore()


def resolve(text: str, spans, entities=None, doc=None) -> list[dict | None]:
    """One place record (or None) per toponym span ``(start, end)`` of ``text``."""
    spans = [(int(s), int(e)) for s, e in spans]
    recs = _core().resolve_spans(text, spans, entities, doc)
    out = []
    for (s, e), rec in zip(spans, recs):
        out.append(None if rec is None else {"start": s, "end": e, "text": text[s:e], **rec})
    return out


def parse(text: str, entities=None, doc=None, keep_metonyms: bool = False) -> list[dict]:
    """Every toponym recognised in ``text``, resolved (metonyms left out unless asked for)."""
    out = []
    for m, rec in _core().parse(text, entities, doc, keep_metonyms=keep_metonyms):
        out.append({"start": m.start, "end": m.end, "text": text[m.start:m.end], **rec,
                    **({"role": m.role} if keep_metonyms else {})})
    return out
