"""A BiLSTM token tagger over frozen MiniLM vectors for attribution cues (numpy at run time).

Each spaCy sentence is one sequence; a token's input is its contextual vector from
the framing stage's frozen encoder (:class:`frontwire.framing.encoder.MiniLMEncoder`,
first 4 layers of all-MiniLM-L6-v2, int8 ONNX), whether it is a cue candidate
(:func:`.attribution_model.is_candidate`) and the linear cue model's logit for it.
``Linear -> ReLU -> BiLSTM -> Linear`` gives four sigmoid outputs per token: cue
head (the linear model's target), inside a cue, inside a source, inside a content.

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


class CueTagger:
    def __init__(self, arrays: dict[str, np.ndarray]):
        from ..framing.tagger import LSTMTagger

        self.lstm = LSTMTagger({k: arrays[k] for k in _CORE})
        self.W1 = np.asarray(arrays["W1"], np.float32)
        self.b1 = np.asarray(arrays["b1"], np.float32)
        self.with_lr = not int(arrays.get("nolr", 0))
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
        out = {k: (v.astype(np.float16) if v.ndim == 2 and v.size > 4096 else v) for k, v in self.lstm.a.items()}
        out.update(W1=self.W1, b1=self.b1, nolr=np.array(int(not self.with_lr)), mix=self.mix)
        return out

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
        sents = [(s.start, s.end) for s in doc.sents]
        order = sorted(range(len(sents)), key=lambda k: sents[k][1] - sents[k][0])
        for c in range(0, len(order), 64):
            ks = order[c:c + 64]
            H, lens = self.lstm.hidden_states([F[sents[k][0]:sents[k][1]] for k in ks])
            Z = H @ self.W1.T + self.b1
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
