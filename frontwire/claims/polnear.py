"""PolNeAR reader and the attribution score: span-overlap P/R/F1 for source, cue and content.

PolNeAR ships BRAT stand-off files: ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``
with ``T`` lines ``Source|Cue|Content START END[;START END]`` and ``E`` lines tying them.
A few articles are annotated by more than one annotator; the first annotation file (by
name) is used, so every article counts once.

Score: for each role, a predicted span is correct when it overlaps (shares at least one
character with) a gold span of that role; precision = correct predictions / predictions,
recall = gold spans overlapped by some prediction / gold spans.  Exact-match numbers are
reported beside them, and a proportional score (``prop_*``): the share of predicted
non-space characters that lie in a gold span of the role (precision) and of gold ones
covered by a prediction (recall) — the measure behind Citron's published "overlap"
numbers (Citron counts tokens; characters here), stricter than the any-overlap one for
long spans.  PolNeAR is univocal (a token belongs to at most one attribution), so the
union of a role's spans is well defined.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from ..doc import Story

ROLES = ("source", "cue", "content")


def read_ann(path: Path) -> dict[str, list[list[tuple[int, int]]]]:
    """Gold spans per role; each span is a list of (start, end) fragments."""
    spans: dict[str, list[list[tuple[int, int]]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        head = parts[1].split(" ", 1)
        role = head[0].lower()
        if role not in ROLES or len(head) < 2:
            continue
        frags = []
        for frag in head[1].split(";"):
            a, b = frag.split()
            frags.append((int(a), int(b)))
        spans[role].append(frags)
    return spans


def read_dir(directory: str | Path):
    """Yield (name, text, gold) for each article of a PolNeAR compartment directory."""
    d = Path(directory)
    text_dir = d / "text" if (d / "text").is_dir() else d
    ann_dir = d / "attributions" if (d / "attributions").is_dir() else d
    anns = sorted(ann_dir.glob("*.ann"))
    by_text: dict[str, Path] = {}
    for a in anns:
        stem = a.stem.rsplit("_", 1)[0]
        by_text.setdefault(stem, a)
    for stem, a in sorted(by_text.items()):
        t = text_dir / f"{stem}.txt"
        if not t.exists():
            continue
        yield stem, t.read_text(encoding="utf-8"), read_ann(a)


def _overlaps(span: tuple[int, int], frags: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in frags)


def _exact(span: tuple[int, int], frags: list[tuple[int, int]]) -> bool:
    return len(frags) == 1 and frags[0] == span


def _chars(text: str | None, spans) -> set[int]:
    out = set()
    for a, b in spans:
        out.update(i for i in range(a, b) if text is None or not text[i].isspace())
    return out


def score(pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[list[tuple[int, int]]]], counts: dict, text: str | None = None) -> None:
    for role in ROLES:
        p, g = pred.get(role, []), gold.get(role, [])
        c = counts[role]
        c["pred"] += len(p)
        c["gold"] += len(g)
        c["tp_p"] += sum(1 for s in p if any(_overlaps(s, fr) for fr in g))
        c["tp_g"] += sum(1 for fr in g if any(_overlaps(s, fr) for s in p))
        c["exact"] += sum(1 for s in p if any(_exact(s, fr) for fr in g))
        pc, gc = _chars(text, p), _chars(text, [x for fr in g for x in fr])
        c["ch_pred"] += len(pc)
        c["ch_gold"] += len(gc)
        c["ch_both"] += len(pc & gc)


def summarise(counts: dict) -> dict:
    out = {}
    for role in ROLES:
        c = counts[role]
        p = c["tp_p"] / c["pred"] if c["pred"] else 0.0
        r = c["tp_g"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        ep = c["exact"] / c["pred"] if c["pred"] else 0.0
        er = c["exact"] / c["gold"] if c["gold"] else 0.0
        ef = 2 * ep * er / (ep + er) if ep + er else 0.0
        pp = c["ch_both"] / c["ch_pred"] if c["ch_pred"] else 0.0
        pr = c["ch_both"] / c["ch_gold"] if c["ch_gold"] else 0.0
        pf = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
        out[role] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "exact_f1": round(ef, 4),
                     "prop_precision": round(pp, 4), "prop_recall": round(pr, 4), "prop_f1": round(pf, 4),
                     "predicted": c["pred"], "gold": c["gold"]}
    return out


def evaluate_dir(directory: str | Path, limit: int | None = None) -> dict:
    """Run nlp + quotes over a PolNeAR directory and score it."""
    from ..pipeline import Pipeline

    pipe = Pipeline(["nlp", "quotes"]).initialize()
    counts = {r: defaultdict(int) for r in ROLES}
    n = 0
    t0 = time.perf_counter()
    items = list(read_dir(directory))
    if limit:
        items = items[:limit]
    stories = (Story(text=text, source=name) for name, text, _ in items)
    for (name, text, gold), story in zip(items, pipe.pipe(stories)):
        pred = {r: [] for r in ROLES}
        for q in story.quotes:
            for role in ROLES:
                sp = q.get(role)
                if sp:
                    pred[role].append((sp["start"], sp["end"]))
        for role in ROLES:  # a span shared by several quotes (one source, two quotes) counts once
            pred[role] = sorted(set(pred[role]))
        score(pred, gold, counts, text)
        n += 1
    res = summarise(counts)
    res["articles"] = n
    res["seconds"] = round(time.perf_counter() - t0, 2)
    return res
