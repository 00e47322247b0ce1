"""A BiLSTM token tagger over frozen MiniLM vectors for attribution cues (numpy at run time).

Each spaCy sentence is one sequence; a token's input is its contextual vector from
the framing stage's frozen encoder (:class:`frontwire.framing.encoder.MiniLMEncoder`,
first 4 layers of all-MiniLM-L6-v2, int8 ONNX), whether it is a cue candidate
(:func:`.attribution_model.is_candidate`) and the linear cue model's logit for it
(and, when the file holds ``dep_labels``, the parse: :func:`syn_inputs`).
``Linear -> ReLU -> BiLSTM -> Linear`` gives four sigmoid outputs per token: cue
head (the linear model's target), inside a cue, inside a source, inside a content.
The file may hold several such taggers (an ensemble: their output logits are averaged).

The BiLSTM itself is the framing stage's numpy implementation
(:class:`frontwire.framing.tagger.LSTMTagger`, imported, not copied); this module
adds the four-way output layer and the mix with the linear model.  Trained by
``scripts/train_attribution_tagger.py`` (torch), stored in
``data/attribution_tagger.npz``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

TAGGER_PATH = Path(__file__).parent / "data" / "attribution_tagger.npz"
ENCODER_DIR = Path(__file__).resolve().parents[1] / "framing" / "data"
OUTPUTS = ("cue_head", "in_cue", "in_source", "in_content")
_CORE = ("mu", "sd", "W0", "b0", "f_Wih", "f_Whh", "f_b", "r_Wih", "r_Whh", "r_b")


def _lstm_part(arrays, pre: str = "") -> dict:
    """One tagger's BiLSTM arrays under prefix ``pre``: :data:`_CORE` and any stacked layers ("f1_Wih" ...)."""
    out = {c: arrays[pre + c] for c in _CORE}
    k = 1
    while f"{pre}f{k}_Wih" in arrays:
        out.update({f"{d}{k}_{w}": arrays[f"{pre}{d}{k}_{w}"] for d in "fr" for w in ("Wih", "Whh", "b")})
        k += 1
    return out


class _View:
    """The little of an ArticleView the encoder reads: text, token offsets, token ends."""

    def __init__(self, doc):
        self.text = doc.text
        self.toks = [(t.idx, t.idx + len(t)) for t in doc]
        self.ends = np.fromiter((e for _s, e in self.toks), dtype=np.int64, count=len(self.toks))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def token_inputs(vecs: np.ndarray, cand: np.ndarray, lr_logit: np.ndarray, with_lr: bool = True) -> np.ndarray:
    """Rows of the tagger's input: vector, candidate flag, linear logit (scaled) and probability (candidates only)."""
    c = cand.astype(np.float32)
    cols = [np.asarray(vecs, np.float32), c[:, None]]
    if with_lr:
        lo = np.clip(np.asarray(lr_logit, np.float32), -9, 9)
        cols += [(lo * c)[:, None] / 3.0, (1 / (1 + np.exp(-lo)) * c)[:, None]]
    return np.hstack(cols)


UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM",
        "VERB", "X")
KID_DEPS = ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent", "advcl", "mark", "acomp", "attr", "dative")


def syn_inputs(doc, dep_labels, cand: np.ndarray, lr_logit: np.ndarray) -> np.ndarray:
    """The parse as tagger inputs: one-hots of the token's POS and dependency label (and its head's label), the head's
    offset and whether the token is a root, the linear cue logit of its head and grand-head, which core labels its
    children carry."""
    dl = {d: k for k, d in enumerate(dep_labels)}
    nd, npos = len(dep_labels) + 1, len(UPOS) + 1
    pos = {p: k for k, p in enumerate(UPOS)}
    n = len(doc)
    kid = {d: k for k, d in enumerate(KID_DEPS)}
    X = np.zeros((n, npos + 2 * nd + 5 + len(KID_DEPS)), np.float32)
    lo = np.clip(np.asarray(lr_logit, np.float32), -9, 9) * np.asarray(cand, np.float32) / 3.0
    o = npos + 2 * nd
    for t in doc:
        i, h = t.i, t.head.i
        X[i, pos.get(t.pos_, npos - 1)] = 1
        X[i, npos + dl.get(t.dep_, nd - 1)] = 1
        X[i, npos + nd + dl.get(t.head.dep_, nd - 1)] = 1
        X[i, o] = max(-8, min(8, h - i)) / 8.0
        X[i, o + 1] = float(h == i)
        X[i, o + 2] = lo[h] if h != i else 0.0
        g = t.head.head.i
        X[i, o + 3] = lo[g] if g != h else 0.0
        X[i, o + 4] = float(bool(t.is_sent_start))
        if h != i and t.dep_ in kid:
            X[h, o + 5 + kid[t.dep_]] = 1
    return X


