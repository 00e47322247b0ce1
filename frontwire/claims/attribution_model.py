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


_DASHES = {"―", "—", "--", "–"}


def is_candidate(tok) -> bool:
    """Tokens that may head a cue: verbs, nouns, adjectives, adpositions, colons and dashes."""
    if tok.is_space:
        return False
    if tok.is_punct or tok.pos_ == "PUNCT":
        return tok.text == ":" or tok.text in _DASHES or tok.text.strip("”\"") in _DASHES
    return tok.pos_ in ("VERB", "NOUN", "ADP", "ADJ", "AUX")


def _ent(t) -> str:
    if t.ent_type_:
        return t.ent_type_
    if t.pos_ == "PRON":
        return "PRON_" + t.lower_
    return t.pos_


def sentence_context(doc, qmask) -> tuple[np.ndarray, np.ndarray]:
    """Per token: does its sentence hold a quotation; is it the sentence's first token."""
    sq = np.zeros(len(doc), dtype=np.int8)
    first = np.zeros(len(doc), dtype=np.int8)
    for s in doc.sents:
        sq[s.start:s.end] = int(qmask[s.start:s.end].any())
        first[s.start] = 1
    return sq, first


def cue_features(tok, qmask, version: int = 2, sctx=None, clusters: dict[str, int] | None = None) -> list[str]:
    lem = tok.lemma_.lower()
    f = [
        "b",
        "l=" + lem,
        "p=" + tok.pos_,
        "t=" + tok.tag_,
        "d=" + tok.dep_,
        "lp=" + lem + "|" + tok.pos_,
        "ld=" + lem + "|" + tok.dep_,
        "hl=" + tok.head.lemma_.lower(),
        "hp=" + tok.head.pos_,
        "q=" + str(int(qmask[tok.i])),
        "lq=" + lem + "|" + str(int(qmask[tok.i])),
    ]
    kids = sorted({c.dep_ for c in tok.children})
    for k in kids:
        f.append("c=" + k)
        f.append("lc=" + lem + "|" + k)
    if tok.i > 0:
        pr = tok.doc[tok.i - 1]
        f.append("pw=" + pr.lower_)
        f.append("pwl=" + pr.lower_ + "|" + lem)
    if tok.i + 1 < len(tok.doc):
        nx = tok.doc[tok.i + 1]
        f.append("nw=" + nx.lower_)
        f.append("nwl=" + lem + "|" + nx.lower_)
    # a quotation right next to it
    near = qmask[max(0, tok.i - 3):tok.i + 4]
    f.append("nearq=" + str(int(near.any())))
    if version < 2:
        return f
    # v2: the structure around the candidate
    f.append("lt=" + lem + "|" + tok.tag_)
    f.append("hd=" + tok.dep_ + "|" + tok.head.lemma_.lower())
    kidset = "+".join(k for k in kids if k in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent", "advcl", "acomp", "attr"))
    f.append("ks=" + kidset)
    f.append("lks=" + lem + "|" + kidset)
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            e = _ent(c)
            f.append("subj=" + e)
            f.append("lsubj=" + lem + "|" + e)
            f.append("subjl=" + c.lemma_.lower())
        elif c.dep_ in ("dobj", "attr", "acomp", "oprd"):
            f.append("obj=" + c.dep_ + "|" + c.lemma_.lower())
            f.append("lobj=" + lem + "|" + c.lemma_.lower())
            f.append("objt=" + _ent(c))
        elif c.dep_ in ("prep", "agent", "dative"):
            f.append("prep=" + c.lower_)
            f.append("lprep=" + lem + "|" + c.lower_)
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                f.append("lprepo=" + lem + "|" + c.lower_ + "|" + _ent(pobj))
        elif c.dep_ == "ccomp":
            f.append("ccq=" + str(int(qmask[c.i])))
            mark = next((g.lower_ for g in c.children if g.dep_ == "mark"), "-")
            f.append("lmark=" + lem + "|" + mark)
        elif c.dep_ == "xcomp":
            f.append("lx=" + lem + "|" + c.lemma_.lower())
    # the head of a noun cue ("his claim that", "in a statement")
    if tok.pos_ == "NOUN":
        f.append("nh=" + tok.dep_ + "|" + tok.head.lower_)
        if any(c.dep_ in ("acl", "ccomp") for c in tok.children):
            f.append("nclause=" + lem)
    # ancestors: is it inside someone else's reported clause?
    t, path = tok, []
    for depth in range(4):
        if t.head.i == t.i:
            break
        path.append(t.dep_)
        t = t.head
        if t.pos_ in ("VERB", "AUX", "NOUN"):
            f.append("up=" + path[-1] + "|" + t.lemma_.lower())
        if path[-1] in ("ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis"):
            f.append("upd=" + "/".join(path))
    if sctx is None:
        sctx = sentence_context(tok.doc, qmask)
    sq = str(int(sctx[0][tok.i]))
    f.append("sq=" + sq)
    f.append("lsq=" + lem + "|" + sq)
    f.append("first=" + str(int(sctx[1][tok.i])))
    if clusters:
        # word classes: k-means clusters of lemma embeddings, so that rare cue words
        # ("bristle", "hammer") share weights with frequent ones ("criticise")
        k = clusters.get(lem)
        if k is not None:
            k = str(k)
            f += ["cl=" + k, "clp=" + k + "|" + tok.pos_, "cld=" + k + "|" + tok.dep_, "clks=" + k + "|" + kidset,
                  "clq=" + k + "|" + sq]
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    f.append("clsubj=" + k + "|" + _ent(c))
        hk = clusters.get(tok.head.lemma_.lower())
        if hk is not None:
            f.append("hcl=" + str(hk) + "|" + tok.dep_)
    if tok.is_punct or tok.pos_ == "PUNCT":
        prev_q = tok.i > 0 and qmask[tok.i - 1]
        f.append("punct=" + tok.text + "|" + str(int(prev_q)))
        if tok.i + 1 < len(tok.doc):
            f.append("punctn=" + tok.text + "|" + _ent(tok.doc[tok.i + 1]))
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
    """Weights over string features, plus optional dense inputs: score = W[f].sum() + x @ D + b."""

    def __init__(self, vocab: dict[str, int], W: np.ndarray, b: np.ndarray, D: np.ndarray | None = None):
        self.vocab, self.W, self.b, self.D = vocab, W, b, D

    def scores(self, feats: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        n = len(feats)
        get = self.vocab.get
        rows, cols = [], []
        for i, fs in enumerate(feats):
            for x in fs:
                j = get(x)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        out = np.tile(self.b, (n, 1)).astype(np.float32)
        if cols:
            contrib = self.W[np.asarray(cols)]
            r = np.asarray(rows)
            for k in range(out.shape[1]):
                out[:, k] += np.bincount(r, weights=contrib[:, k], minlength=n)
        if self.D is not None and dense is not None and n:
            out += dense.astype(np.float32) @ self.D
        return out


def doc_tensor(doc) -> np.ndarray | None:
    """The parser's own contextual token vectors (spaCy tok2vec, 96 dims in en_core_web_sm)."""
    t = getattr(doc, "tensor", None)
    if t is None or len(t.shape) != 2 or t.shape[0] != len(doc):
        return None
    return np.asarray(t, dtype=np.float32)


def cue_dense(tensor: np.ndarray, toks) -> np.ndarray:
    """Dense input of the cue model: the candidate's vector and its syntactic head's."""
    i = np.fromiter((t.i for t in toks), dtype=np.int64, count=len(toks))
    h = np.fromiter((t.head.i for t in toks), dtype=np.int64, count=len(toks))
    return np.hstack([tensor[i], tensor[h]])


def _softmax(z: np.ndarray) -> np.ndarray:
    if z.shape[1] == 1:
        return 1.0 / (1.0 + np.exp(-z))
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


from .attribution_tagger import OUTPUTS as _TAGGER_OUTPUTS  # noqa: E402

_IN_CUE, _IN_SOURCE, _IN_CONTENT = (_TAGGER_OUTPUTS.index(k) for k in ("in_cue", "in_source", "in_content"))


class AttributionModel:
    def __init__(self, cue: LinearModel, role: LinearModel, threshold: float = 0.5, version: int = 1,
                 clusters: dict[str, int] | None = None, source_mix: float = 1.0, content_mix: float = 0.5):
        self.cue, self.role, self.threshold, self.version = cue, role, threshold, version
        #: weight of the tagger's in_source / in_content token probabilities against the role model's, for the
        #: tokens of the cue's own sentence (chosen on PolNeAR dev: source 0.822 -> 0.830, content 0.851 -> 0.853)
        self.source_mix, self.content_mix = source_mix, content_mix
        self.clusters = clusters
        #: the source is the contiguous run of the cue's sentence with the highest summed source margin
        #: (:func:`_best_span`) rather than the longest run of tokens labelled source (chosen out of fold on PolNeAR
        #: train: source F1 0.8183 -> 0.8221)
        self.source_span = True
        #: no source from the subject of an agentless passive cue ("Pence was asked")
        self.passive_no_source = True
        self.last_cue_probs: dict[int, float] = {}
        #: the optional BiLSTM cue tagger over MiniLM vectors (``attribution_tagger.npz``), mixed in when loaded
        self.tagger = None
        self.last_token_probs: np.ndarray | None = None

    @classmethod
    def load(cls, path: Path = MODEL_PATH, use_tagger: bool = True) -> "AttributionModel | None":
        if not path.exists():
            return None
        z = np.load(path, allow_pickle=False)
        cue_vocab = {s: i for i, s in enumerate(z["cue_vocab"].tolist())}
        role_vocab = {s: i for i, s in enumerate(z["role_vocab"].tolist())}
        thr = float(z["threshold"]) if "threshold" in z else 0.5
        version = int(z["version"]) if "version" in z else 1
        cue_D = z["cue_D"] if "cue_D" in z else None
        clusters = dict(zip(z["cl_lemmas"].tolist(), z["cl_ids"].tolist())) if "cl_lemmas" in z else None
        model = cls(LinearModel(cue_vocab, z["cue_W"], z["cue_b"], cue_D), LinearModel(role_vocab, z["role_W"], z["role_b"]), thr, version,
                    clusters)
        if use_tagger:
            from .attribution_tagger import CueTagger

            model.tagger = CueTagger.load()
        return model

    def cue_probabilities(self, doc) -> dict[int, float]:
        """Probability that each candidate token heads a cue (also kept in ``last_cue_probs``)."""
        self.last_cue_probs = {}
        if len(doc) == 0:
            return self.last_cue_probs
        qmask = quote_mask(doc)
        cands = [t for t in doc if is_candidate(t)]
        if not cands:
            return self.last_cue_probs
        sctx = sentence_context(doc, qmask)
        dense = None
        if self.cue.D is not None:
            tensor = doc_tensor(doc)
            dense = cue_dense(tensor, cands) if tensor is not None else None
        p = _softmax(self.cue.scores([cue_features(t, qmask, self.version, sctx, self.clusters) for t in cands], dense))[:, -1]
        self.last_token_probs = None
        if self.tagger is not None:
            idx = np.fromiter((t.i for t in cands), dtype=np.int64, count=len(cands))
            cand = np.zeros(len(doc), dtype=bool)
            cand[idx] = True
            lr_logit = np.zeros(len(doc), np.float32)
            lr_logit[idx] = np.log(np.clip(p, 1e-6, 1) / np.clip(1 - p, 1e-6, 1))
            tp = self.tagger.token_probs(doc, cand, lr_logit)
            self.last_token_probs = tp
            p = self.tagger.cue_probs(tp[idx, 0], p, tp[idx, _IN_CUE])
        self.last_cue_probs = {t.i: float(x) for t, x in zip(cands, p)}
        return self.last_cue_probs

    def sources_for(self, doc, toks) -> list:
        """The model's source span (or None) for each cue head of ``toks``; call :meth:`cue_probabilities` on ``doc`` first."""
        if not toks:
            return []
        sents = list(doc.sents)
        sent_of = {x.i: si for si, s in enumerate(sents) for x in s}
        qmask = quote_mask(doc)
        return [None if (r := self._roles(doc, t, qmask, sents, sent_of)) is None else r[0] for t in toks]

    def _roles(self, doc, t, qmask, sents, sent_of):
        """(source, content) character spans (or None) of the attribution cued by head ``t``."""
        si = sent_of[t.i]
        toks, rels = [], []
        for rel in (-1, 0, 1):
            if 0 <= si + rel < len(sents):
                for x in sents[si + rel]:
                    if x.i != t.i and not x.is_space:
                        toks.append(x)
                        rels.append(rel)
        if not toks:
            return None
        rp = _softmax(self.role.scores([role_features(t, x, qmask, r) for x, r in zip(toks, rels)]))
        tp = self.last_token_probs
        if tp is not None and len(tp) == len(doc) and (self.source_mix or self.content_mix):
            # in the cue's sentence the BiLSTM tagger's token roles are better than the per-pair role model's
            ii = np.fromiter((x.i for x in toks), dtype=np.int64, count=len(toks))
            same = np.asarray(rels) == 0
            rp = rp.copy()
            rp[:, 1] = np.where(same, (1 - self.source_mix) * rp[:, 1] + self.source_mix * tp[ii, _IN_SOURCE], (1 - self.source_mix) * rp[:, 1])
            rp[:, 2] = np.where(same, (1 - self.content_mix) * rp[:, 2] + self.content_mix * tp[ii, _IN_CONTENT], rp[:, 2])
        labels = rp.argmax(axis=1)
        own = {x.i for x, r in zip(toks, rels) if r == 0}
        src = None
        if self.source_span:
            src = _best_span(toks, rels, rp, t.i)
        if src is None:
            # (with source_span, only the neighbouring sentences can give a run here: the cue's own has no positive one)
            src = _best_run(toks, [lab if not (self.source_span and r == 0) else 0 for lab, r in zip(labels, rels)], 1, t.i, own)
        if src is not None and self.passive_no_source:
            # "Pence was asked about ...", "the man was charged with ...": the subject of an agentless passive cue
            # is the one spoken to or about, not the speaker
            kids = [c for c in t.children if c.dep_ in ("nsubjpass", "auxpass", "agent")]
            subj = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if subj is not None and not any(c.dep_ == "agent" for c in kids):
                st = list(subj.subtree)
                if src[0] < st[-1].idx + len(st[-1]) and st[0].idx < src[1]:
                    src = None
        cont = _best_run(toks, labels, 2, t.i, own)
        return src, cont

    def predict(self, doc, probs: dict[int, float] | None = None, keep=None) -> list[dict]:
        """Attributions of the cues above the threshold (``keep(token)`` may skip some)."""
        if len(doc) == 0:
            return []
        if probs is None:
            probs = self.cue_probabilities(doc)
        cues = [(doc[i], p) for i, p in sorted(probs.items()) if p >= self.threshold]
        if keep is not None:
            cues = [(t, p) for t, p in cues if keep(t)]
        if not cues:
            return []
        qmask = quote_mask(doc)
        sents = list(doc.sents)
        sent_of = {x.i: si for si, s in enumerate(sents) for x in s}
        out = []
        for t, prob in cues:
            r = self._roles(doc, t, qmask, sents, sent_of)
            if r is None:
                continue
            src, cont = r
            out.append({"cue": (t.idx, t.idx + len(t)), "cue_i": t.i, "source": src, "content": cont, "p": float(prob)})
        return out


def _best_span(toks, rels, rp, anchor: int):
    """The source span of the cue's own sentence: the run of consecutive tokens on one side of the cue (``anchor``)
    with the highest summed margin log p(source) - log max(p(none), p(content)) (``rp`` columns none / source /
    content); None when no run has a positive sum. Tokens of the neighbouring sentences (``rels`` != 0) are skipped."""
    eps = 1e-6
    sc = np.log(rp[:, 1] + eps) - np.log(np.maximum(rp[:, 0], rp[:, 2]) + eps)
    best, bscore = None, 0.0
    cur, cscore, prev = [], 0.0, None
    for k, (x, r) in enumerate(zip(toks, rels)):
        if r != 0:
            continue
        if prev is None or prev < anchor < x.i or x.i - prev > 1 or cscore <= 0:
            cur, cscore = [], 0.0
        cur.append(k)
        cscore += sc[k]
        prev = x.i
        if cscore > bscore:
            best, bscore = list(cur), cscore
    if best is None:
        return None
    return _trimmed_span([toks[k] for k in best])


def _best_run(toks, labels, want: int, anchor: int, own: set[int] = frozenset(), min_own: int = 3):
    """The longest run of tokens labelled ``want`` (gaps of one token allowed) as a char span; a run of at least
    ``min_own`` tokens in the cue's own sentence (token indexes ``own``) goes before a longer one next door."""
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
    best = max(runs, key=lambda r: (len(r) >= min_own and any(x.i in own for x in r), len(r),
                                    -min(abs(r[0].i - anchor), abs(r[-1].i - anchor))))
    return _trimmed_span(best)


def _trimmed_span(run):
    """The char span of a run of tokens without the punctuation at its ends (quotation marks kept); None if nothing is left."""
    while run and run[0].is_punct and run[0].text not in _QUOTES_OPEN:
        run = run[1:]
    while run and run[-1].is_punct and run[-1].text not in _QUOTES_CLOSE:
        run = run[:-1]
    if not run:
        return None
    return (run[0].idx, run[-1].idx + len(run[-1]))
