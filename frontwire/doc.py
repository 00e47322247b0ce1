"""The one document model of frontwire: a :class:`Story` and its stand-off annotations.

A story is its ``text`` plus metadata, and lists of annotations that pipeline
components fill in.  Every annotation is a plain dict carrying ``start`` and
``end`` character offsets into ``text`` (and ``text == story.text[start:end]``);
nested spans (a quote's ``source``/``cue``/``content``, an event's ``place``)
follow the same rule.  ``Story.to_dict()`` is exactly one line of the JSONL
output and what :func:`frontwire.analyze` returns; its shape is published as
``frontwire/schema/story.schema.json``.

The headline, when known, is the first line of ``text`` as well as ``title``,
so that annotations on the headline (a loaded headline is framing too) have
offsets like everything else.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

SCHEMA_VERSION = "1.0"

#: Annotation layers, in output order.  Each is a list of dicts with offsets.
LAYERS = ("sentences", "entities", "places", "quotes", "events", "figures", "techniques")

_WS = re.compile(r"\s+")


def content_id(text: str) -> str:
    """Stable id of a story: a hash of its whitespace-normalised text."""
    norm = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Story:
    """One story: text, metadata and the annotation layers."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as known
    language: str = "en"
    source: str | None = None  # the input it came from (path, URL, path#entry)
    sentences: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    techniques: list[dict] = field(default_factory=list)
    profile: dict = field(default_factory=dict)
    #: Run-time attachments that are never serialised (e.g. the spaCy ``Doc``
    #: under ``"spacy"``).  Components may share intermediate results here.
    user_data: dict = field(default_factory=dict, repr=False, compare=False)

    # -- identity and helpers -------------------------------------------------
    @property
    def id(self) -> str:
        return content_id(self.text)

    @property
    def spacy_doc(self):
        """The spaCy ``Doc`` set by the ``nlp`` component (None before it ran)."""
        return self.user_data.get("spacy")

    def span(self, start: int, end: int, **extra: Any) -> dict:
        """A span dict over this story's text: ``{"start", "end", "text", **extra}``."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        return {"start": start, "end": end, "text": self.text[start:end], **extra}

    def published_datetime(self) -> _dt.datetime | None:
        """The publication time as a datetime (None if unknown or unparseable)."""
        if not self.published:
            return None
        try:
            return _dt.datetime.fromisoformat(self.published.replace("Z", "+00:00"))
        except ValueError:
            return None

    def sentence_at(self, offset: int) -> dict | None:
        """The sentence containing ``offset`` (None if sentences are not set)."""
        for s in self.sentences:
            if s["start"] <= offset < s["end"]:
                return s
        return None

    # -- serialisation --------------------------------------------------------
    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "language": self.language,
            "source": self.source,
        }
        for layer in LAYERS:
            out[layer] = getattr(self, layer)
        out["profile"] = self.profile
        out["schema_version"] = SCHEMA_VERSION
        return out

    @classmethod
    def from_dict(cls, d: dict) -> "Story":
        kwargs = {k: d[k] for k in ("text", "title", "outlet", "url", "published", "language", "source") if k in d}
        story = cls(**kwargs)
        for layer in LAYERS:
            setattr(story, layer, list(d.get(layer) or []))
        story.profile = dict(d.get("profile") or {})
        return story


def iter_spans(record: dict) -> Iterator[tuple[str, dict]]:
    """Yield ``(kind, span)`` for every span in a serialised story, nested ones included.

    ``kind`` is a dotted path such as ``"quotes.source"`` or ``"events.place"``.
    Used by tests and by ``frontwire validate`` to check ``text[start:end]``.
    """

    def walk(kind: str, obj: Any) -> Iterator[tuple[str, dict]]:
        if isinstance(obj, dict):
            if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and "text" in obj:
                yield kind, obj
            for k, v in obj.items():
                if isinstance(v, (dict, list)):
                    yield from walk(f"{kind}.{k}", v)
        elif isinstance(obj, list):
            for item in obj:
                yield from walk(kind, item)

    for layer in LAYERS:
        yield from walk(layer, record.get(layer) or [])


def check_offsets(record: dict) -> list[str]:
    """Return a list of problems (empty when every span's text matches ``text[start:end]``)."""
    text = record["text"]
    problems = []
    for kind, span in iter_spans(record):
        s, e = span["start"], span["end"]
        if not (0 <= s <= e <= len(text)):
            problems.append(f"{kind}: {s}:{e} out of range")
        elif text[s:e] != span["text"]:
            problems.append(f"{kind}: {s}:{e} is {text[s:e]!r}, span says {span['text']!r}")
    return problems
