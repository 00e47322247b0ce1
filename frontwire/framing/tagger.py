"""A small BiLSTM token tagger over frozen encoder vectors (SI), numpy at run time.

Each sentence of an :class:`~frontwire.framing.features.ArticleView` is one
sequence; a token's input is its MiniLM vector (standardised) beside a few cheap
token features (:func:`token_extras`: position in the sentence, headline, inside
quotes, repetition in the article, shape).  ``Linear -> ReLU -> BiLSTM -> Linear``
gives one logit per token.  Trained with torch (:func:`fit_tagger`, training
only), evaluated with numpy (:class:`LSTMTagger`), so the shipped model is a
handful of arrays.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .features import STOP, ArticleView

N_EXTRAS = 10
QUOTE_CHARS = set("\"“”")


def token_extras(view: ArticleView) -> np.ndarray:
    """Cheap per-token features (``N_EXTRAS`` columns)."""
    n = len(view.toks)
    X = np.zeros((n, N_EXTRAS), dtype=np.float32)
    if not n or not view.sents:
        return X
    sa = np.array([a for a, _ in view.sents], np.int64)[view.sent_of]
    sb = np.array([b for _, b in view.sents], np.int64)[view.sent_of]
    ln = sb - sa
    i = np.arange(n)
    X[:, 0] = (i - sa) / np.maximum(1, ln - 1)
    X[:, 1] = i == sa
    X[:, 2] = i == sb - 1
    X[:, 3] = view.starts < view.title_end
    # inside quotes: the parity of the quote characters up to and including the token, in its sentence
    q = np.cumsum([w in QUOTE_CHARS for w in view.words])
    X[:, 4] = (q - np.concatenate([[0], q])[sa]) % 2
    rep: dict[str, float] = {}
    for lw in view.lower:
        if lw not in rep:
            rep[lw] = math.log1p(view.counts[lw]) if (lw.isalpha() and lw not in STOP) else 0.0
    X[:, 5] = [rep[lw] for lw in view.lower]
    X[:, 6] = [not any(c.isalnum() for c in w) for w in view.words]
    X[:, 7] = [w[:1].isupper() for w in view.words]
    X[:, 8] = [lw in STOP for lw in view.lower]
    X[:, 9] = [math.log1p(k) / 5.0 for k in ln.tolist()]
    return X


def _sig(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


class LSTMTagger:
    """Numpy inference of a fitted tagger."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.a = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
        self.hidden = self.a["f_Whh"].shape[1]

    def _run(self, G: np.ndarray, lens: np.ndarray, p: str) -> np.ndarray:
        """One LSTM direction over input gates ``G`` (batch, length, 4 x hidden: the input projection,
        bias included); padding positions of ``G`` are never read when ``lens`` is sorted."""
        a = self.a
        B, L, _ = G.shape
        H = self.hidden
        Whh = a[p + "Whh"].T
        h = np.zeros((B, H), np.float32)
        c = np.zeros((B, H), np.float32)
        out = np.zeros((B, L, H), np.float32)
        # rows are sorted by length (ascending) by the callers; only live rows are computed
        srt = bool(np.all(np.diff(lens) >= 0))
        for t in range(L):
            b0 = int(np.searchsorted(lens, t, side="right")) if srt else 0
            if b0 >= B:
                break
            g = G[b0:, t] + h[b0:] @ Whh
            sg = 0.5 * np.tanh(0.5 * g) + 0.5  # the logistic function, without overflow
            c[b0:] = sg[:, H:2 * H] * c[b0:] + sg[:, :H] * np.tanh(g[:, 2 * H:3 * H])
            h[b0:] = sg[:, 3 * H:] * np.tanh(c[b0:])
            out[b0:, t] = h[b0:]
        return out

    def hidden_states(self, seqs: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """BiLSTM states (batch, max length, 2 x hidden) of sequences of raw feature rows, and their lengths."""
        a = self.a
        lens = np.array([len(s) for s in seqs])
        B, L = len(seqs), int(lens.max())
        # the input projections only on the real rows (not on the padding, most of a batch of sentences)
        R = np.concatenate([np.asarray(s, np.float32) for s in seqs])
        Z = np.maximum(((R - a["mu"]) / a["sd"]) @ a["W0"].T + a["b0"], 0.0)
        bi = np.repeat(np.arange(B), lens)
        ti = np.arange(len(R)) - np.repeat(np.cumsum(lens) - lens, lens)  # position in the sequence
        ri = lens[bi] - 1 - ti  # the same position read backwards
        # layer 0 reads the projected rows; stacked layers (``lstm_arrays`` of a multi-layer net: "f1_", "r1_" ...) the states below
        k, pre = 0, ""
        while f"f{pre}_Wih" in a:
            G = np.zeros((B, L, 4 * self.hidden), np.float32)
            G[bi, ti] = Z @ a[f"f{pre}_Wih"].T + a[f"f{pre}_b"]
            hf = self._run(G, lens, f"f{pre}_")
            G = np.zeros((B, L, 4 * self.hidden), np.float32)
            G[bi, ri] = Z @ a[f"r{pre}_Wih"].T + a[f"r{pre}_b"]
            hr = self._run(G, lens, f"r{pre}_")
            hb = np.zeros_like(hr)
            hb[bi, ti] = hr[bi, ri]
            H = np.concatenate([hf, hb], axis=2)
            Z = H[bi, ti]
            k += 1
            pre = str(k)
        return H, lens

    def sentence_logits(self, seqs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """One logit per row of each input sequence (rows: raw features, standardised here)."""
        if not seqs:
            return []
        H, lens = self.hidden_states(seqs)
        z = (H @ self.a["W1"].T)[..., 0] + self.a["b1"][0]
        return [z[k, :n] for k, n in enumerate(lens)]

    def token_logits(self, view: ArticleView, vecs: np.ndarray) -> np.ndarray:
        F = np.hstack([np.asarray(vecs, np.float32), token_extras(view)])
        out = np.zeros(len(view.toks), np.float32)
        # sentences in batches of similar length, to keep the padding small
        order = sorted(range(len(view.sents)), key=lambda k: view.sents[k][1] - view.sents[k][0])
        for c in range(0, len(order), 64):
            ks = order[c:c + 64]
            zs = self.sentence_logits([F[view.sents[k][0]:view.sents[k][1]] for k in ks])
            for k, z in zip(ks, zs):
                out[view.sents[k][0]:view.sents[k][1]] = z
        return out

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {prefix + k: (v.astype(np.float16) if v.ndim == 2 and v.size > 4096 else v) for k, v in self.a.items()}

    @classmethod
    def from_arrays(cls, z, prefix: str) -> "LSTMTagger":
        keys = z.files if hasattr(z, "files") else list(z)
        return cls({k[len(prefix):]: z[k] for k in keys if k.startswith(prefix)})


def as_numpy(t) -> np.ndarray:
    return t.detach().numpy().astype(np.float32).copy()


def lstm_arrays(net, mu, sd) -> dict[str, np.ndarray]:
    """The input projection and BiLSTM weights of ``net`` as the numpy arrays the runtime reads."""
    L = net.lstm
    out = {"mu": mu, "sd": sd, "W0": as_numpy(net.inp.weight), "b0": as_numpy(net.inp.bias)}
    for k in range(L.num_layers):  # layer 0 as "f_" / "r_", stacked ones as "f1_" / "r1_" ...
        for p, sfx in (("f", ""), ("r", "_reverse")):
            w = lambda name: as_numpy(getattr(L, f"{name}_l{k}{sfx}"))  # noqa: E731
            pre = f"{p}{k}_" if k else f"{p}_"
            out.update({pre + "Wih": w("weight_ih"), pre + "Whh": w("weight_hh"), pre + "b": w("bias_ih") + w("bias_hh")})
    return out


def bilstm_trunk(D: int, proj: int, hidden: int, dropout: float, layers: int = 1):
    """The torch module class every BiLSTM head here is trained from: dropout, Linear ``D -> proj`` + ReLU,
    dropout, a BiLSTM of ``hidden`` units each way (``layers`` stacked, dropout between them); ``states(x, lens)``
    gives the padded hidden states.  Heads subclass it and add their output layer (parameter names match
    :func:`lstm_arrays`)."""
    import torch

    class Trunk(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = torch.nn.Linear(D, proj)
            self.drop = torch.nn.Dropout(dropout)
            if layers == 1:
                self.lstm = torch.nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
            else:
                self.lstm = torch.nn.LSTM(proj, hidden, num_layers=layers, batch_first=True, bidirectional=True, dropout=dropout)

        def states(self, x, lens):
            z = self.drop(torch.relu(self.inp(self.drop(x))))
            packed = torch.nn.utils.rnn.pack_padded_sequence(z, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = torch.nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return h

    return Trunk


def padded_batch(Xs, Ys, bi):
    """Sequences ``bi`` of the tensors ``Xs`` (features) and ``Ys`` (token targets) padded into one batch:
    ``(x, y, lens, mask)`` with ``mask`` 1.0 on real tokens, 0.0 on padding."""
    import torch

    lens = torch.tensor([len(Xs[j]) for j in bi])
    x = torch.nn.utils.rnn.pad_sequence([Xs[j] for j in bi], batch_first=True)
    y = torch.nn.utils.rnn.pad_sequence([Ys[j] for j in bi], batch_first=True)
    mask = (torch.arange(x.shape[1])[None, :] < lens[:, None]).float()
    return x, y, lens, mask


def train_loop(net, opt, n: int, batch: int, epochs: int, lr: float, rng, batch_loss, log, label: str) -> None:
    """Mini-batch training with a one-cycle learning rate and gradient clipping; ``batch_loss(indices)``
    returns the loss of one batch.  Leaves ``net`` in eval mode."""
    import torch

    steps = epochs * math.ceil(n / batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    for ep in range(epochs):
        net.train()
        order = rng.permutation(n)
        total = 0.0
        for k in range(0, n, batch):
            bi = order[k:k + batch]
            loss = batch_loss(bi)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(bi)
        if log:
            log(f"  {label} epoch {ep + 1}/{epochs}: loss {total / n:.4f}")
    net.eval()


def fit_tagger(seqs: Sequence[np.ndarray], ys: Sequence[np.ndarray], proj: int = 128, hidden: int = 96, epochs: int = 6,
               batch: int = 32, lr: float = 2e-3, dropout: float = 0.3, seed: int = 0, log=None) -> LSTMTagger:
    """Train on sequences (rows = token features) with 0/1 token labels."""
    import torch

    torch.set_num_threads(1)  # training is reproducible on one thread (and the machine is shared)
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    allX = np.vstack(seqs)
    mu = allX.mean(0).astype(np.float32)
    sd = (allX.std(0) + 1e-3).astype(np.float32)
    del allX
    D = seqs[0].shape[1]

    class Net(bilstm_trunk(D, proj, hidden, dropout)):
        def __init__(self):
            super().__init__()
            self.out = torch.nn.Linear(2 * hidden, 1)

        def forward(self, x, lens):
            return self.out(self.drop(self.states(x, lens)))[..., 0]

    net = Net()
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    Xs = [torch.from_numpy(((s - mu) / sd).astype(np.float32)) for s in seqs]
    Ys = [torch.from_numpy(y.astype(np.float32)) for y in ys]
    n = len(Xs)

    def batch_loss(bi):
        x, y, lens, mask = padded_batch(Xs, Ys, bi)
        z = net(x, lens)
        return (torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none") * mask).sum() / mask.sum()

    train_loop(net, opt, n, batch, epochs, lr, rng, batch_loss, log, "tagger")
    arrays = {**lstm_arrays(net, mu, sd), "W1": as_numpy(net.out.weight), "b1": as_numpy(net.out.bias)}
    tagger = LSTMTagger(arrays)
    tagger._torch = net  # for checks in training; not saved
    return tagger


def sentence_sequences(view: ArticleView, vecs: np.ndarray, y: np.ndarray | None = None):
    """(features, labels) per sentence of a view, for :func:`fit_tagger`."""
    F = np.hstack([np.asarray(vecs, np.float32), token_extras(view)])
    out = []
    for a, b in view.sents:
        out.append((F[a:b], None if y is None else y[a:b]))
    return out


# ---------------------------------------------------------------------------
# TC: a BiLSTM over a span's sentence(s), pooled over the span
# ---------------------------------------------------------------------------

N_SCALARS = 4


def span_context(view: ArticleView, F: np.ndarray, s: int, e: int, same_text: int, same_offsets: int):
    """A span's sequence (its sentences' token rows + an in-span column), its token range in it, and scalars."""
    n = len(view.toks)
    i, j = view.tok_range(s, e)
    i = min(i, n - 1)
    j = min(max(j, i + 1), n)
    sa = view.sents[int(view.sent_of[i])][0]
    sb = view.sents[int(view.sent_of[j - 1])][1]
    X = np.zeros((sb - sa, F.shape[1] + 1), np.float32)
    X[:, :-1] = F[sa:sb]
    X[i - sa:j - sa, -1] = 1.0
    span_l = view.text_lower[s:e]
    occ = view.text_lower.count(span_l) if span_l.strip() else 1
    sc = np.array([math.log1p(occ), math.log1p(j - i), math.log1p(same_text), same_offsets > 1], np.float32)
    return X, i - sa, j - sa, sc


def pool(H: np.ndarray, a: int, b: int) -> np.ndarray:
    return np.concatenate([H[a:b].mean(0), H[a:b].max(0), H[a], H[b - 1]])


class SpanLSTM(LSTMTagger):
    """Numpy inference of a fitted span classifier: class logits per span."""

    def span_logits(self, view: ArticleView, vecs: np.ndarray, spans: Sequence[tuple[int, int]], same_text, same_offsets) -> np.ndarray:
        F = np.hstack([np.asarray(vecs, np.float32), token_extras(view)])
        items = [span_context(view, F, s, e, t, o) for (s, e), t, o in zip(spans, same_text, same_offsets)]
        return self.logits_of(items)

    def logits_of(self, items) -> np.ndarray:
        out = np.zeros((len(items), self.a["Wc"].shape[0]), np.float32)
        order = sorted(range(len(items)), key=lambda k: len(items[k][0]))
        for c in range(0, len(order), 64):
            ks = order[c:c + 64]
            H, _ = self.hidden_states([items[k][0] for k in ks])
            P = np.stack([np.concatenate([pool(H[r], items[k][1], items[k][2]), items[k][3]]) for r, k in enumerate(ks)])
            out[ks] = P @ self.a["Wc"].T + self.a["bc"]
        return out


def fit_span_lstm(items, y: np.ndarray, n_out: int, proj: int = 128, hidden: int = 96, epochs: int = 8, batch: int = 32,
                  lr: float = 2e-3, dropout: float = 0.3, seed: int = 0, log=None) -> SpanLSTM:
    """Train on ``span_context`` items with class ids ``y``."""
    import torch

    torch.set_num_threads(1)  # training is reproducible on one thread (and the machine is shared)
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    allX = np.vstack([it[0] for it in items])
    mu = allX.mean(0).astype(np.float32)
    sd = (allX.std(0) + 1e-3).astype(np.float32)
    mu[-1], sd[-1] = 0.0, 1.0  # the in-span column stays 0/1
    del allX
    D = items[0][0].shape[1]

    class Net(bilstm_trunk(D, proj, hidden, dropout)):
        def __init__(self):
            super().__init__()
            self.cls = torch.nn.Linear(8 * hidden + N_SCALARS, n_out)

        def forward(self, x, lens, ab, sc):
            h = self.states(x, lens)
            pooled = []
            for r, (a, b) in enumerate(ab):
                hs = h[r, a:b]
                pooled.append(torch.cat([hs.mean(0), hs.max(0).values, h[r, a], h[r, b - 1]]))
            return self.cls(torch.cat([self.drop(torch.stack(pooled)), sc], 1))

    net = Net()
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    Xs = [torch.from_numpy(((it[0] - mu) / sd).astype(np.float32)) for it in items]
    n = len(Xs)
    yt = torch.from_numpy(np.asarray(y, np.int64))
    SC = torch.from_numpy(np.stack([it[3] for it in items]))

    def batch_loss(bi):
        lens = torch.tensor([len(Xs[j]) for j in bi])
        x = torch.nn.utils.rnn.pad_sequence([Xs[j] for j in bi], batch_first=True)
        z = net(x, lens, [(items[j][1], items[j][2]) for j in bi], SC[torch.from_numpy(bi)])
        return torch.nn.functional.cross_entropy(z, yt[torch.from_numpy(bi)])

    train_loop(net, opt, n, batch, epochs, lr, rng, batch_loss, log, "span lstm")
    arrays = {**lstm_arrays(net, mu, sd), "Wc": as_numpy(net.cls.weight), "bc": as_numpy(net.cls.bias)}
    m = SpanLSTM(arrays)
    m._torch = net
    return m
