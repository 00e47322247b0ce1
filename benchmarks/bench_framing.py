#!/usr/bin/env python
"""Speed of the framing stage: technique spans (SI + TC + lexicon) and the profile per 1,000 words.

    OMP_NUM_THREADS=1 python benchmarks/bench_framing.py [--n 20] [--no-finetuned] [--data-dir DIR]

Takes real articles from ../shared/corpus/news, cut to 1,000 words, and prints the
median and p90 time per article on one thread, and the sizes of the shipped models.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from frontwire.doc import Story  # noqa: E402
from frontwire.framing.lexicon import DATA  # noqa: E402
from frontwire.framing.profile import StyleProfile  # noqa: E402
from frontwire.framing.techniques import TechniqueTagger  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--no-finetuned", action="store_true", help="without mixing in the fine-tuned SI branch")
    ap.add_argument("--data-dir", default=None, help="model files from another directory (default: the shipped ones)")
    args = ap.parse_args()
    news = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
    texts = []
    for p in sorted(news.glob("*"))[:200]:
        words = p.read_text(encoding="utf-8", errors="replace").split()
        if len(words) >= 1000:
            texts.append(" ".join(words[:1000]))
        if len(texts) >= args.n:
            break
    if not texts:
        sys.exit(f"no 1,000-word articles under {news}")
    t0 = time.perf_counter()
    tagger, prof = TechniqueTagger(finetuned=not args.no_finetuned, data_dir=args.data_dir), StyleProfile()
    tagger.initialize()
    prof.initialize()
    print(f"load: {time.perf_counter() - t0:.2f} s")
    tagger(Story(text=texts[0]))  # warm-up
    times, cpu, spans = [], [], 0
    for t in texts:
        t0, c0 = time.perf_counter(), time.process_time()
        s = prof(tagger(Story(text=t)))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        spans += len(s.techniques)
    times.sort()
    cpu.sort()
    print(f"techniques + profile, {len(texts)} articles of 1,000 words, 1 thread: median {statistics.median(times):.3f} s, "
          f"p90 {times[int(0.9 * (len(times) - 1))]:.3f} s, max {times[-1]:.3f} s; CPU time median {statistics.median(cpu):.3f} s; "
          f"{spans / len(texts):.1f} spans per article; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for f in sorted(Path(args.data_dir or DATA).glob("*")):
        if f.suffix in (".npz", ".onnx"):
            print(f"model file {f.name}: {f.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
