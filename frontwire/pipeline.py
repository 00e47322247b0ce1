"""Named components over one :class:`~frontwire.doc.Story`, in order — spaCy's shape.

A component is a class registered with :func:`component`, declaring what it
``assigns`` (story layers or ``profile.*`` keys) and what it ``requires``.  It
loads its language data (tables, lexicons, model files) in ``initialize()``,
never at import time, and knows nothing of the other components: it reads the
story's layers and adds its own.

    @component("places", assigns=["places"], requires=["sentences", "entities"])
    class Geoparser:
        def initialize(self): self.gazetteer = load(...)
        def __call__(self, story): story.places = [...]; return story

A component may also define ``pipe(stories)`` to work in batches (the spaCy
backbone does); otherwise the pipeline calls it story by story.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .doc import Story

log = logging.getLogger(__name__)

#: The components ``frontwire analyze`` runs, in order.
DEFAULT_PIPELINE: tuple[str, ...] = ("nlp", "places", "quotes", "events", "techniques", "profile")


@dataclass(frozen=True)
class ComponentMeta:
    name: str
    factory: Callable[..., object]
    assigns: tuple[str, ...]
    requires: tuple[str, ...]
    module: str


_REGISTRY: dict[str, ComponentMeta] = {}


def component(name: str, *, assigns: Iterable[str] = (), requires: Iterable[str] = ()):
    """Register a component class (or factory) under ``name``."""

    def deco(factory):
        _REGISTRY[name] = ComponentMeta(name, factory, tuple(assigns), tuple(requires), factory.__module__)
        factory.component_name = name
        return factory

    return deco


def registered() -> dict[str, ComponentMeta]:
    """All registered components (after loading the built-in and installed plugins)."""
    from .plugins import load_plugins

    load_plugins()
    return dict(_REGISTRY)


class Pipeline:
    """An ordered list of named components."""

    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE, config: dict | None = None):
        registry = registered()
        self.names = list(names)
        config = config or {}
        missing = [n for n in self.names if n not in registry]
        if missing:
            raise ValueError(f"unknown pipeline component(s): {', '.join(missing)}; known: {', '.join(sorted(registry))}")
        self.metas = [registry[n] for n in self.names]
        assigned: set[str] = set()
        for meta in self.metas:
            for req in meta.requires:
                if req not in assigned:
                    raise ValueError(f"component {meta.name!r} requires {req!r}, which no earlier component assigns")
            assigned.update(meta.assigns)
        self.components = [meta.factory(**config.get(meta.name, {})) for meta in self.metas]
        self._initialized = False

    def initialize(self) -> "Pipeline":
        if not self._initialized:
            for comp in self.components:
                init = getattr(comp, "initialize", None)
                if init:
                    init()
            self._initialized = True
        return self

    def __call__(self, story: Story) -> Story:
        self.initialize()
        for comp in self.components:
            story = comp(story)
        return story

    def pipe(self, stories: Iterable[Story], batch_size: int = 16) -> Iterator[Story]:
        """Run the pipeline over a stream of stories, batching where components can."""
        self.initialize()
        stream: Iterable[Story] = stories
        for comp in self.components:
            stream = _apply(comp, stream, batch_size)
        yield from stream

    def analyses(self) -> list[tuple[str, tuple[str, ...]]]:
        """(name, assigns) for each component, as ``frontwire info`` shows it."""
        return [(m.name, m.assigns) for m in self.metas]


def _apply(comp, stream: Iterable[Story], batch_size: int) -> Iterator[Story]:
    if hasattr(comp, "pipe"):
        yield from comp.pipe(stream, batch_size=batch_size)
    else:
        for story in stream:
            yield comp(story)
