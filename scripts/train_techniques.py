#!/usr/bin/env python
"""Rebuild the persuasion-technique models shipped in frontwire/framing/data/.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_techniques.py [--ptc ../shared/data/ptc/train] [--cv 5]

Trains the span identifier (SI) and the technique classifier (TC) of
frontwire.framing.models on the whole PTC training set (SemEval-2020 Task 11,
371 articles) and writes si_model.npz and tc_model.npz (float16 weights, numpy
only at run time).  With --cv K it first prints K-fold cross-validated scores
(folds by article, fixed seed), the numbers quoted in frontwire/framing/MODEL_CARD.md.
Needs the `train` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from frontwire.framing.evaluation import cross_validate, format_report  # noqa: E402
from frontwire.framing.models import SpanIdentifier, TechniqueClassifier  # noqa: E402
from frontwire.framing.ptc import load_ptc_train, ptc_train_dir  # noqa: E402
from frontwire.framing.techniques import SI_MODEL, TC_MODEL  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=ptc_train_dir(), help="PTC train folder (articles/ and the two .labels files)")
    ap.add_argument("--out", type=Path, default=SI_MODEL.parent)
    ap.add_argument("--cv", type=int, default=0, help="run K-fold cross-validation first (0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not (args.ptc / "articles").is_dir():
        sys.exit(f"PTC training data not found at {args.ptc}")
    if args.cv:
        res = cross_validate(args.ptc, k=args.cv, seed=args.seed, log=lambda m: print(m, flush=True))
        print(format_report(res))
        (args.out / "cv_scores.json").write_text(json.dumps(res, indent=1) + "\n")
    arts = load_ptc_train(args.ptc)
    t0 = time.time()
    tc = TechniqueClassifier().fit([a.text for a in arts], [[(s, e) for s, e, _ in a.labelled] for a in arts], [[l for _, _, l in a.labelled] for a in arts])
    tc.save(args.out / TC_MODEL.name)
    print(f"TC trained on {sum(len(a.labelled) for a in arts)} spans in {time.time() - t0:.0f} s -> {args.out / TC_MODEL.name}", flush=True)
    t0 = time.time()
    si = SpanIdentifier().fit([a.text for a in arts], [a.spans for a in arts])
    si.save(args.out / SI_MODEL.name)
    print(f"SI trained on {len(arts)} articles in {time.time() - t0:.0f} s -> {args.out / SI_MODEL.name}", flush=True)


if __name__ == "__main__":
    main()
