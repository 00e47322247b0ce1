"""The PTC corpus (SemEval-2020 Task 11) on disk, its formats and its two metrics.

Formats (official semantics): ``articleNNN.txt`` holds the article; a span is
``[start, end)`` in Python ``str`` offsets of the file read as UTF-8 text.  The
SI label file has ``article_id<TAB>start<TAB>end`` lines, the TC label file
``article_id<TAB>technique<TAB>start<TAB>end`` lines.

Metrics:

* :func:`si_scores` — the SemEval SI metric with partial-overlap credit
  (Da San Martino et al. 2019): precision sums, over predicted spans ``s``,
  ``|s ∩ gold| / |s|`` and divides by the number of predicted spans; recall
  does the same the other way round.  Overlapping spans of one side are merged
  first, as the official scorer does.
* :func:`tc_scores` — micro-averaged F1 over the given spans (every span gets
  exactly one prediction, so micro P = R = F1), matching labels of identical
  spans as multisets.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ARTICLE_RE = re.compile(r"article(\d+)\.txt$")


def shared_dir() -> Path:
    """``../shared`` beside the project root (the checkout's parent)."""
    return Path(__file__).resolve().parents[3] / "shared"


def ptc_train_dir() -> Path:
    return shared_dir() / "data" / "ptc" / "train"


@dataclass
class Article:
    id: str
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # SI gold
    labelled: list[tuple[int, int, str]] = field(default_factory=list)  # TC gold


def read_article_text(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters, as the official offsets count them
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def read_articles(articles_dir: str | Path) -> list[Article]:
    """Every ``articleNNN.txt`` in a folder, sorted by id."""
    out = []
    for p in sorted(Path(articles_dir).glob("article*.txt")):
        m = ARTICLE_RE.search(p.name)
        if m:
            out.append(Article(m.group(1), read_article_text(p)))
    return out


def read_si_labels(path: str | Path) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 3:
            out[parts[0]].append((int(parts[-2]), int(parts[-1])))
    return dict(out)


def read_tc_labels(path: str | Path) -> dict[str, list[tuple[int, int, str]]]:
    """TC label (or template) file: ``id, technique, start, end``; a 3-column SI file also reads (label "?")."""
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 4:
            out[parts[0]].append((int(parts[2]), int(parts[3]), parts[1]))
        elif len(parts) == 3:
            out[parts[0]].append((int(parts[1]), int(parts[2]), "?"))
    return dict(out)


def load_ptc_train(root: str | Path | None = None) -> list[Article]:
    """The PTC training articles with their SI and TC gold spans."""
    root = Path(root) if root else ptc_train_dir()
    arts = read_articles(root / "articles")
    si = read_si_labels(root / "train-task1-SI.labels")
    tc = read_tc_labels(root / "train-task2-TC.labels")
    for a in arts:
        a.spans = sorted(si.get(a.id, []))
        a.labelled = sorted(tc.get(a.id, []))
    return arts


def kfold_articles(articles: list, k: int = 5, seed: int = 0) -> list[tuple[list, list]]:
    """Deterministic k folds by article: [(train, test), ...]."""
    import random

    idx = list(range(len(articles)))
    random.Random(seed).shuffle(idx)
    folds = [idx[i::k] for i in range(k)]
    out = []
    for f in folds:
        test = set(f)
        out.append(([articles[i] for i in idx if i not in test], [articles[i] for i in sorted(test)]))
    return out


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlap_with(spans: list[tuple[int, int]], other: list[tuple[int, int]]) -> float:
    """Σ over ``spans`` of |s ∩ other| / |s| (both merged, sorted)."""
    total = 0.0
    j = 0
    for s, e in spans:
        inter = 0
        while j < len(other) and other[j][1] <= s:
            j += 1
        k = j
        while k < len(other) and other[k][0] < e:
            inter += max(0, min(e, other[k][1]) - max(s, other[k][0]))
            k += 1
        total += inter / (e - s)
    return total


def si_scores(pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]) -> dict:
    """SemEval-2020 SI precision, recall and F1 (partial-overlap credit)."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for aid in set(pred) | set(gold):
        ps = merge_spans(pred.get(aid, []))
        gs = merge_spans(gold.get(aid, []))
        n_pred += len(ps)
        n_gold += len(gs)
        p_num += _overlap_with(ps, gs)
        r_num += _overlap_with(gs, ps)
    p = p_num / n_pred if n_pred else 0.0
    r = r_num / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "n_pred": n_pred, "n_gold": n_gold}


def tc_scores(pred: dict[str, list[tuple[int, int, str]]], gold: dict[str, list[tuple[int, int, str]]], labels: list[str] | None = None) -> dict:
    """Micro F1 (and per-technique P/R/F1) of technique labels on the given spans."""
    tp = Counter()
    n_pred = Counter()
    n_gold = Counter()
    for aid in set(pred) | set(gold):
        gp: dict[tuple[int, int], Counter] = defaultdict(Counter)
        pp: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for s, e, lab in gold.get(aid, []):
            gp[(s, e)][lab] += 1
            n_gold[lab] += 1
        for s, e, lab in pred.get(aid, []):
            pp[(s, e)][lab] += 1
            n_pred[lab] += 1
        for key, c in pp.items():
            for lab, n in (c & gp.get(key, Counter())).items():
                tp[lab] += n
    total_tp, total_p, total_g = sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())
    p = total_tp / total_p if total_p else 0.0
    r = total_tp / total_g if total_g else 0.0
    per = {}
    for lab in labels or sorted(set(n_gold) | set(n_pred)):
        lp = tp[lab] / n_pred[lab] if n_pred[lab] else 0.0
        lr = tp[lab] / n_gold[lab] if n_gold[lab] else 0.0
        per[lab] = {"precision": lp, "recall": lr, "f1": 2 * lp * lr / (lp + lr) if lp + lr else 0.0, "support": n_gold[lab]}
    return {"micro_f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r, "per_technique": per}
