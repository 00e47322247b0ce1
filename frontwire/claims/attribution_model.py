"""A learned attribution model over the spaCy parse: cue detection + role labelling.

Two linear models (logistic regression trained on PolNeAR train by
``scripts/train_attribution.py``, stored as numpy arrays in
``data/attribution_model.npz``; no scikit-learn at run time):

* **cue**: is this token the head of an attribution cue? (lemma, POS, dependency
  label, children labels, head, quotation context);
* **role**: given a cue head and a token near it (same sentence, or the one
  before / after), is the token part of the *source*, the *content*, or neither?
  Features are the syntactic relation between the two (which child of the cue,
  or of the cue's head, dominates the token), relative position, quotation
  marks, the token's own POS / dependency.

``predict(doc)`` returns attributions as character spans
``{"cue": (s, e), "source": (s, e) | None, "content": (s, e) | None, "p": float}``.
The rule-based :mod:`.quotes` component uses it to add attributions its rules
miss; it never replaces a rule-based one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "attribution_model.npz"
ROLES = ("none", "source", "content")

_QUOTES_OPEN = {"“", '"', "‘"}
_QUOTES_CLOSE = {"”", '"', "’"}


def quote_mask(doc) -> np.ndarray:
    """1 for tokens inside a quotation (between paired quotation marks in one paragraph)."""
    mask = np.zeros(len(doc), dtype=np.int8)
    text = doc.text
    import re

    for m in re.finditer(r"“[^“”]*”|\"[^\"\n]*\"", text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is not None:
            mask[span.start:span.end] = 1
    return mask


def cue_features(tok, qmask) -> list[str]:
    f = [
        "b",
        "l=" + tok.lemma_.lower(),
        "p=" + tok.pos_,
        "t=" + tok.tag_,
        "d=" + tok.dep_,
        "lp=" + tok.lemma_.lower() + "|" + tok.pos_,
        "ld=" + tok.lemma_.lower() + "|" + tok.dep_,
        "hl=" + tok.head.lemma_.lower(),
        "hp=" + tok.head.pos_,
        "q=" + str(int(qmask[tok.i])),
        "lq=" + tok.lemma_.lower() + "|" + str(int(qmask[tok.i])),
    ]
    kids = sorted({c.dep_ for c in tok.children})
    for k in kids:
        f.append("c=" + k)
        f.append("lc=" + tok.lemma_.lower() + "|" + k)
    if tok.i > 0:
        pr = tok.doc[tok.i - 1]
        f.append("pw=" + pr.lower_)
        f.append("pwl=" + pr.lower_ + "|" + tok.lemma_.lower())
    if tok.i + 1 < len(tok.doc):
        nx = tok.doc[tok.i + 1]
        f.append("nw=" + nx.lower_)
        f.append("nwl=" + tok.lemma_.lower() + "|" + nx.lower_)
    # a quotation right next to it
    near = qmask[max(0, tok.i - 3):tok.i + 4]
    f.append("nearq=" + str(int(near.any())))
    return f


def _dominating_child(anchor, tok):
    """The child of ``anchor`` whose subtree holds ``tok`` (None if none)."""
    t = tok
    while t.head.i != t.i and t.head != anchor:
        t = t.head
    return t if t.head == anchor and t is not anchor else None


def role_features(cue, tok, qmask, sent_rel: int) -> list[str]:
    f = ["b", "sr=" + str(sent_rel), "tp=" + tok.pos_, "td=" + tok.dep_]
    pos = "L" if tok.i < cue.i else ("R" if tok.i > cue.i else "S")
    f.append("pos=" + pos)
    d = abs(tok.i - cue.i)
    db = "1" if d <= 1 else "3" if d <= 3 else "8" if d <= 8 else "20" if d <= 20 else "far"
    f.append("dist=" + pos + db)
    qt, qc = int(qmask[tok.i]), int(qmask[cue.i])
    f.append(f"q={qt}{qc}")
    f.append(f"qpos={qt}{qc}{pos}")
    cl = cue.lemma_.lower()
    if sent_rel == 0:
        ch = _dominating_child(cue, tok)
        if ch is not None:
            f.append("ch=" + ch.dep_)
            f.append("chp=" + ch.dep_ + pos)
            f.append("chl=" + ch.dep_ + "|" + cl)
            f.append("chq=" + ch.dep_ + str(qt))
            if ch is tok:
                f.append("direct=" + tok.dep_)
        else:
            h = cue.head
            f.append("cd=" + cue.dep_)
            if h is not cue:
                hc = _dominating_child(h, tok)
                if tok == h:
                    f.append("ishead=" + cue.dep_)
                elif hc is not None:
                    f.append("hch=" + cue.dep_ + ">" + hc.dep_)
                    f.append("hchp=" + cue.dep_ + ">" + hc.dep_ + pos)
                else:
                    f.append("hch=none")
    else:
        f.append("cd=" + cue.dep_)
        f.append("sq=" + str(sent_rel) + str(qt))
    if tok.is_punct:
        f.append("punct=" + tok.text)
    return f


class LinearModel:
    """Weights over hashed-free string features: score = W[f].sum() + b."""

    def __init__(self, vocab: dict[str, int], W: np.ndarray, b: np.ndarray):
        self.vocab, self.W, self.b = vocab, W, b

    def scores(self, feats: list[list[str]]) -> np.ndarray:
        out = np.tile(self.b, (len(feats), 1)).astype(np.float32)
        for i, fs in enumerate(feats):
            idx = [self.vocab[x] for x in fs if x in self.vocab]
            if idx:
                out[i] += self.W[idx].sum(axis=0)
        return out


def _softmax(z: np.ndarray) -> np.ndarray:
    if z.shape[1] == 1:
        return 1.0 / (1.0 + np.exp(-z))
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class AttributionModel:
    def __init__(self, cue: LinearModel, role: LinearModel, threshold: float = 0.5):
        self.cue, self.role, self.threshold = cue, role, threshold
        self.last_cue_probs: dict[int, float] = {}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "AttributionModel | None":
        if not path.exists():
            return None
        z = np.load(path, allow_pickle=False)
        cue_vocab = {s: i for i, s in enumerate(z["cue_vocab"].tolist())}
        role_vocab = {s: i for i, s in enumerate(z["role_vocab"].tolist())}
        thr = float(z["threshold"]) if "threshold" in z else 0.5
        return cls(LinearModel(cue_vocab, z["cue_W"], z["cue_b"]), LinearModel(role_vocab, z["role_W"], z["role_b"]), thr)

    def predict(self, doc) -> list[dict]:
        if len(doc) == 0:
            return []
        qmask = quote_mask(doc)
        cands = [t for t in doc if t.pos_ in ("VERB", "NOUN", "ADP", "ADJ", "AUX", "PUNCT") and not t.is_space]
        cands = [t for t in cands if not (t.is_punct and t.text != ":")]
        if not cands:
            return []
        p = _softmax(self.cue.scores([cue_features(t, qmask) for t in cands]))[:, -1]
        self.last_cue_probs = {t.i: float(x) for t, x in zip(cands, p)}
        sents = list(doc.sents)
        sent_of = {}
        for si, s in enumerate(sents):
            for t in s:
                sent_of[t.i] = si
        out = []
        for t, prob in zip(cands, p):
            if prob < self.threshold:
                continue
            si = sent_of[t.i]
            toks, rels = [], []
            for rel in (-1, 0, 1):
                if 0 <= si + rel < len(sents):
                    for x in sents[si + rel]:
                        if x.i != t.i and not x.is_space:
                            toks.append(x)
                            rels.append(rel)
            if not toks:
                continue
            probs = _softmax(self.role.scores([role_features(t, x, qmask, r) for x, r in zip(toks, rels)]))
            labels = probs.argmax(axis=1)
            src = _best_run(toks, labels, 1, t.i)
            cont = _best_run(toks, labels, 2, t.i)
            out.append({"cue": (t.idx, t.idx + len(t)), "cue_i": t.i, "source": src, "content": cont, "p": float(prob)})
        return out


def _best_run(toks, labels, want: int, anchor: int):
    """The longest run of tokens labelled ``want`` (gaps of one token allowed) as a char span."""
    runs, cur = [], []
    last_i = None
    for x, lab in zip(toks, labels):
        if lab == want:
            if cur and last_i is not None and x.i - last_i > 2:
                runs.append(cur)
                cur = []
            cur.append(x)
            last_i = x.i
    if cur:
        runs.append(cur)
    if not runs:
        return None
    best = max(runs, key=lambda r: (len(r), -min(abs(r[0].i - anchor), abs(r[-1].i - anchor))))
    while best and best[0].is_punct and best[0].text not in _QUOTES_OPEN:
        best = best[1:]
    while best and best[-1].is_punct and best[-1].text not in _QUOTES_CLOSE:
        best = best[:-1]
    if not best:
        return None
    return (best[0].idx, best[-1].idx + len(best[-1]))
