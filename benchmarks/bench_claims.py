"""Speed of the claims stage (quotes + events) per story, over the shared news corpus.

    nice python benchmarks/bench_claims.py [--files 60]

Prints the time of nlp + places (shared work) and of quotes + events (this stage)
per story, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=60)
    args = ap.parse_args()
    from frontwire.ingest.sources import read_path
    from frontwire.pipeline import Pipeline

    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found: {CORPUS}")
    pre = Pipeline(["nlp", "places"]).initialize()
    claims = Pipeline(["nlp", "places", "quotes", "events"]).initialize()
    q, ev = claims.components[2], claims.components[3]
    stories = []
    for f in sorted(CORPUS.glob("*.txt"))[: args.files]:
        stories.extend(read_path(str(f)))
    t0 = time.perf_counter()
    done = list(pre.pipe(stories))
    t_pre = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_q = n_e = n_f = 0
    for st in done:
        q(st)
        ev(st)
        n_q += len(st.quotes)
        n_e += len(st.events)
        n_f += len(st.figures)
    t_claims = time.perf_counter() - t0
    n = len(done)
    words = sum(len(s.text.split()) for s in done)
    print(f"{n} stories, {words} words")
    print(f"nlp+places: {t_pre / n * 1000:.1f} ms/story")
    print(f"quotes+events: {t_claims / n * 1000:.1f} ms/story ({n_q} quotes, {n_e} events, {n_f} figures)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
