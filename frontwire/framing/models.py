"""The two PTC models, in the project's ``fit / predict / evaluate`` shape.

* :class:`SpanIdentifier` (SI): a token-level logistic regression over hashed
  lexical, context and sentence features, mixed (shipped) with a BiLSTM tagger
  over MiniLM token vectors (:mod:`.tagger`); runs of tokens above a threshold
  (hysteresis: one token must pass a higher one) become spans, trimmed to the PTC
  v2 boundary convention; other occurrences of a found phrase are marked too.
* :class:`TechniqueClassifier` (TC): a multinomial logistic regression over
  hashed features of a span in its article (words, character n-grams, context,
  repetition counts, length, position) and MiniLM span vectors, mixed (shipped)
  with a BiLSTM span classifier.  Identical spans given several times get
  distinct labels, best first (a span carrying two techniques is listed twice).

Training needs scikit-learn and torch (the ``train`` extra); prediction needs numpy only:
a fitted model is weight arrays saved with :meth:`save` as ``.npz`` (float16).
No global state: every model carries its own weights and settings.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Sequence

import numpy as np

from .features import STOP, ArticleView, Hasher, bucket, shape, trim
from .ptc import si_scores, tc_scores

TECHNIQUES_FILE = Path(__file__).parent / "data" / "techniques.txt"

#: the settings of the shipped models (with encoder vectors): what ``scripts/train_techniques.py``
#: trains and ``frontwire evaluate techniques`` cross-validates.  SI: sparse LR logit mixed with a
#: BiLSTM tagger over MiniLM token vectors, hysteresis decoding, repeated phrases marked.  TC: the
#: sparse + dense regression mixed with a BiLSTM span classifier.
SHIPPED_SI = {"dense": True, "head": "lstm", "mix": 0.85, "threshold": 0.22, "seed_margin": 0.1, "repeat": True, "epochs": 6, "ft_mix": 0.3}
SHIPPED_TC = {"dense": True, "nn": True, "nn_weight": 0.7, "nn_epochs": 8}


def ptc_labels() -> list[str]:
    return [l.strip() for l in TECHNIQUES_FILE.read_text(encoding="utf-8").splitlines() if l.strip()]


_QUOTE_CHARS = frozenset("\"“”")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


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


def window_vectors(vecs: np.ndarray) -> np.ndarray:
    """Each token's vector beside its left and right neighbours' (zeros at the ends)."""
    pad = np.zeros((1, vecs.shape[1]), dtype=np.float32)
    return np.hstack([np.vstack([pad, vecs[:-1]]), vecs, np.vstack([vecs[1:], pad])])


def repeat_spans(view: ArticleView, spans: list[tuple[int, int, float]], min_chars: int = 8) -> list[tuple[int, int, float]]:
    """Add the other whole-word occurrences in the article of each found span's text
    (of two or more words, or at least ``min_chars`` characters): propaganda repeats."""
    tl = view.text_lower
    have = {(s, e) for s, e, _ in spans}
    extra = []
    for s, e, sc in spans:
        t = tl[s:e]
        if len(t.split()) < 2 and len(t) < min_chars:
            continue
        k = tl.find(t)
        while k >= 0:
            f = k + len(t)
            if (k == 0 or not tl[k - 1].isalnum()) and (f >= len(tl) or not tl[f].isalnum()) and (k, f) not in have:
                have.add((k, f))
                extra.append((k, f, sc))
            k = tl.find(t, k + 1)
    return sorted(spans + extra)


class SpanIdentifier:
    """Propaganda span identification (SemEval-2020 subtask SI).

    A sparse logistic regression over hashed token features; with ``dense=True`` an
    MLP over frozen MiniLM token vectors (the token and its two neighbours) is
    trained beside it and the two logits are mixed (``mix`` = weight of the MLP).
    Methods taking ``vecs`` expect one MiniLM vector per token of the text
    (:meth:`frontwire.framing.encoder.MiniLMEncoder.token_vectors`).
    """

    def __init__(self, bits: int = 20, C: float = 0.25, threshold: float = 0.25, min_chars: int = 2, bridge: int = 4,
                 dense: bool = False, mix: float = 0.7, hidden: int = 128, epochs: int = 3, seed: int = 0,
                 head: str = "mlp", seed_margin: float = 0.0, repeat: bool = False, ft_mix: float = 0.0):
        self.bits = bits
        self.C = C
        self.threshold = threshold
        self.min_chars = min_chars
        self.bridge = bridge
        self.dense = dense
        self.mix = mix
        self.hidden = hidden
        self.epochs = epochs
        self.seed = seed
        self.head_kind = head  # "mlp" (heads.Head over a token window) or "lstm" (tagger.LSTMTagger over sentences)
        self.seed_margin = seed_margin
        self.repeat = repeat
        self.ft_mix = ft_mix  # weight of the fine-tuned MiniLM tagger's logit (``ft`` arguments), 0: not used
        self.hasher = Hasher(bits)
        self.w: np.ndarray | None = None
        self.b = 0.0
        self.head = None  # heads.Head or tagger.LSTMTagger when dense

    # -- features --------------------------------------------------------------
    def _rows(self, view: ArticleView) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each token's hashed features (training; :meth:`sparse_logits` computes their dot product at run time)."""
        rows = []
        quote_chars = _QUOTE_CHARS
        for a, b in view.sents:
            s_idx, s_val = self.hasher.index(si_sentence_features(view, a, b))
            inq = False
            for i in range(a, b):
                if view.words[i] in quote_chars:
                    inq = not inq
                t_idx, t_val = self.hasher.index(si_token_features(view, i, a, b, inq))
                rows.append((np.concatenate([t_idx, s_idx]), np.concatenate([t_val, s_val])))
        return rows

    #: the per-word templates of :func:`si_token_features`, in the order of :meth:`_word_weights`
    _WORD_TEMPLATES = ("w=", "w-1=", "w+1=", "w-2=", "w+2=", "inq_w=", "win=")

    def _weight(self, feature: str) -> float:
        """The LR weight of one feature string (cached: the same strings recur in every article)."""
        cache = self._wcache
        hit = cache.get(feature)
        if hit is None:
            if len(cache) > 500_000:
                cache.clear()
            hit = cache[feature] = float(self.w[zlib.crc32(feature.encode("utf-8")) & self.hasher.mask])
        return hit

    def _word_weights(self, w: str) -> tuple[float, ...]:
        """Weights of the features of :func:`si_token_features` that depend on one word only."""
        hit = self._wcache.get(("word", w))
        if hit is None:
            wt = self._weight
            hit = tuple(wt(t + w) for t in self._WORD_TEMPLATES) + (wt(f"s3={w[-3:]}"), wt(f"p4={w[:4]}"))
            self._wcache[("word", w)] = hit
        return hit

    def sparse_logits(self, view: ArticleView) -> np.ndarray:
        """The sparse LR's logit of every token, ``w · features + b``: the same sum as over :meth:`_rows`
        (up to float rounding), computed from per-word weights instead of hashing every feature of every
        token, which is most of the SI model's run time in Python."""
        if getattr(self, "_wcache_of", None) is not self.w:
            self._wcache, self._wcache_of = {}, self.w
        n = len(view.toks)
        z = np.zeros(n, np.float64)
        if not n:
            return z.astype(np.float32)
        wt = self._weight
        L = view.lower
        uniq: dict[str, int] = {"<s>": 0, "</s>": 1}
        uid = np.array([uniq.setdefault(w, len(uniq)) for w in L], np.int64)
        words = list(uniq)
        U = np.array([self._word_weights(w) for w in words], np.float64)  # (words, 9)
        stop = np.array([w in STOP for w in words])
        rep = np.array([wt(f"rep={bucket(view.counts[w], (1, 2, 3, 5))}") if (w not in STOP and w.isalpha()) else 0.0
                        for w in words], np.float64)
        rep[:2] = 0.0
        # each token's sentence [a, b) and position in it
        sa = np.array([a for a, _ in view.sents], np.int64)[view.sent_of]
        sb = np.array([b for _, b in view.sents], np.int64)[view.sent_of]
        i = np.arange(n)
        prev1 = np.where(i > sa, uid[np.maximum(i - 1, 0)], 0)
        prev2 = np.where(i - 1 > sa, uid[np.maximum(i - 2, 0)], 0)
        next1 = np.where(i + 1 < sb, uid[np.minimum(i + 1, n - 1)], 1)
        next2 = np.where(i + 2 < sb, uid[np.minimum(i + 2, n - 1)], 1)
        z += wt("bias") + U[uid, 0] + U[uid, 7] + U[uid, 8] + U[prev1, 1] + U[next1, 2] + 0.5 * U[prev2, 3] + 0.5 * U[next2, 4]
        z += [wt(f"sh={shape(w)}") for w in view.words]
        # word pairs: too many to cache, hashed here (CRC-32 as in :class:`~.features.Hasher`)
        crc = zlib.crc32
        pairs = [(crc(f"b-={L[k - 1] if k > a else '<s>'}_{L[k]}".encode("utf-8")), crc(f"b+={L[k]}_{L[k + 1] if k + 1 < b else '</s>'}".encode("utf-8")))
                 for k, a, b in zip(range(n), sa.tolist(), sb.tolist())]
        z += self.w[np.array(pairs, np.int64) & self.hasher.mask].astype(np.float64).sum(1)
        pos = np.minimum(9, (10 * (i - sa) / np.maximum(1, sb - sa)).astype(np.int64))
        z += np.array([wt(f"pos={k}") for k in range(10)])[pos]
        edges = (0, 1, 2, 4, 8)
        fe = np.searchsorted(np.array(edges), sb - 1 - i, side="left")
        z += np.array([wt(f"from_end={bucket(e, edges)}") for e in (*edges, 9)])[fe]
        z += np.where(view.starts < view.title_end, wt("title"), 0.0)
        # inside quotes: the parity of the quote characters up to and including the token, in its sentence
        q = np.cumsum([w in _QUOTE_CHARS for w in view.words])
        inq = ((q - np.concatenate([[0], q])[sa]) % 2).astype(bool)
        z += np.where(inq, wt("inq") + 0.5 * U[uid, 5], 0.0)
        z += rep[uid]
        # the 4 words either side in the sentence (not stop words), 0.3 each
        e = np.where(stop[uid], 0.0, 0.3 * U[uid, 6])
        cs = np.concatenate([[0.0], np.cumsum(e)])
        z += cs[np.minimum(sb, i + 5)] - cs[np.maximum(sa, i - 4)] - e
        # the sentence's own features, the same for each of its tokens
        for a, b in view.sents:
            idx, val = self.hasher.index(si_sentence_features(view, a, b))
            z[a:b] += float(np.dot(self.w[idx].astype(np.float64), val.astype(np.float64)))
        return (z + self.b).astype(np.float32)

    @staticmethod
    def _token_labels(view: ArticleView, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        y = np.zeros(len(view.toks), dtype=np.int8)
        for s, e in spans:
            a, b = view.tok_range(s, e)
            y[a:b] = 1
        return y

    # -- fit / predict ---------------------------------------------------------
    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], vecs: Sequence[np.ndarray] | None = None,
            log=None) -> "SpanIdentifier":
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        if self.dense and vecs is None:
            raise ValueError("a dense SpanIdentifier needs the MiniLM token vectors of each text")
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
        del X
        if self.dense and self.head_kind == "lstm":
            from .tagger import fit_tagger, sentence_sequences

            seqs, ts = [], []
            for text, sp, v in zip(texts, spans, vecs):
                view = ArticleView(text)
                for F, yy in sentence_sequences(view, np.asarray(v, dtype=np.float32), self._token_labels(view, sp)):
                    seqs.append(F)
                    ts.append(yy)
            self.head = fit_tagger(seqs, ts, epochs=self.epochs, seed=self.seed, log=log)
        elif self.dense:
            from .heads import fit_head

            Xd = np.vstack([window_vectors(np.asarray(v, dtype=np.float32)) for v in vecs])
            z = [(np.zeros(1, np.int64), np.zeros(1, np.float32))] * len(Xd)
            self.head = fit_head(z, Xd, y.astype(np.float32), 1, 1, hidden=self.hidden, epochs=self.epochs, dropout=0.3, seed=self.seed, log=log)
        return self

    def token_logits(self, view: ArticleView, vecs: np.ndarray | None = None, ft: np.ndarray | None = None) -> np.ndarray:
        """One logit per token; ``ft``: the fine-tuned MiniLM tagger's token logits, mixed in with weight
        ``ft_mix`` when given (it costs a second encoder pass, so callers may leave it out)."""
        z = self.sparse_logits(view)
        if self.head is not None:
            if vecs is None:
                raise ValueError("this SpanIdentifier needs MiniLM token vectors")
            if self.head_kind == "lstm":
                zd = self.head.token_logits(view, vecs)
            else:
                Xd = window_vectors(np.asarray(vecs, dtype=np.float32))
                zero = [(np.zeros(1, np.int64), np.zeros(1, np.float32))] * len(Xd)
                zd = self.head.logits(zero, Xd)[:, 0]
            z = (1.0 - self.mix) * z + self.mix * zd
        if self.ft_mix and ft is not None:  # without them: the sparse + BiLSTM logit alone
            z = (1.0 - self.ft_mix) * z + self.ft_mix * np.asarray(ft, np.float32)
        return z

    def token_proba(self, view: ArticleView, vecs: np.ndarray | None = None, ft: np.ndarray | None = None) -> np.ndarray:
        return _sigmoid(self.token_logits(view, vecs, ft)).astype(np.float32)

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
                # hysteresis: a run needs one token at threshold + seed_margin
                if e - s >= self.min_chars and content and p[i:j + 1].max() >= thr + self.seed_margin:
                    spans.append((s, e, float(p[i:j + 1].mean())))
                i = j + 1
            else:
                i += 1
        if self.repeat:
            spans = repeat_spans(view, spans)
        return spans

    def predict_one(self, text: str, threshold: float | None = None, vecs: np.ndarray | None = None,
                    ft: np.ndarray | None = None) -> list[tuple[int, int, float]]:
        view = ArticleView(text)
        if not view.toks:
            return []
        return self.decode(view, self.token_proba(view, vecs, ft), threshold)

    def predict(self, texts: Sequence[str], vecs: Sequence[np.ndarray] | None = None,
                ft: Sequence[np.ndarray] | None = None) -> list[list[tuple[int, int, float]]]:
        return [self.predict_one(t, vecs=None if vecs is None else vecs[k], ft=None if ft is None else ft[k]) for k, t in enumerate(texts)]

    def evaluate(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], vecs: Sequence[np.ndarray] | None = None,
                 ft: Sequence[np.ndarray] | None = None) -> dict:
        pred = {str(k): [(s, e) for s, e, _ in p] for k, p in enumerate(self.predict(texts, vecs, ft))}
        gold = {str(k): list(g) for k, g in enumerate(spans)}
        return si_scores(pred, gold)

    # -- persistence -----------------------------------------------------------
    def save(self, path: str | Path) -> None:
        meta = {"bits": self.bits, "C": self.C, "threshold": self.threshold, "min_chars": self.min_chars, "bridge": self.bridge, "b": self.b,
                "dense": self.head is not None, "mix": self.mix, "hidden": self.hidden, "epochs": self.epochs, "seed": self.seed,
                "head": self.head_kind, "seed_margin": self.seed_margin, "repeat": self.repeat, "ft_mix": self.ft_mix}
        arrays = {"w": self.w.astype(np.float16)}
        if self.head is not None:
            arrays.update(self.head.arrays("h_"))
        np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> "SpanIdentifier":
        from .heads import Head

        z = np.load(path, allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        b = meta.pop("b")
        m = cls(**meta)
        m.w = z["w"].astype(np.float32)
        m.b = b
        if m.dense and m.head_kind == "lstm":
            from .tagger import LSTMTagger

            m.head = LSTMTagger.from_arrays(z, "h_")
        elif m.dense:
            m.head = Head.from_arrays(z, "h_")
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


def span_dense(view: ArticleView, vecs: np.ndarray, s: int, e: int) -> np.ndarray:
    """MiniLM features of a span: mean, first and last token vectors, and the sentence mean."""
    n = len(vecs)
    i, j = view.tok_range(s, e)
    i = min(i, n - 1)
    j = min(max(j, i + 1), n)
    k = int(view.sent_of[i])
    sa, sb = view.sents[k]
    return np.concatenate([vecs[i:j].mean(0), vecs[i], vecs[j - 1], vecs[sa:sb].mean(0)])


class TechniqueClassifier:
    """Technique classification of given spans in their article (SemEval-2020 subtask TC).

    A multinomial logistic regression over hashed span features; with ``dense=True``
    standardised MiniLM span features (:func:`span_dense`, scaled by ``alpha``) join
    the same regression.
    """

    def __init__(self, bits: int = 18, C: float = 4.0, labels: list[str] | None = None, dense: bool = False, alpha: float = 0.1,
                 nn: bool = False, nn_weight: float = 0.5, nn_epochs: int = 8, seed: int = 0):
        self.bits = bits
        self.C = C
        self.labels = labels or ptc_labels()
        self.dense = dense
        self.alpha = alpha
        self.nn_on = nn  # a BiLSTM span classifier (tagger.SpanLSTM) beside the regression, needs the vectors
        self.nn_weight = nn_weight
        self.nn_epochs = nn_epochs
        self.seed = seed
        self.nn = None
        self.hasher = Hasher(bits)
        self.W: np.ndarray | None = None
        self.b: np.ndarray | None = None
        self.Wd: np.ndarray | None = None
        self.mu: np.ndarray | None = None
        self.sd: np.ndarray | None = None

    def _dense_rows(self, text: str, spans, vecs, view: ArticleView | None = None) -> np.ndarray:
        view = view or ArticleView(text)
        v = np.asarray(vecs, dtype=np.float32)
        return np.stack([span_dense(view, v, s, e) for s, e in spans])

    def _article_rows(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None):
        view = view or ArticleView(text)
        tl = Counter(text[s:e].lower() for s, e in spans)
        to = Counter((s, e) for s, e in spans)
        return [self.hasher.index(tc_features(view, s, e, tl[text[s:e].lower()], to[(s, e)])) for s, e in spans]

    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], y: Sequence[Sequence[str]],
            vecs: Sequence[np.ndarray] | None = None) -> "TechniqueClassifier":
        from scipy.sparse import csr_matrix, hstack
        from sklearn.linear_model import LogisticRegression

        if self.dense and vecs is None:
            raise ValueError("a dense TechniqueClassifier needs the MiniLM token vectors of each text")
        indptr, idxs, vals, ys, D = [0], [], [], [], []
        for k, (text, sp, lab) in enumerate(zip(texts, spans, y)):
            if not sp:
                continue
            view = ArticleView(text)
            for (i, v), l in zip(self._article_rows(text, sp, view), lab):
                idxs.append(i)
                vals.append(v)
                indptr.append(indptr[-1] + len(i))
                ys.append(self.labels.index(l))
            if self.dense:
                D.append(self._dense_rows(text, sp, vecs[k], view))
        X = csr_matrix((np.concatenate(vals), np.concatenate(idxs), np.array(indptr)), shape=(len(indptr) - 1, 1 << self.bits))
        nd = 0
        if self.dense:
            Dm = np.vstack(D)
            self.mu, self.sd = Dm.mean(0), Dm.std(0) + 1e-3
            X = hstack([X, csr_matrix((Dm - self.mu) / self.sd * self.alpha)]).tocsr()
            nd = Dm.shape[1]
        clf = LogisticRegression(C=self.C, max_iter=400)
        clf.fit(X, np.array(ys))
        nl, ns = len(self.labels), 1 << self.bits
        W = np.zeros((nl, ns), dtype=np.float32)
        Wd = np.zeros((nl, nd), dtype=np.float32)
        b = np.full(nl, -30.0, dtype=np.float32)
        for k, c in enumerate(clf.classes_):
            W[c] = clf.coef_[k][:ns]
            Wd[c] = clf.coef_[k][ns:] * self.alpha
            b[c] = clf.intercept_[k]
        self.W, self.b = W, b
        self.Wd = Wd if self.dense else None
        if self.nn_on:
            from .tagger import fit_span_lstm

            items, yy = [], []
            for k, (text, sp, lab) in enumerate(zip(texts, spans, y)):
                if sp:
                    items += self._nn_items(text, sp, vecs[k])
                    yy += [self.labels.index(l) for l in lab]
            self.nn = fit_span_lstm(items, np.array(yy), len(self.labels), epochs=self.nn_epochs, seed=self.seed)
        return self

    def _nn_items(self, text: str, spans, vecs, view: ArticleView | None = None):
        from .tagger import span_context, token_extras

        view = view or ArticleView(text)
        F = np.hstack([np.asarray(vecs, dtype=np.float32), token_extras(view)])
        tl = Counter(text[s:e].lower() for s, e in spans)
        to = Counter((s, e) for s, e in spans)
        return [span_context(view, F, s, e, tl[text[s:e].lower()], to[(s, e)]) for s, e in spans]

    def proba(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None, vecs: np.ndarray | None = None) -> np.ndarray:
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        view = view or ArticleView(text)
        rows = self._article_rows(text, spans, view)
        z = np.stack([self.W[:, i] @ v for i, v in rows]) + self.b
        if self.Wd is not None:
            if vecs is None:
                raise ValueError("this TechniqueClassifier needs MiniLM token vectors")
            z = z + ((self._dense_rows(text, spans, vecs, view) - self.mu) / self.sd) @ self.Wd.T
        z -= z.max(axis=1, keepdims=True)
        if self.nn is not None:
            # a geometric mixture of the two models' probabilities
            zn = self.nn.logits_of(self._nn_items(text, spans, vecs, view))
            zn -= zn.max(axis=1, keepdims=True)
            lz = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            ln = zn - np.log(np.exp(zn).sum(axis=1, keepdims=True))
            z = (1.0 - self.nn_weight) * lz + self.nn_weight * ln
            z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict_one(self, text: str, spans: Sequence[tuple[int, int]], view: ArticleView | None = None,
                    vecs: np.ndarray | None = None) -> list[tuple[str, float]]:
        """One (label, probability) per span; identical spans get distinct labels, best first."""
        P = self.proba(text, spans, view, vecs)
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

    def predict(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], vecs: Sequence[np.ndarray] | None = None) -> list[list[str]]:
        return [[l for l, _ in self.predict_one(t, sp, vecs=None if vecs is None else vecs[k])] for k, (t, sp) in enumerate(zip(texts, spans))]

    def evaluate(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], y: Sequence[Sequence[str]],
                 vecs: Sequence[np.ndarray] | None = None) -> dict:
        pred = self.predict(texts, spans, vecs)
        P = {str(k): [(s, e, l) for (s, e), l in zip(sp, pl)] for k, (sp, pl) in enumerate(zip(spans, pred))}
        G = {str(k): [(s, e, l) for (s, e), l in zip(sp, yl)] for k, (sp, yl) in enumerate(zip(spans, y))}
        return tc_scores(P, G, self.labels)

    def save(self, path: str | Path) -> None:
        meta = {"bits": self.bits, "C": self.C, "labels": self.labels, "dense": self.Wd is not None, "alpha": self.alpha,
                "nn": self.nn is not None, "nn_weight": self.nn_weight, "nn_epochs": self.nn_epochs, "seed": self.seed}
        arrays = {"W": self.W.astype(np.float16), "b": self.b}
        if self.Wd is not None:
            arrays.update(Wd=self.Wd.astype(np.float32), mu=self.mu.astype(np.float32), sd=self.sd.astype(np.float32))
        if self.nn is not None:
            arrays.update(self.nn.arrays("nn_"))
        np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> "TechniqueClassifier":
        z = np.load(path, allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        m = cls(**meta)
        m.W = z["W"].astype(np.float32)
        m.b = z["b"].astype(np.float32)
        if m.dense:
            m.Wd, m.mu, m.sd = (z[k].astype(np.float32) for k in ("Wd", "mu", "sd"))
        if m.nn_on:
            from .tagger import SpanLSTM

            m.nn = SpanLSTM.from_arrays(z, "nn_")
        return m
