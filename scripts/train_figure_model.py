"""Train the learned figure finder (``frontwire/claims/data/figure_model.npz``) on the hand-annotated gold sets.

    pip install -e '.[train]'
    python scripts/train_figure_model.py fit [--work /tmp/event_model]
    python scripts/train_figure_model.py cv  [--work /tmp/event_model]

Both read every story of ``tests/data/events_gold_corpus/*/`` through the same cache as the event typer
(``scripts/train_event_model.py``: the pipeline's sentences, cached per story in ``--work``; about 10 min on 2 cores
the first time, seconds after), take every figure candidate of every sentence
(:func:`frontwire.claims.figure_model.candidates`) and label it from the story's gold figures
(:func:`~frontwire.claims.figure_model.gold_labels`).

``fit`` fits :class:`~frontwire.claims.figure_model.FigureModel` on all of them and writes it. ``cv`` leaves one gold
set out at a time and prints, pooled over the held-out sets, the candidates kept, their precision and the share of
gold figures found (quantity and unit; the claimant is scored by ``frontwire evaluate events``) per threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_event_model import GOLD, gold_stories  # noqa: E402  (the shared per-story cache)
from frontwire.claims.events import _regex_sentences, _split_footnotes  # noqa: E402
from frontwire.claims.figure_model import MODEL_PATH, FigureModel, candidates, features, gold_labels  # noqa: E402


def rows(work: Path) -> list[dict]:
    """One row per candidate: its set, story key, features, label and the gold figures it matches."""
    figs = {}
    for gp in GOLD.glob("*/*.json"):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        for gs in gold["stories"]:
            figs[(gp.parent.name, gold["file"], gs["index"])] = gs.get("figures", [])
    out = []
    for it in gold_stories(work):
        key = (it["set"], it["file"], it["story"])
        gold = figs.get(key, [])
        text = it["text"]
        starts = [r["place"]["start"] for r in it["rows"]]  # the places the typer reads (settlements, regions)
        for s in _split_footnotes(text, it["sentences"] or _regex_sentences(text)):
            cands = candidates(text, s["start"], s["end"])
            n_places = sum(1 for a in starts if s["start"] <= a < s["end"])
            for c in cands:
                hits = [i for i, g in enumerate(gold) if gold_labels([c], [g])[0]]  # the gold figures it counts for
                out.append({"set": it["set"], "key": key, "x": features(text, s["start"], s["end"], c, n_places), "y": int(bool(hits)),
                            "gold": hits})
    return out


def n_gold() -> int:
    return sum(len(gs.get("figures", [])) for gp in GOLD.glob("*/*.json")
               for gs in json.loads(gp.read_text(encoding="utf-8"))["stories"])


def fit(args) -> None:
    rs = rows(args.work)
    model = FigureModel(C=args.C, threshold=args.threshold).fit([r["x"] for r in rs], [r["y"] for r in rs])
    model.save(args.out)
    print(f"{len(rs)} candidates, {sum(r['y'] for r in rs)} positive; {len(model.index)} weights; "
          f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


def cv(args) -> None:
    rs = rows(args.work)
    sets = sorted({r["set"] for r in rs})
    p = np.zeros(len(rs))
    for s in sets:
        tr = [r for r in rs if r["set"] != s]
        te = [i for i, r in enumerate(rs) if r["set"] == s]
        m = FigureModel(C=args.C).fit([r["x"] for r in tr], [r["y"] for r in tr])
        p[te] = m.predict_proba([rs[i]["x"] for i in te])
    total = n_gold()
    covered = len({(r["key"], g) for r in rs for g in r["gold"]})
    print(f"{len(rs)} candidates over {len(sets)} sets; {total} gold figures, {covered} of them among the candidates")
    for t in args.thresholds:
        keep = p >= t
        tp = sum(1 for r, k in zip(rs, keep) if k and r["y"])
        found = len({(r["key"], g) for r, k in zip(rs, keep) if k for g in r["gold"]})
        print(f"threshold {t}: {int(keep.sum())} kept, precision {tp / max(int(keep.sum()), 1):.3f}, "
              f"gold figures found {found} ({found / total:.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["fit", "cv"])
    ap.add_argument("--work", type=Path, default=Path("/tmp/event_model"), help="the per-story cache (shared with the event typer)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--threshold", type=float, default=0.3, help="probability from which a candidate is a figure")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5])
    args = ap.parse_args()
    {"fit": fit, "cv": cv}[args.command](args)


if __name__ == "__main__":
    main()
