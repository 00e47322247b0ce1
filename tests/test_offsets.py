"""Offsets are sacred: every span of every kind equals text[start:end], on the seeds and examples."""

from __future__ import annotations

from collections import Counter

from conftest import EXAMPLES

from frontwire.doc import iter_spans
from frontwire.ingest import read_path
from frontwire.schema import validate

#: Span kinds the seeds must produce once every stage is in the pipeline.
EXPECTED_KINDS = {
    "sentences", "entities", "places", "quotes.source", "quotes.cue", "quotes.content",
    "events", "events.place", "figures", "techniques",
}


def _check(records):
    kinds = Counter()
    for rec in records:
        validate(rec)
        text = rec["text"]
        for kind, span in iter_spans(rec):
            kinds[kind] += 1
            assert 0 <= span["start"] <= span["end"] <= len(text), (kind, span)
            assert text[span["start"]:span["end"]] == span["text"], (rec["source"], kind, span)
    return kinds


def test_every_span_kind_on_the_seeds(seed_records):
    kinds = _check(seed_records)
    missing = EXPECTED_KINDS - set(kinds)
    assert not missing, f"no spans of kind {sorted(missing)} in the seeds output; found {dict(kinds)}"


def test_every_span_on_the_examples(pipeline):
    records = [pipeline(s).to_dict() for s in read_path(str(EXAMPLES))]
    assert len(records) == 11
    kinds = _check(records)
    assert kinds["sentences"] > 30 and kinds["entities"] > 30
