"""A hybrid classifier head: hashed sparse features (linear) + dense vectors (small MLP).

``logits = sparse_rows · W_s + MLP(dense)``, trained jointly with torch
(:func:`fit_head`, training only) and evaluated with numpy (:class:`Head`), so the
shipped model is a handful of arrays.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


class Head:
    """Numpy inference of a fitted head."""

    def __init__(self, Ws: np.ndarray, b: np.ndarray, W1: np.ndarray | None = None, b1: np.ndarray | None = None,
                 W2: np.ndarray | None = None, mu: np.ndarray | None = None, sd: np.ndarray | None = None):
        self.Ws, self.b, self.W1, self.b1, self.W2, self.mu, self.sd = Ws, b, W1, b1, W2, mu, sd

    @property
    def dense(self) -> bool:
        return self.W1 is not None

    def logits(self, rows: Sequence[tuple[np.ndarray, np.ndarray]], X: np.ndarray | None = None) -> np.ndarray:
        Ws = self.Ws
        z = np.stack([v @ Ws[i] for i, v in rows]) if rows else np.zeros((0, Ws.shape[1]), np.float32)
        z = z + self.b
        if self.dense and X is not None and len(rows):
            h = np.maximum(((X - self.mu) / self.sd) @ self.W1 + self.b1, 0.0)
            z = z + h @ self.W2
        return z

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}Ws": self.Ws.astype(np.float16), f"{prefix}b": self.b.astype(np.float32)}
        if self.dense:
            out.update({f"{prefix}W1": self.W1.astype(np.float16), f"{prefix}b1": self.b1.astype(np.float32),
                        f"{prefix}W2": self.W2.astype(np.float32), f"{prefix}mu": self.mu.astype(np.float32),
                        f"{prefix}sd": self.sd.astype(np.float32)})
        return out

    @classmethod
    def from_arrays(cls, z, prefix: str) -> "Head":
        g = lambda k: z[prefix + k].astype(np.float32) if prefix + k in z else None  # noqa: E731
        return cls(g("Ws"), g("b"), g("W1"), g("b1"), g("W2"), g("mu"), g("sd"))


def fit_head(rows: Sequence[tuple[np.ndarray, np.ndarray]], X: np.ndarray | None, y: np.ndarray, n_out: int, bits: int,
             hidden: int = 128, epochs: int = 4, batch: int = 256, lr_sparse: float = 0.05, lr_dense: float = 1e-3,
             l2_sparse: float = 1e-5, weight_decay: float = 1e-4, dropout: float = 0.2, seed: int = 0,
             class_weight: np.ndarray | None = None, log=None) -> Head:
    """Train a head: ``n_out == 1`` is binary (y in {0,1}), else multiclass (y class ids)."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    n = len(rows)
    emb = torch.nn.EmbeddingBag(1 << bits, n_out, mode="sum", sparse=True)
    torch.nn.init.zeros_(emb.weight)
    bias = torch.nn.Parameter(torch.zeros(n_out))
    dense = X is not None and hidden > 0
    params_dense = [bias]
    if dense:
        mu = X.mean(axis=0).astype(np.float32)
        sd = (X.std(axis=0) + 1e-3).astype(np.float32)
        Xt = torch.from_numpy(((X - mu) / sd).astype(np.float32))
        mlp = torch.nn.Sequential(torch.nn.Dropout(dropout), torch.nn.Linear(X.shape[1], hidden), torch.nn.ReLU(), torch.nn.Dropout(dropout),
                                  torch.nn.Linear(hidden, n_out, bias=False))
        params_dense += list(mlp.parameters())
    opt_s = torch.optim.SparseAdam(list(emb.parameters()), lr=lr_sparse)
    opt_d = torch.optim.AdamW(params_dense, lr=lr_dense, weight_decay=weight_decay)
    yt = torch.from_numpy(y.astype(np.float32 if n_out == 1 else np.int64))
    cw = torch.from_numpy(class_weight.astype(np.float32)) if class_weight is not None else None
    lens = np.array([len(i) for i, _ in rows])
    idx_all = np.concatenate([i for i, _ in rows]).astype(np.int64)
    val_all = np.concatenate([v for _, v in rows]).astype(np.float32)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    for ep in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        if dense:
            mlp.train()
        for k in range(0, n, batch):
            bi = order[k:k + batch]
            sel = np.concatenate([np.arange(starts[j], starts[j] + lens[j]) for j in bi])
            offs = np.concatenate([[0], np.cumsum(lens[bi])[:-1]])
            ii = torch.from_numpy(idx_all[sel])
            z = emb(ii, torch.from_numpy(offs), per_sample_weights=torch.from_numpy(val_all[sel])) + bias
            if dense:
                z = z + mlp(Xt[torch.from_numpy(bi)])
            if n_out == 1:
                loss = torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yt[bi], pos_weight=cw)
            else:
                loss = torch.nn.functional.cross_entropy(z, yt[bi], weight=cw)
            opt_s.zero_grad()
            opt_d.zero_grad()
            loss.backward()
            opt_s.step()
            opt_d.step()
            if l2_sparse:  # lazy L2: shrink the rows this batch used
                with torch.no_grad():
                    uniq = torch.unique(ii)
                    emb.weight[uniq] *= 1.0 - l2_sparse
            total += float(loss.detach()) * len(bi)
        if log:
            log(f"  epoch {ep + 1}/{epochs}: loss {total / n:.4f}")
    Ws = emb.weight.detach().numpy().astype(np.float32)
    b = bias.detach().numpy().astype(np.float32)
    if not dense:
        return Head(Ws, b)
    mlp.eval()
    W1 = mlp[1].weight.detach().numpy().T.copy()
    b1 = mlp[1].bias.detach().numpy().copy()
    W2 = mlp[4].weight.detach().numpy().T.copy()
    return Head(Ws, b, W1, b1, W2, mu, sd)
