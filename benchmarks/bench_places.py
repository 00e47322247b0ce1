#!/usr/bin/env python
"""Speed of the places stage: gazetteer load time and geoparsing ms per 1,000 characters.

    python benchmarks/bench_places.py [--files N] [--spacy]

Geoparsing time excludes spaCy: by default the geoparser runs on plain text (no entities, no
parse); with --spacy the texts are parsed first (not timed) and the geoparser uses the parse.
The workload is the shared news corpus (../shared/corpus/news), or the seeds if it is absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--spacy", action="store_true")
    args = ap.parse_args(argv)

    # gazetteer load, in a fresh interpreter (cold: nothing cached in the process)
    code = ("import time; t=time.perf_counter(); from frontwire.places.gazetteer import Gazetteer; "
            "Gazetteer.load(); print(time.perf_counter()-t)")
    loads = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(3)]
    print(f"gazetteer load: best {min(loads):.3f} s, worst {max(loads):.3f} s (fresh process, 3 runs)")

    from frontwire.places.geoparser import GeoparserCore

    core = GeoparserCore()
    files = sorted((SHARED / "corpus" / "news").glob("*.txt"))[: args.files] or sorted((SHARED / "seeds").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    parsed = [(t, None, None) for t in texts]
    if args.spacy:
        from frontwire.nlp.backbone import load_spacy

        nlp = load_spacy()
        parsed = []
        for t in texts:
            d = nlp(t)
            parsed.append((t, [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in d.ents], d))
    core.parse(*parsed[0])  # warm-up
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    n = 0
    for t, ents, doc in parsed:
        n += len(core.parse(t, ents, doc))
    dt = time.perf_counter() - t0
    print(f"geoparsing: {len(texts)} texts, {chars:,} characters, {n} places in {dt:.2f} s = "
          f"{1000 * dt / chars * 1000:.2f} ms per 1,000 characters ({'with' if args.spacy else 'without'} spaCy parse)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
