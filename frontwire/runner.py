"""The main job, independent of the CLI: inputs -> stories -> pipeline -> store (+ JSONL).

Stories already in the store (same content hash) are not analysed again; their
stored record is written to the JSONL output so that ``--out`` always holds
every story of the run.  Each batch is committed in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable, TextIO

from .doc import Story
from .errors import InputError
from .ingest import iter_stories
from .pipeline import Pipeline


@dataclass
class Summary:
    read: int = 0  # stories read from the inputs
    written: int = 0  # newly analysed and stored
    already_stored: int = 0
    failed: list[str] = field(default_factory=list)  # one line each: "input: reason"

    def line(self) -> str:
        parts = [f"{self.read} stories read", f"{self.written} written"]
        if self.already_stored:
            parts.append(f"{self.already_stored} already stored")
        parts.append(f"{len(self.failed)} skipped")
        return "frontwire: " + ", ".join(parts)


def run(inputs: Iterable[str], store, *, pipeline: Pipeline, out: TextIO | None = None, batch_size: int = 8,
        on_error: Callable[[str], None] = print, on_story: Callable[[int], None] | None = None,
        **meta) -> Summary:
    summary = Summary()
    batch: list[Story] = []

    def flush() -> None:
        if not batch:
            return
        records = []
        for story in _analyse(pipeline, batch, summary, on_error):
            records.append(story.to_dict())
        added, skipped = store.add_many(records)
        summary.written += added
        summary.already_stored += skipped
        if out is not None:
            for rec in records:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
        if on_story:
            on_story(len(batch))
        batch.clear()

    seen: set[str] = set()
    for item in iter_stories(inputs, **meta):
        if isinstance(item, InputError):
            summary.failed.append(str(item))
            on_error(str(item))
            continue
        summary.read += 1
        sid = item.id
        if sid in seen:
            summary.already_stored += 1
            if on_story:
                on_story(1)
            continue
        seen.add(sid)
        if store.has(sid):
            summary.already_stored += 1
            if out is not None:
                out.write(json.dumps(store.get(sid), ensure_ascii=False) + "\n")
            if on_story:
                on_story(1)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    return summary


def _analyse(pipeline: Pipeline, batch: list[Story], summary: Summary, on_error) -> list[Story]:
    """Analyse a batch; if it fails, analyse story by story so one bad story fails alone."""
    try:
        return list(pipeline.pipe(list(batch), batch_size=len(batch)))
    except Exception:
        done = []
        for story in batch:
            try:
                done.append(pipeline(story))
            except Exception as exc:
                msg = f"{story.source}: analysis failed ({exc.__class__.__name__}: {exc})"
                summary.failed.append(msg)
                on_error(msg)
        return done
