"""Throughput benchmark: analyse a folder (default ../shared/corpus) into a fresh database.

Prints stories/second, characters/second and peak memory (max RSS), overall and
for the read step alone.  Run:

    python benchmarks/bench_corpus.py            # the whole corpus (537 files)
    python benchmarks/bench_corpus.py --limit 60 # a quick look
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N stories")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not Path(args.path).exists():
        print(f"bench_corpus: {args.path} does not exist", file=sys.stderr)
        return 2

    from frontwire.errors import InputError
    from frontwire.ingest import iter_stories
    from frontwire.pipeline import Pipeline
    from frontwire.store import open_store

    t0 = time.perf_counter()
    items = list(iter_stories([args.path]))
    stories = [i for i in items if not isinstance(i, InputError)]
    failed = [str(i) for i in items if isinstance(i, InputError)]
    if args.limit:
        stories = stories[: args.limit]
    t_read = time.perf_counter() - t0
    chars = sum(len(s.text) for s in stories)

    t1 = time.perf_counter()
    pipe = Pipeline().initialize()
    t_load = time.perf_counter() - t1

    per_component: dict[str, float] = {name: 0.0 for name in pipe.names}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        t2 = time.perf_counter()
        for story in stories:
            for name, comp in zip(pipe.names, pipe.components):
                c0 = time.perf_counter()
                story = comp(story)
                per_component[name] += time.perf_counter() - c0
            store.add_many([story.to_dict()])
            story.user_data.clear()  # drop the parse, as the CLI does once a story is stored
        t_analyse = time.perf_counter() - t2
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "stories": len(stories), "characters": chars, "inputs_failed": len(failed),
        "read_seconds": round(t_read, 2), "pipeline_load_seconds": round(t_load, 2),
        "analyse_store_seconds": round(t_analyse, 2),
        "stories_per_second": round(len(stories) / t_analyse, 2) if t_analyse else None,
        "kchars_per_second": round(chars / 1000 / t_analyse, 1) if t_analyse else None,
        "ms_per_1000_chars": {k: round(v * 1000 / (chars / 1000), 3) for k, v in per_component.items()} if chars else {},
        "peak_rss_mb": round(peak_mb, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:24} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
