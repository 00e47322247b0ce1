"""Train the learned event typer (``frontwire/claims/data/event_model.npz``) on the hand-annotated gold sets.

    pip install -e '.[train]'
    OMP_NUM_THREADS=1 nice python scripts/train_event_model.py fit [--work /tmp/event_model]
    OMP_NUM_THREADS=1 nice python scripts/train_event_model.py cv --blind /tmp/transfer --sets heldout30 ... heldout44

``fit`` runs the pipeline (nlp, places, quotes: the parse, the geoparser and the shared MiniLM pass) over every
story of ``tests/data/events_gold_corpus/*/``, turns each placed mention into a feature row
(:func:`frontwire.claims.event_model.encode_mentions`) labelled from the gold (:func:`~frontwire.claims.event_model.gold_labels`),
fits :class:`~frontwire.claims.event_model.EventModel` and writes it. The rows are cached per story in ``--work``
(about 10 min on 2 cores the first time, seconds after).

``cv`` measures what the model adds to the rules on text neither has seen: for each held-out set S it trains on
every other gold set (and never on a set given with ``--exclude``), and adds the model's events to the **blind**
output of the rules on S: the pipeline as it was at the commit before S's gold landed, as dumped by
``python scripts/events_transfer.py dump --out DIR`` (``DIR/blind_S.jsonl``, which also gives the places that
blind geoparser found). Scored with the evaluator's own matching; prints per set and mean F1 for a few thresholds.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from events_transfer import _prf  # noqa: E402  (the evaluator's matching, per set)
from frontwire.claims.evaluate import _find_text, _place_match  # noqa: E402
from frontwire.claims.event_model import MODEL_PATH, TYPES, EventModel, encode_mentions, gold_labels  # noqa: E402

GOLD = ROOT / "tests" / "data" / "events_gold_corpus"


def place_match(g: dict, place: dict) -> bool:
    """The evaluator's place match for a mention's place record."""
    pr = place.get("precision")
    return _place_match(g, {"place": place, "geo_precision": pr if pr in (1, 2, 3) else 1})


_PIPE = None


def _pipeline():
    global _PIPE
    if _PIPE is None:
        from frontwire.pipeline import Pipeline

        _PIPE = Pipeline(["nlp", "places", "quotes"]).initialize()
    return _PIPE


def gold_stories(work: Path):
    """(set, file, story index, gold events, rows) for every gold story, cached in ``work``."""
    from frontwire.ingest import read_path

    work.mkdir(parents=True, exist_ok=True)
    for gp in sorted(GOLD.glob("*/*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        for gs in gold["stories"]:
            cache = work / f"{gp.parent.name}__{gp.stem}__{gs['index']}.pkl"
            if cache.exists():
                yield pickle.loads(cache.read_bytes())
                continue
            path = _find_text(gold, gp, None)
            if path is None:
                print(f"{gp}: text {gold['file']} not found, skipped", file=sys.stderr)
                continue
            stories = read_path(str(path))
            if gs["index"] > len(stories):
                continue
            st = stories[gs["index"] - 1]
            st.published = st.published or gs.get("published") or gold.get("published")
            st = _pipeline()(st)
            item = {"set": gp.parent.name, "file": gold["file"], "story": gs["index"], "gold": gs["events"],
                    "text": st.text, "sentences": st.sentences, "rows": encode_mentions(st.text, st.sentences, st.places)}
            cache.write_bytes(pickle.dumps(item))
            print(f"  {cache.name}: {len(item['rows'])} mentions, {len(gs['events'])} gold events", file=sys.stderr)
            yield item


def training_matrix(items) -> tuple[np.ndarray, np.ndarray]:
    X, Y = [], []
    for it in items:
        keep, y = gold_labels(it["rows"], it["gold"], place_match)
        X += [it["rows"][i]["x"] for i in keep]
        Y.append(y)
    return np.stack(X), np.concatenate(Y)


def fit(args) -> None:
    items = [it for it in gold_stories(args.work) if it["set"] not in args.exclude]
    X, Y = training_matrix(items)
    print(f"{len(items)} stories, {len(X)} mentions, positives per type: "
          + ", ".join(f"{t} {int(Y[:, j].sum())}" for j, t in enumerate(TYPES)))
    model = EventModel(hidden=args.hidden, alpha=args.alpha, threshold=args.threshold, members=args.members).fit(X, Y)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


def _blind_story(st: dict):
    """The blind dump's story re-read by today's parse and quotes, with the blind geoparser's places."""
    from frontwire.doc import Story

    story = Story(text=st["text"], published=st.get("published"))
    pipe = _pipeline()
    for name, comp in zip(pipe.names, pipe.components):
        if name != "places":
            story = comp(story)
    story.places = st["places"]
    return story


def cv(args) -> None:
    from frontwire.claims.events import EventExtractor, _paragraphs, _regex_sentences, _split_footnotes

    items = list(gold_stories(args.work))
    thrs = [0.4, 0.5, 0.6, 0.7]
    res = {}
    ex = EventExtractor(use_model=False)
    ex.initialize()
    for s in args.sets:
        blind = args.blind / f"blind_{s}.jsonl"
        if not blind.exists():
            print(f"{s}: no {blind} (run scripts/events_transfer.py dump)", file=sys.stderr)
            continue
        train = [it for it in items if it["set"] != s and it["set"] not in args.exclude]
        X, Y = training_matrix(train)
        model = EventModel(hidden=args.hidden, alpha=args.alpha, members=args.members).fit(X, Y)
        stories = [json.loads(line) for line in blind.open(encoding="utf-8")]
        for st in stories:  # the rules' own events (a blind run from after the typer landed has the typer's too)
            st["events"] = [ev for ev in st["events"] if ev.get("method") != "model"]
        added = {t: {} for t in thrs}  # threshold -> (set, file, story) -> the model's events
        ex.model = model
        for st in stories:
            story = _blind_story(st)
            sents = _split_footnotes(story.text, story.sentences or _regex_sentences(story.text))
            pub = story.published_datetime()
            for t in thrs:
                model.threshold = t
                added[t][(st["set"], st["file"], st["story"])] = ex._model_events(
                    story, sents, _paragraphs(story.text), pub.date() if pub else None, st["events"])
        res[s] = {"rules": _prf(stories)[s][2], **{t: _prf(stories, extra=added[t])[s][2] for t in thrs}}
        print(f"{s:10s} " + "  ".join(f"{k}: {v:.3f}" for k, v in res[s].items()), flush=True)
    if res:
        print(f"mean over {len(res)} sets  " + "  ".join(f"{k}: {statistics.mean(r[k] for r in res.values()):.3f}" for k in ["rules", *thrs]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["fit", "cv"])
    ap.add_argument("--work", type=Path, default=Path("/tmp/event_model"), help="cache of the feature rows per story")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--blind", type=Path, default=Path("/tmp/frontwire_transfer"), help="events_transfer.py dump folder")
    ap.add_argument("--sets", nargs="*", default=[f"heldout{i}" for i in range(30, 45)])
    ap.add_argument("--exclude", nargs="*", default=[], help="gold sets never trained on")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--alpha", type=float, default=10.0)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--members", type=int, default=5, help="networks from different seeds, their probabilities averaged")
    args = ap.parse_args()
    fit(args) if args.what == "fit" else cv(args)


if __name__ == "__main__":
    main()
