"""How well do the event rules transfer to text they were never tuned on?

Every gold set in ``tests/data/events_gold_corpus/heldoutN`` was annotated blind and
committed by itself; the commit just before it is the system as it was before anyone
could tune on that set. This script scores each set at that commit (its **blind
first score**), keeps the rules' outputs with their gold labels, and runs two
learned-model experiments on them, leave-one-set-out:

* ``critic``: a logistic regression over each rule event (type, trigger, words
  between trigger and place, words around the place, sentence shape) predicting
  whether it is right; events below a threshold are dropped;
* ``adder``: a logistic regression over each placed mention in a sentence where the
  rules found no event, predicting the gold event type (or none); confident ones
  are added.

Usage (from the repository root, with ``../shared`` beside it; ~6 min on 2 cores)::

    python scripts/events_transfer.py dump  --out /tmp/transfer   # git worktrees at each blind commit + HEAD
    python scripts/events_transfer.py score --out /tmp/transfer   # blind first scores
    python scripts/events_transfer.py cv    --out /tmp/transfer   # critic / adder, leave-one-set-out

``dump`` needs git and a clone with history; the worktrees go under ``OUT/trees``.
scikit-learn comes with the ``train`` extra.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "events_gold_corpus"
SHARED = ROOT.parent / "shared"
FIRST_BLIND = 3  # heldout3 onwards were each committed by themselves

_DUMP = r'''
import json, sys
from pathlib import Path
from frontwire.pipeline import Pipeline
from frontwire.ingest import read_path
shared, out = Path(sys.argv[1]), open(sys.argv[2], "w")
pipe = Pipeline(["nlp", "places", "quotes", "events"]).initialize()
for d in sys.argv[3:]:
    for gp in sorted(Path(d).glob("*.json")):
        gold = json.load(open(gp))
        path = next(c for c in [gp.parent / gold["file"], shared / "corpus" / gold["file"]] if c.exists())
        stories = read_path(str(path))
        for gs in gold["stories"]:
            if gs["index"] > len(stories):
                continue
            st = stories[gs["index"] - 1]
            st.published = st.published or gs.get("published") or gold.get("published")
            st = pipe(st)
            out.write(json.dumps({"set": Path(d).name, "file": gold["file"], "story": gs["index"], "published": st.published,
                                  "text": st.text, "events": st.events, "places": st.places, "gold": gs["events"]}) + "\n")
'''


def _sets() -> list[str]:
    names = [p.name for p in GOLD.iterdir() if p.is_dir() and re.fullmatch(r"heldout\d+", p.name)]
    return sorted((n for n in names if int(n[7:]) >= FIRST_BLIND), key=lambda n: int(n[7:]))


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def dump(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "dump_events.py").write_text(_DUMP)
    jobs = []
    for s in _sets():
        added = _git("log", "--diff-filter=A", "--format=%H", "--", f"tests/data/events_gold_corpus/{s}").splitlines()
        if not added:
            continue
        parent = _git("rev-parse", added[-1] + "^")
        tree = out / "trees" / parent[:10]
        if not tree.exists():
            _git("worktree", "add", "-f", "--detach", str(tree), parent)
        jobs.append((s, tree, "blind"))
    jobs.append(("all", ROOT, "head"))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    procs = []
    for s, tree, tag in jobs:
        sets = [str(GOLD / x) for x in _sets()] if tag == "head" else [str(GOLD / s)]
        env_t = dict(env, PYTHONPATH=str(tree))
        procs.append(subprocess.Popen([sys.executable, str(out / "dump_events.py"), str(SHARED), str(out / f"{tag}_{s}.jsonl"), *sets],
                                      cwd=tree, env=env_t))
        if len(procs) >= 2:
            procs.pop(0).wait()
    for p in procs:
        p.wait()
    print(f"dumped {len(jobs)} runs to {out}")


# ------------------------------------------------------------------ matching: the evaluator's own
sys.path.insert(0, str(ROOT))
from frontwire.claims.evaluate import _best_fit, _place_match, _type_match  # noqa: E402


def _load(out: Path, tag: str) -> list[dict]:
    stories = []
    for f in sorted(out.glob(f"{tag}_*.jsonl")):
        stories += [json.loads(line) for line in open(f, encoding="utf-8")]
    return stories


def _prf(stories: list[dict], keep=None, extra=None) -> dict[str, tuple]:
    """Per set P/R/F1; ``keep(story, i)`` filters events; ``extra[(set, file, story)]`` adds (type, place) predictions."""
    acc = collections.defaultdict(lambda: [0, 0, 0, 0])
    for st in stories:
        evs = [ev for i, ev in enumerate(st["events"]) if keep is None or keep(st, i)]
        evs += (extra or {}).get((st["set"], st["file"], st["story"]), [])
        a = acc[st["set"]]
        matched: set[int] = set()
        for ev in evs:
            hit = _best_fit(ev, st["gold"], matched)  # the evaluator's own matching
            a[0] += 1
            a[1] += hit is not None
            if hit is not None:
                matched.add(hit)
        a[2] += len(matched)
        a[3] += len(st["gold"])
    res = {}
    for s, (n, tp, tg, ng) in acc.items():
        p, r = (tp / n if n else 0.0), (tg / ng if ng else 0.0)
        res[s] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return res


def score(out: Path) -> None:
    res = _prf(_load(out, "blind"))
    for s in sorted(res, key=lambda x: int(x[7:])):
        print(f"{s:10s} blind first  P {res[s][0]:.3f}  R {res[s][1]:.3f}  F1 {res[s][2]:.3f}")
    f1 = [v[2] for v in res.values()]
    print(f"mean blind first F1 over {len(f1)} sets: {sum(f1) / len(f1):.3f}")


# ------------------------------------------------------------------ learned experiments
_W = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")


def _words(t: str) -> list[str]:
    return [w.casefold() for w in _W.findall(t)]


def _context(text: str, start: int, end: int, s: int, e: int) -> dict:
    left, right = _words(text[s:start]), _words(text[end:e])
    f = {"L1=" + (left[-1] if left else "<s>"): 1, "L2=" + " ".join(left[-2:]): 1, "R1=" + (right[0] if right else "</s>"): 1}
    f.update({"LW=" + w: 1 for w in left[-5:]})
    f.update({"RW=" + w: 1 for w in right[:4]})
    words = _words(text[s:e])
    f.update({"W=" + w: 1 for w in words})
    f.update({f"BG={a}_{b}": 1 for a, b in zip(words, words[1:])})
    return f


def _critic_rows(stories):
    rows = []
    for st in stories:
        for i, ev in enumerate(st["events"]):
            pl, tr = ev.get("place") or {}, ev.get("trigger") or {}
            f = {"bias": 1, "T=" + ev["sub_event_type"]: 1, f"GP={ev.get('geo_precision')}": 1, f"SIDE={ev.get('claimant_side')}": 1,
                 f"HEDGED={bool(ev.get('hedged'))}": 1, "TR=" + " ".join(_words(tr.get("text", ""))): 1}
            if pl.get("start") is not None:
                f.update(_context(st["text"], pl["start"], pl["end"], ev["start"], ev["end"]))
            y = any(_type_match(g, ev) and _place_match(g, ev) for g in st["gold"])
            rows.append((st, i, f, int(y)))
    return rows


def _sentence(text: str, i: int) -> tuple[int, int]:
    s = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i))
    m = re.search(r"\.(\s|\[|$)|\n", text[i:])
    return (0 if s < 0 else s + 1), (i + m.start() + 1 if m else len(text))


def _adder_rows(stories):
    rows = []
    for st in stories:
        spans = [(ev["start"], ev["end"]) for ev in st["events"]]
        found = {gi for ev in st["events"] for gi, g in enumerate(st["gold"]) if _type_match(g, ev) and _place_match(g, ev)}
        for p in st["places"]:
            if p.get("feature") == "country" or any(a <= p["start"] < b for a, b in spans):
                continue
            s, e = _sentence(st["text"], p["start"])
            f = {"bias": 1, f"PREC={p.get('precision')}": 1, **_context(st["text"], p["start"], p["end"], s, e)}
            gl = [g for gi, g in enumerate(st["gold"]) if gi not in found and _place_match(g, {"place": p, "geo_precision": p.get("precision")})]
            rows.append((st, p, f, gl[0]["sub_event_type"] if gl else "none"))
    return rows


def cv(out: Path, C: float) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    blind, head = _load(out, "blind"), _load(out, "head")
    sets = sorted({st["set"] for st in blind}, key=lambda x: int(x[7:]))
    base = _prf(blind)
    mean = lambda res: sum(v[2] for v in res.values()) / len(res)
    print(f"rules alone: mean blind first F1 {mean(base):.3f}")
    # critic
    rb, rh = _critic_rows(blind), _critic_rows(head)
    p_right: dict = {}
    for s in sets:
        tr = [r for r in rb + rh if r[0]["set"] != s]
        dv = DictVectorizer()
        lr = LogisticRegression(C=C, max_iter=3000).fit(dv.fit_transform([r[2] for r in tr]), [r[3] for r in tr])
        te = [r for r in rb if r[0]["set"] == s]
        for r, p in zip(te, lr.predict_proba(dv.transform([r[2] for r in te]))[:, 1]):
            p_right[(id(r[0]), r[1])] = p
    for t in (0.2, 0.3, 0.4, 0.5):
        res = _prf(blind, keep=lambda st, i: p_right.get((id(st), i), 1.0) >= t)
        print(f"critic, drop p < {t}: mean blind first F1 {mean(res):.3f}")
    # adder
    ab, ah = _adder_rows(blind), _adder_rows(head)
    for t in (0.2, 0.3, 0.5):
        extra = collections.defaultdict(list)
        for s in sets:
            tr = [r for r in ab + ah if r[0]["set"] != s]
            dv = DictVectorizer()
            lr = LogisticRegression(C=C, max_iter=3000).fit(dv.fit_transform([r[2] for r in tr]), [r[3] for r in tr])
            te = [r for r in ab if r[0]["set"] == s]
            classes = list(lr.classes_)
            for r, p in zip(te, lr.predict_proba(dv.transform([r[2] for r in te]))):
                p = p.copy()
                p[classes.index("none")] = 0
                k = int(p.argmax())
                if p[k] >= t:
                    st = r[0]
                    extra[(st["set"], st["file"], st["story"])].append({"sub_event_type": classes[k], "place": r[1], "geo_precision": r[1].get("precision")})
        res = _prf(blind, extra=extra)
        n = sum(len(v) for v in extra.values())
        print(f"adder, add p >= {t} ({n} events added): mean blind first F1 {mean(res):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["dump", "score", "cv"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/frontwire_transfer"))
    ap.add_argument("--C", type=float, default=0.3)
    a = ap.parse_args()
    {"dump": lambda: dump(a.out), "score": lambda: score(a.out), "cv": lambda: cv(a.out, a.C)}[a.what]()


if __name__ == "__main__":
    main()
