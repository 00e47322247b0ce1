"""The main job, independent of the CLI: inputs -> stories -> pipeline -> store (+ JSONL).

Stories already in the store (same content hash) are not analysed again; their
stored record is written to the JSONL output so that ``--out`` always holds
every distinct story of the run (a story repeated within the run is written once).  Each batch is committed in one transaction.
"""

from __future__ import annotations

import json
import os
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


def run(inputs: Iterable[str], store, *, pipeline: Pipeline | None = None, out: TextIO | None = None, batch_size: int = 8,
        jobs: int = 1, on_error: Callable[[str], None] = print, on_story: Callable[[int], None] | None = None,
        **meta) -> Summary:
    """Analyse every story of ``inputs`` into ``store``; ``jobs`` > 1 analyses in that many processes."""
    summary = Summary()
    batch: list[Story] = []
    pool = _Workers(jobs) if jobs > 1 else None
    pipeline = pipeline if pipeline is not None or pool else Pipeline().initialize()
    pending: list = []  # (async result) of batches in flight, oldest first

    def store_batch(records: list[dict], failures: list[str], n: int) -> None:
        for msg in failures:
            summary.failed.append(msg)
            on_error(msg)
        added, skipped = store.add_many(records)
        summary.written += added
        summary.already_stored += skipped
        if out is not None:
            for rec in records:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
        if on_story:
            on_story(n)

    def flush() -> None:
        if not batch:
            return
        if pool is None:
            failures: list[str] = []
            records = [story.to_dict() for story in _analyse(pipeline, batch, failures)]
            store_batch(records, failures, len(batch))
        else:
            pending.append((pool.submit(list(batch)), len(batch)))
            while len(pending) > pool.jobs * 2 or (pending and pending[0][0].ready()):
                result, n = pending.pop(0)
                store_batch(*result.get(), n)
        batch.clear()

    try:
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
        if pool is not None:
            for result, n in pending:
                store_batch(*result.get(), n)
            pool.close()
            pool = None
    finally:
        if pool is not None:  # an error left work in flight: stop the workers
            pool.terminate()
    return summary


def _analyse(pipeline: Pipeline, batch: list[Story], failures: list[str]) -> list[Story]:
    """Analyse a batch; if it fails, analyse story by story so one bad story fails alone."""
    try:
        return list(pipeline.pipe(list(batch), batch_size=len(batch)))
    except Exception:
        done = []
        for story in batch:
            try:
                done.append(pipeline(story))
            except Exception as exc:
                failures.append(f"{story.source}: analysis failed ({exc.__class__.__name__}: {exc})")
        return done


# -- worker processes ---------------------------------------------------------------
class PipelineStartError(RuntimeError):
    """The analysis pipeline could not start in a worker process (raised in the parent)."""


_worker_pipeline: Pipeline | None = None
_worker_error: str | None = None


def _worker_init() -> None:
    # An exception here would make multiprocessing respawn the worker forever:
    # keep it, and report it with the first batch instead.
    global _worker_pipeline, _worker_error
    try:
        _worker_pipeline = Pipeline().initialize()
    except Exception as exc:
        _worker_error = f"{exc.__class__.__name__}: {exc}"


def _worker_run(batch: list[Story]) -> tuple[list[dict], list[str]]:
    if _worker_error is not None:
        raise PipelineStartError(f"cannot start the analysis pipeline in a worker process ({_worker_error})")
    failures: list[str] = []
    records = [s.to_dict() for s in _analyse(_worker_pipeline, batch, failures)]
    return records, failures


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class _Workers:
    """A process pool, each process holding its own initialised pipeline."""

    def __init__(self, jobs: int):
        import multiprocessing as mp

        self.jobs = jobs
        # each worker computes on one core: multithreaded BLAS in several processes fights over
        # the cores (the BiLSTM heads' many small products are 1.6x slower for it, measured)
        saved = {k: os.environ.get(k) for k in _THREAD_VARS}
        for k in _THREAD_VARS:
            os.environ.setdefault(k, "1")
        try:
            self.pool = mp.get_context("spawn").Pool(jobs, initializer=_worker_init)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def submit(self, batch: list[Story]):
        return self.pool.apply_async(_worker_run, (batch,))

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def terminate(self) -> None:
        self.pool.terminate()
        self.pool.join()