class CueTagger:
    def __init__(self, arrays: dict[str, np.ndarray]):
        from ..framing.tagger import LSTMTagger

        self.lstm = LSTMTagger(_lstm_part(arrays))
        self.W1 = np.asarray(arrays["W1"], np.float32)
        self.b1 = np.asarray(arrays["b1"], np.float32)
        #: further members of an ensemble, stored under "m1_", "m2_" ... prefixes; their output logits are averaged
        #: with the first one's.  A member reads the first ``len(mu)`` input columns, so a member without the
        #: syntactic inputs (appended last) can join one with them
        self.members = []
        k = 1
        while f"m{k}_W1" in arrays:
            pre = f"m{k}_"
            self.members.append((LSTMTagger(_lstm_part(arrays, pre)), np.asarray(arrays[pre + "W1"], np.float32),
                                 np.asarray(arrays[pre + "b1"], np.float32)))
            k += 1
        self.with_lr = not int(arrays.get("nolr", 0))
        #: the parser's labels when the tagger also reads the parse (:func:`syn_inputs`)
        self.dep_labels = [str(x) for x in arrays["dep_labels"]] if "dep_labels" in arrays else None
        # cue probability = sigmoid(mix[0] * logit(tagger) + mix[1] * logit(linear) + mix[2] [+ mix[3] * logit(tagger
        # in_cue)]) (the first three chosen on dev, the in_cue weight and the bias with it on 100 PolNeAR train articles)
        self.mix = np.asarray(arrays.get("mix", np.array([1.0, 0.0, 0.0])), np.float32)
        self._encoder = None

    @classmethod
    def load(cls, path: Path = TAGGER_PATH) -> "CueTagger | None":
        if not path.exists() or not (ENCODER_DIR / "minilm.onnx").exists():
            return None
        z = np.load(path, allow_pickle=False)
        return cls({k: z[k] for k in z.files})

    def arrays(self) -> dict[str, np.ndarray]:
        half = lambda v: v.astype(np.float16) if v.ndim == 2 and v.size > 4096 else v  # large matrices stored as float16
        out = {k: half(v) for k, v in self.lstm.a.items()}
        out.update(W1=self.W1, b1=self.b1, nolr=np.array(int(not self.with_lr)), mix=self.mix)
        if self.dep_labels is not None:
            out["dep_labels"] = np.array(self.dep_labels)
        for k, (lstm, W1, b1) in enumerate(self.members, 1):
            pre = f"m{k}_"
            out.update({pre + c: half(v) for c, v in lstm.a.items()})
            out.update({pre + "W1": W1, pre + "b1": b1})
        return out

    def add_member(self, other: CueTagger) -> None:
        """Average ``other``'s output logits with this tagger's (its inputs must be a prefix of this one's)."""
        self.members.append((other.lstm, other.W1, other.b1))
        self.members.extend(other.members)

    def logits(self, seqs: list[np.ndarray]) -> np.ndarray:
        """(sequences, longest, 4) output logits, averaged over the ensemble's members."""
        Z = 0
        nets = [(self.lstm, self.W1, self.b1)] + self.members
        for lstm, W1, b1 in nets:
            d = len(lstm.a["mu"])
            H, _lens = lstm.hidden_states([x[:, :d] for x in seqs])
            Z = Z + H @ W1.T + b1
        return Z / len(nets)

    @property
    def encoder(self):
        if self._encoder is None:
            from ..framing.encoder import shared_encoder

            self._encoder = shared_encoder(str(ENCODER_DIR / "minilm.onnx"), str(ENCODER_DIR / "minilm_vocab.txt"))
        return self._encoder

    def vectors(self, doc) -> np.ndarray:
        return self.encoder.token_vectors(_View(doc))

    def token_probs(self, doc, cand: np.ndarray, lr_logit: np.ndarray, vecs: np.ndarray | None = None) -> np.ndarray:
        """(tokens, 4) probabilities of :data:`OUTPUTS`."""
        n = len(doc)
        out = np.zeros((n, len(OUTPUTS)), np.float32)
        if not n:
            return out
        if vecs is None:
            vecs = self.vectors(doc)
        F = token_inputs(vecs, cand, lr_logit, self.with_lr)
        if self.dep_labels is not None:
            F = np.hstack([F, syn_inputs(doc, self.dep_labels, cand, lr_logit)])
        sents = [(s.start, s.end) for s in doc.sents]
        order = sorted(range(len(sents)), key=lambda k: sents[k][1] - sents[k][0])
        for c in range(0, len(order), 64):
            ks = order[c:c + 64]
            Z = self.logits([F[sents[k][0]:sents[k][1]] for k in ks])
            for r, k in enumerate(ks):
                a, b = sents[k]
                out[a:b] = Z[r, :b - a]
        return 1.0 / (1.0 + np.exp(-np.clip(out, -30, 30)))

    def cue_probs(self, tag_p: np.ndarray, lr_p: np.ndarray, in_cue: np.ndarray | None = None) -> np.ndarray:
        """The mixed cue-head probability of candidates (tagger cue head, linear model and tagger in_cue probabilities)."""
        z = self.mix[0] * _logit(tag_p) + self.mix[1] * _logit(lr_p) + self.mix[2]
        if len(self.mix) > 3 and in_cue is not None:
            z = z + self.mix[3] * _logit(in_cue)
        return 1.0 / (1.0 + np.exp(-z))
