"""The two PTC models, in the project's ``fit / predict / evaluate`` shape.

* :class:`SpanIdentifier` (SI): a token-level logistic regression over hashed
  lexical, context and sentence features; runs of tokens above a threshold
  become spans, trimmed to the PTC v2 boundary convention.
* :class:`TechniqueClassifier` (TC): a multinomial logistic regression over
  hashed features of a span in its article (words, character n-grams, context,
  repetition counts, length, position).  Identical spans given several times
  get distinct labels, best first (a span carrying two techniques is listed twice).

Training needs scikit-learn (the ``train`` extra); prediction needs numpy only:
a fitted model is weight arrays saved with :meth:`save` as ``.npz`` (float16).
No global state: every model carries its own weights and settings.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Sequence

import numpy as np

from .features import STOP, ArticleView, Hasher, bucket, shape, trim
from .ptc import si_scores, tc_scores

TECHNIQUES_FILE = Path(__file__).parent / "data" / "techniques.txt"


def ptc_labels() -> list[str]:
    return [l.strip() for l in TECHNIQUES_FILE.read_text(encoding="utf-8").splitlines() if l.strip()]


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# ---------------------------------------------------------------------------
# SI
# ---------------------------------------------------------------------------


def si_sentence_features(view: ArticleView, a: int, b: int) -> dict[str, float]:
    words = [w for w in view.lower[a:b] if w not in STOP]
    n = max(1, len(set(words)))
    f = {f"S={w}": 1.0 / math.sqrt(n) for w in set(words)}
    f[f"slen={bucket(b - a)}"] = 1.0
    seg = view.text[view.toks[a][0]:view.toks[b - 1][1]]
    if "!" in seg:
        f["S!"] = 1.0
    if "?" in seg:
        f["S?"] = 1.0
    if any(q in seg for q in "\"“”"):
        f["Squote"] = 1.0
    return f


def si_token_features(view: ArticleView, i: int, a: int, b: int, in_quote: bool) -> dict[str, float]:
    L = view.lower
    w = L[i]
    n = len(L)
    f = {
        "bias": 1.0,
        f"w={w}": 1.0,
        f"s3={w[-3:]}": 1.0,
        f"p4={w[:4]}": 1.0,
        f"sh={shape(view.words[i])}": 1.0,
        f"w-1={L[i - 1] if i > a else '<s>'}": 1.0,
        f"w+1={L[i + 1] if i + 1 < b else '</s>'}": 1.0,
        f"w-2={L[i - 2] if i - 1 > a else '<s>'}": 0.5,
        f"w+2={L[i + 2] if i + 2 < b else '</s>'}": 0.5,
        f"b-={L[i - 1] if i > a else '<s>'}_{w}": 1.0,
        f"b+={w}_{L[i + 1] if i + 1 < b else '</s>'}": 1.0,
        f"pos={min(9, int(10 * (i - a) / max(1, b - a)))}": 1.0,
        f"from_end={bucket(b - 1 - i, (0, 1, 2, 4, 8))}": 1.0,
    }
    if view.toks[i][0] < view.title_end:
        f["title"] = 1.0
    if in_quote:
        f["inq"] = 1.0
        f[f"inq_w={w}"] = 0.5
    if w not in STOP and w.isalpha():
        f[f"rep={bucket(view.counts[w], (1, 2, 3, 5))}"] = 1.0
    for j in range(max(a, i - 4), min(b, i + 5)):
        if j != i and L[j] not in STOP:
            f[f"win={L[j]}"] = f.get(f"win={L[j]}", 0.0) + 0.3
    _ = n
    return f


class SpanIdentifier:
    """Propaganda span identification (SemEval-2020 subtask SI)."""

    def __init__(self, bits: int = 20, C: float = 0.25, threshold: float = 0.2, min_chars: int = 2, bridge: int = 4):
        self.bits = bits
        self.C = C
        self.threshold = threshold
        self.min_chars = min_chars
        self.bridge = bridge
        self.hasher = Hasher(bits)
        self.w: np.ndarray | None = None
        self.b = 0.0

    # -- features --------------------------------------------------------------
    def _rows(self, view: ArticleView) -> list[tuple[np.ndarray, np.ndarray]]:
        rows = []
        quote_chars = set("\"“”")
        for a, b in view.sents:
            s_idx, s_val = self.hasher.index(si_sentence_features(view, a, b))
            inq = False
            for i in range(a, b):
                if view.words[i] in quote_chars:
                    inq = not inq
                t_idx, t_val = self.hasher.index(si_token_features(view, i, a, b, inq))
                rows.append((np.concatenate([t_idx, s_idx]), np.concatenate([t_val, s_val])))
        return rows

    @staticmethod
    def _token_labels(view: ArticleView, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        y = np.zeros(len(view.toks), dtype=np.int8)
        for s, e in spans:
            a, b = view.tok_range(s, e)
            y[a:b] = 1
        return y

    # -- fit / predict ---------------------------------------------------------
    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> "SpanIdentifier":
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        indptr, idxs, vals, ys = [0], [], [], []
        for text, sp in zip(texts, spans):
            view = ArticleView(text)
            for i, v in self._rows(view):
                idxs.append(i)
                vals.append(v)
                indptr.append(indptr[-1] + len(i))
            ys.append(self._token_labels(view, sp))
        X = csr_matrix((np.concatenate(vals), np.concatenate(idxs), np.array(indptr)), shape=(len(indptr) - 1, 1 << self.bits))
        X.sum_duplicates()
        y = np.concatenate(ys)
        clf = LogisticRegression(C=self.C, solver="liblinear", max_iter=200)
        clf.fit(X, y)
        self.w = clf.coef_[0].astype(np.float32)
        self.b = float(clf.intercept_[0])
        return self

    def token_proba(self, view: ArticleView) -> np.ndarray:
        w = self.w
        return np.array([_sigmoid(float(w[i] @ v) + self.b) for i, v in self._rows(view)], dtype=np.float32)

    def decode(self, view: ArticleView, p: np.ndarray, threshold: float | None = None) -> list[tuple[int, int, float]]:
        thr = self.threshold if threshold is None else threshold
        on = p >= thr
        # bridge short gaps inside a sentence
        if self.bridge:
            n = len(on)
            i = 0
            while i < n:
                if not on[i]:
                    j = i
                    while j < n and not on[j]:
                        j += 1
                    if 0 < i and j < n and j - i <= self.bridge and view.sent_of[i - 1] == view.sent_of[j] and p[i:j].max() >= thr * 0.6:
                        on[i:j] = True
                    i = j
                else:
                    i += 1
        spans = []
        i, n = 0, len(on)
        while i < n:
            if on[i]:
                j = i
                while j + 1 < n and on[j + 1] and view.sent_of[j + 1] == view.sent_of[i]:
                    j += 1
                s, e = trim(view.text, int(view.starts[i]), int(view.ends[j]))
                content = [w for w in view.lower[i:j + 1] if w.isalnum()]
                if e - s >= self.min_chars and content:
                    spans.append((s, e, float(p[i:j + 1].mean())))
                i = j + 1
            else:
                i += 1
        return spans

    def predict_one(self, text: str, threshold: float | None = None) -> list[tuple[int, int, float]]:
        view = ArticleView(text)
        if not view.toks:
            return []
        return self.decode(view, self.token_proba(view), threshold)

    def predict(self, texts: Sequence[str]) -> list[list[tuple[int, int, float]]]:
        return [self.predict_one(t) for t in texts]

    def evaluate(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> dict:
        pred = {str(k): [(s, e) for s, e, _ in p] for k, p in enumerate(self.predict(texts))}
        gold = {str(k): list(g) for k, g in enumerate(spans)}
        return si_scores(pred, gold)

    # -- persistence -----------------------------------------------------------
    def save(self, path: str | Path) -> None:
        meta = {"bits": self.bits, "C": self.C, "threshold": self.threshold, "min_chars": self.min_chars, "bridge": self.bridge, "b": self.b}
        np.savez_compressed(path, w=self.w.astype(np.float16), meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: str | Path) -> "SpanIdentifier":
        z = np.load(path, allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        m = cls(bits=meta["bits"], C=meta["C"], threshold=meta["threshold"], min_chars=meta["min_chars"], bridge=meta["bridge"])
        m.w = z["w"].astype(np.float32)
        m.b = meta["b"]
        return m


# ---------------------------------------------------------------------------
# TC
# ---------------------------------------------------------------------------


def tc_features(view: ArticleView, s: int, e: int, same_text: int, same_offsets: int) -> dict[str, float]:
    text = view.text
    a, b = view.tok_range(s, e)
    L = view.lower
    toks = L[a:b] or [text[s:e].lower()]
    n = len(toks)
    f: dict[str, float] = {"bias": 1.0}
    wn = 1.0 / math.sqrt(n)
    for w in toks:
        f[f"w={w}"] = f.get(f"w={w}", 0.0) + wn
    for x, y in zip(toks, toks[1:]):
        f[f"b={x}_{y}"] = f.get(f"b={x}_{y}", 0.0) + wn
    f[f"first={toks[0]}"] = 1.0
    f[f"last={toks[-1]}"] = 1.0
    span_l = text[s:e].lower()
    if len(span_l) <= 60:
        padded = f" {span_l} "
        grams = Counter(padded[k:k + m] for m in (3, 4, 5) for k in range(len(padded) - m + 1))
        cn = 1.0 / math.sqrt(max(1, sum(grams.values())))
        for g, c in grams.items():
            f[f"c={g}"] = c * cn
    f[f"len={bucket(n, (1, 2, 3, 4, 6, 9, 14, 20, 30))}"] = 1.0
    f[f"clen={bucket(e - s, (5, 10, 20, 40, 80, 160))}"] = 1.0
    # repetition: the span's text, and its content words, elsewhere in the article
    occ = view.text_lower.count(span_l) if span_l.strip() else 1
    f[f"occ={bucket(occ, (1, 2, 3, 5))}"] = 1.0
    content = [w for w in toks if w not in STOP and w.isalnum()]
    if content:
        mx = max(view.counts[w] for w in content)
        f[f"maxrep={bucket(mx, (1, 2, 3, 5, 8))}"] = 1.0
        mn = min(view.counts[w] for w in content)
        f[f"minrep={bucket(mn, (1, 2, 3, 5, 8))}"] = 1.0
    f[f"tplsame={bucket(same_text, (1, 2, 3, 5))}"] = 1.0
    f[f"tpldup={bucket(same_offsets, (1, 2, 3))}"] = 1.0
    # context
    for j in range(max(0, a - 4), a):
        f[f"L={L[j]}"] = 0.5
    for j in range(b, min(len(L), b + 4)):
        f[f"R={L[j]}"] = 0.5
    f[f"L1={L[a - 1] if a > 0 else '<s>'}"] = 1.0
    f[f"R1={L[b] if b < len(L) else '</s>'}"] = 1.0
    # sentence and position
    if a < len(view.toks):
        k = int(view.sent_of[min(a, len(view.toks) - 1)])
        sa, sb = view.sents[k]
        cov = n / max(1, sb - sa)
        f[f"cov={bucket(int(cov * 10), (1, 3, 5, 7, 9, 10))}"] = 1.0
        sw = set(w for w in L[sa:sb] if w not in STOP)
        sn = 1.0 / math.sqrt(max(1, len(sw)))
        for w in sw:
            f[f"S={w}"] = 0.5 * sn
    if s < view.title_end:
        f["title"] = 1.0
    seg = text[s:e]
    for ch, name in (("!", "excl"), ("?", "quest"), ('"', "dq"), ("“", "dq"), ("”", "dq")):
        if ch in seg:
            f[name] = 1.0
    if any(w.isupper() and len(w) > 2 for w in view.words[a:b]):
        f["caps"] = 1.0
    if seg[:1].isupper():
        f["cap0"] = 1.0
    before = text[max(0, s - 2):s]
    if any(q in before for q in "\"“'‘"):
        f["qbefore"] = 1.0
    return f


class TechniqueClassifier:
    """Technique classification of given spans in their article (SemEval-2020 subtask TC)."""

    def __init__(self, bits: int = 18, C: float = 4.0, labels: list[str] | None = None):
        self.bits = bits
        self.C = C
        self.labels = labels or ptc_labels()
        self.hasher = Hasher(bits)
        self.W: np.ndarray | None = None
        self.b: np.ndarray | None = None

    def _article_rows(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None):
        view = view or ArticleView(text)
        tl = Counter(text[s:e].lower() for s, e in spans)
        to = Counter((s, e) for s, e in spans)
        return [self.hasher.index(tc_features(view, s, e, tl[text[s:e].lower()], to[(s, e)])) for s, e in spans]

    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], y: Sequence[Sequence[str]]) -> "TechniqueClassifier":
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        indptr, idxs, vals, ys = [0], [], [], []
        for text, sp, lab in zip(texts, spans, y):
            for (i, v), l in zip(self._article_rows(text, sp), lab):
                idxs.append(i)
                vals.append(v)
                indptr.append(indptr[-1] + len(i))
                ys.append(self.labels.index(l))
        X = csr_matrix((np.concatenate(vals), np.concatenate(idxs), np.array(indptr)), shape=(len(indptr) - 1, 1 << self.bits))
        clf = LogisticRegression(C=self.C, max_iter=400)
        clf.fit(X, np.array(ys))
        W = np.zeros((len(self.labels), 1 << self.bits), dtype=np.float32)
        b = np.full(len(self.labels), -30.0, dtype=np.float32)
        for k, c in enumerate(clf.classes_):
            W[c] = clf.coef_[k]
            b[c] = clf.intercept_[k]
        self.W, self.b = W, b
        return self

    def proba(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None) -> np.ndarray:
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        rows = self._article_rows(text, spans, view)
        z = np.stack([self.W[:, i] @ v for i, v in rows]) + self.b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict_one(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None) -> list[tuple[str, float]]:
        """One (label, probability) per span; identical spans get distinct labels, best first."""
        P = self.proba(text, spans, view)
        out: list[tuple[str, float] | None] = [None] * len(spans)
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for k, (s, e) in enumerate(spans):
            groups[(s, e)].append(k)
        for ks in groups.values():
            order = np.argsort(-P[ks[0]])
            for r, k in enumerate(ks):
                c = int(order[min(r, len(order) - 1)])
                out[k] = (self.labels[c], float(P[ks[0], c]))
        return out  # type: ignore[return-value]

    def predict(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[list[str]]:
        return [[l for l, _ in self.predict_one(t, sp)] for t, sp in zip(texts, spans)]

    def evaluate(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], y: Sequence[Sequence[str]]) -> dict:
        pred = self.predict(texts, spans)
        P = {str(k): [(s, e, l) for (s, e), l in zip(sp, pl)] for k, (sp, pl) in enumerate(zip(spans, pred))}
        G = {str(k): [(s, e, l) for (s, e), l in zip(sp, yl)] for k, (sp, yl) in enumerate(zip(spans, y))}
        return tc_scores(P, G, self.labels)

    def save(self, path: str | Path) -> None:
        meta = {"bits": self.bits, "C": self.C, "labels": self.labels}
        np.savez_compressed(path, W=self.W.astype(np.float16), b=self.b, meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path: str | Path) -> "TechniqueClassifier":
        z = np.load(path, allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        m = cls(bits=meta["bits"], C=meta["C"], labels=meta["labels"])
        m.W = z["W"].astype(np.float32)
        m.b = z["b"].astype(np.float32)
        return m
