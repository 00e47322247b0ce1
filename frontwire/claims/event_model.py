"""A learned event typer over placed mentions: which kind of event, if any, a sentence tells at a place.

The rules of :mod:`.events` find an event when a trigger they know ("shelled", "captured") governs a
place; on reports they were not tuned on they miss about a third of the gold events, nearly all at
places the geoparser found, in phrasings no rule lists ("escalated their pace of fire against X",
"fighting is ongoing in the area of X"). This model reads every placed mention (settlement or region)
through the frozen MiniLM encoder the ``quotes`` and ``techniques`` stages already run
(:mod:`frontwire.framing.encoder`; the pass is shared) and gives, per ACLED sub-event type, the
probability that the story tells an event of that type at that place in that sentence.

Features per mention (1,152 numbers): the mean of the encoder's word-piece vectors over the sentence,
over a window from 80 characters before the place name to 30 after it (inside the sentence), and over
the name itself. Model: five networks of one hidden layer of 128 ReLU units and six sigmoid outputs
(multi-label: a sentence may tell shelling and a clash at one place), trained from five seeds with
scikit-learn's ``MLPClassifier`` by ``scripts/train_event_model.py`` on the hand-annotated gold sets of
``tests/data/events_gold_corpus``, their probabilities averaged, and stored as numpy arrays
(``data/event_model.npz``); the run time needs numpy only. The ``events`` component adds its events at places
where the rules found none.

Same shape as the other models here: :meth:`EventModel.fit`, :meth:`EventModel.predict_proba`,
:meth:`EventModel.evaluate`, :meth:`EventModel.save` / :meth:`EventModel.load`; :func:`mention_rows`
builds the inputs of both training and run time, so the features match exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "event_model.npz"

#: the sub-event types the model predicts (the ones with enough gold events to learn from)
TYPES = ("Armed clash", "Shelling/artillery/missile attack", "Air/drone strike", "Non-state actor overtakes territory",
         "Government regains territory", "Remote explosive/landmine/IED")
BEFORE, AFTER = 80, 30  # characters of the mention window before / after the place name


def is_candidate(place: dict) -> bool:
    """Places the model types: settlements, districts, regions, facilities; not whole countries."""
    return place.get("precision") != "country" and place.get("feature") != "country"


def mention_rows(text: str, sentences: list[dict], places: list[dict], piece_starts, piece_vecs) -> list[dict]:
    """One row per candidate place mention: the place, its sentence and its feature vector ``x``.

    ``piece_starts`` / ``piece_vecs`` are the encoder's word-piece start offsets and vectors for ``text``
    (:meth:`~frontwire.framing.encoder.MiniLMEncoder.text_pieces`)."""
    ps = np.asarray(piece_starts)
    pv = np.asarray(piece_vecs, dtype=np.float32)
    if not len(ps) or not sentences:
        return []
    sstarts = np.array([s["start"] for s in sentences])
    rows = []
    for m in places:
        if not is_candidate(m):
            continue
        si = int(np.searchsorted(sstarts, m["start"], "right") - 1)
        if si < 0:
            continue
        s = sentences[si]
        a, b = np.searchsorted(ps, s["start"]), np.searchsorted(ps, s["end"])
        if b <= a:
            continue
        wa = np.searchsorted(ps, max(s["start"], m["start"] - BEFORE))
        wb = np.searchsorted(ps, min(s["end"], m["end"] + AFTER))
        ma, mb = np.searchsorted(ps, m["start"]), np.searchsorted(ps, m["end"])
        x = np.concatenate([pv[a:b].mean(0), pv[wa:max(wb, wa + 1)].mean(0), pv[ma:max(mb, ma + 1)].mean(0)])
        rows.append({"place": m, "sentence": s, "x": x})
    return rows


def encode_mentions(text: str, sentences: list[dict], places: list[dict]) -> list[dict]:
    """:func:`mention_rows` over the shared MiniLM pass of ``text`` (its ``hidden`` vectors); none without the encoder."""
    from ..framing.encoder import shared_encoder
    from .attribution_tagger import ENCODER_DIR

    onnx, vocab = ENCODER_DIR / "minilm.onnx", ENCODER_DIR / "minilm_vocab.txt"
    if not (onnx.exists() and vocab.exists() and sentences and places):
        return []
    enc = shared_encoder(str(onnx), str(vocab))
    _ids, starts, vecs = enc.text_pieces(text)
    a, b = enc.outputs.get("hidden", next(iter(enc.outputs.values())))
    return mention_rows(text, sentences, places, starts, vecs[:, a:b])


_NORM = re.compile(r"[^a-z0-9]+")


def _norm(s: str) -> str:
    return _NORM.sub(" ", s.lower()).strip()


def quoted(sentence: str, notes: str, k: int = 30) -> bool:
    """Does an annotator's note quote this sentence (any 30 characters of it, step 8, after normalising)?
    The gold notes quote the words an event was coded from; that is how a gold (type, place) is tied to
    the mention that tells it rather than to every mention of the place."""
    ns = _norm(sentence)
    if len(ns) < k:
        return bool(ns) and ns in notes
    return any(ns[i:i + k] in notes for i in range(0, len(ns) - k + 1, 8))


def gold_labels(rows: list[dict], gold_events: list[dict], place_match) -> tuple[list[int], np.ndarray]:
    """Training labels for one story's rows: ``(kept row indices, Y)``. A mention of a place with a gold
    event in a sentence the notes quote is positive for that event's type(s); a mention of a place with
    no gold event is negative for every type; a mention of a gold place in a sentence no note quotes is
    left out (it may retell the event or not)."""
    notes = _norm(" ".join(g.get("note") or "" for g in gold_events))
    keep, Y = [], []
    for i, r in enumerate(rows):
        types = {g["sub_event_type"] for g in gold_events if place_match(g, r["place"])}
        if types and not quoted(r["sentence"]["text"], notes):
            continue
        keep.append(i)
        Y.append([int(t in types) for t in TYPES])
    return keep, np.array(Y, dtype=np.int8).reshape(-1, len(TYPES))


class EventModel:
    """Standardise, one ReLU layer, sigmoid per type; ``members`` such networks trained from different seeds,
    their probabilities averaged. ``threshold``: the probability from which :mod:`.events` adds an event the rules
    did not find."""

    def __init__(self, hidden: int = 128, alpha: float = 10.0, threshold: float = 0.5, seed: int = 0, members: int = 5):
        self.hidden, self.alpha, self.threshold, self.seed, self.members = hidden, alpha, threshold, seed, members
        self.types = TYPES
        self.mu = self.sd = self.W1 = self.b1 = self.W2 = self.b2 = None  # W1 (members, features, hidden) ...

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "EventModel":
        from sklearn.neural_network import MLPClassifier  # the ``train`` extra

        X = np.asarray(X, dtype=np.float32)
        self.mu, self.sd = X.mean(0), X.std(0) + 1e-6
        nets = [MLPClassifier(hidden_layer_sizes=(self.hidden,), alpha=self.alpha, max_iter=200, early_stopping=True,
                              random_state=self.seed + k).fit((X - self.mu) / self.sd, np.asarray(Y)) for k in range(self.members)]
        self.W1, self.W2 = (np.stack([n.coefs_[i] for n in nets]) for i in (0, 1))
        self.b1, self.b2 = (np.stack([n.intercepts_[i] for n in nets]) for i in (0, 1))
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(rows, types) probabilities, the members' mean."""
        X = (np.asarray(X, dtype=np.float32) - self.mu) / self.sd
        h = np.maximum(np.einsum("nd,kdh->knh", X, self.W1) + self.b1[:, None], 0.0)
        return (1.0 / (1.0 + np.exp(-(np.einsum("knh,kht->knt", h, self.W2) + self.b2[:, None])))).mean(0)

    def evaluate(self, X: np.ndarray, Y: np.ndarray) -> dict:
        """Mention-level precision / recall / F1 per type at :attr:`threshold`."""
        P = self.predict_proba(X) >= self.threshold
        out = {}
        for j, t in enumerate(self.types):
            tp = int((P[:, j] & (Y[:, j] == 1)).sum())
            p, r = tp / max(1, int(P[:, j].sum())), tp / max(1, int(Y[:, j].sum()))
            out[t] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": int(Y[:, j].sum())}
        return out

    def save(self, path: Path = MODEL_PATH) -> None:
        np.savez_compressed(path, mu=self.mu.astype(np.float32), sd=self.sd.astype(np.float32),
                            W1=self.W1.astype(np.float16), b1=self.b1.astype(np.float32), W2=self.W2.astype(np.float32),
                            b2=self.b2.astype(np.float32), types=np.array(self.types), threshold=np.float32(self.threshold),
                            hidden=self.hidden, alpha=self.alpha)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "EventModel | None":
        if not Path(path).exists():
            return None
        z = np.load(path, allow_pickle=False)
        m = cls(hidden=int(z["hidden"]), alpha=float(z["alpha"]), threshold=float(z["threshold"]))
        m.types = tuple(str(t) for t in z["types"])
        m.mu, m.sd, m.b1, m.W2, m.b2 = (z[k] for k in ("mu", "sd", "b1", "W2", "b2"))
        m.W1 = z["W1"].astype(np.float32)
        m.members = len(m.W1)
        return m
