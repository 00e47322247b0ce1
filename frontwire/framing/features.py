"""Hashed sparse features for the technique models (pure Python + numpy at run time).

Features are strings hashed with CRC-32 into a fixed number of dimensions, so the
shipped model is just weight arrays (``.npz``) and the same code computes the
features at training and at run time.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

import numpy as np

TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
SENT_END = {".", "!", "?"}
QUOTES = set("\"“”«»‘’'")
#: characters the PTC v2 annotations never start or end with
TRIM_CHARS = " \n\t\r.,:;"

STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being it its this that these those "
    "with as by from he she they we you i his her their our my your them him us me not no so if then than "
    "has have had do does did will would can could should may might must there here who whom which what when where".split()
)


def tokenize(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def sentences_of(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token-index ranges of sentences: line breaks and . ! ? end them."""
    out = []
    start = 0
    for i, (s, e) in enumerate(toks):
        if i > start and "\n" in text[toks[i - 1][1]:s]:
            out.append((start, i))
            start = i
        if text[s:e] in SENT_END and not (i + 1 < len(toks) and text[toks[i + 1][0]:toks[i + 1][1]] in QUOTES and toks[i + 1][0] == e):
            out.append((start, i + 1))
            start = i + 1
    if start < len(toks):
        out.append((start, len(toks)))
    return [r for r in out if r[1] > r[0]]


def shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "AA"
    if w[:1].isupper():
        return "Aa"
    if w.isdigit():
        return "0"
    if w.isalpha():
        return "a"
    if not any(c.isalnum() for c in w):
        return "p"
    return "x"


def bucket(n: int, edges=(1, 2, 3, 5, 8, 12, 20, 35)) -> str:
    for b in edges:
        if n <= b:
            return str(b)
    return "inf"


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in TRIM_CHARS:
        s += 1
    while e > s and text[e - 1] in TRIM_CHARS:
        e -= 1
    return s, e


class Hasher:
    """Map feature strings (with values) to a sparse row of ``2**bits`` dims."""

    def __init__(self, bits: int):
        self.bits = bits
        self.mask = (1 << bits) - 1

    def index(self, feats: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        acc: dict[int, float] = {}
        mask = self.mask
        for f, v in feats.items():
            h = zlib.crc32(f.encode("utf-8")) & mask
            acc[h] = acc.get(h, 0.0) + v
        idx = np.fromiter(acc.keys(), dtype=np.int64, count=len(acc))
        val = np.fromiter(acc.values(), dtype=np.float32, count=len(acc))
        return idx, val

    def matrix(self, rows: list[dict[str, float]]):
        """A scipy CSR matrix (training only)."""
        from scipy.sparse import csr_matrix

        indptr = [0]
        idxs, vals = [], []
        for r in rows:
            i, v = self.index(r)
            idxs.append(i)
            vals.append(v)
            indptr.append(indptr[-1] + len(i))
        return csr_matrix(
            (np.concatenate(vals) if vals else np.zeros(0, np.float32), np.concatenate(idxs) if idxs else np.zeros(0, np.int64), np.array(indptr)),
            shape=(len(rows), 1 << self.bits),
        )


class ArticleView:
    """Tokens, sentences and counts of one text, shared by the SI and TC features."""

    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.words = [text[s:e] for s, e in self.toks]
        self.lower = [w.lower() for w in self.words]
        self.sents = sentences_of(text, self.toks)
        self.sent_of = np.zeros(len(self.toks), dtype=np.int32)
        for k, (a, b) in enumerate(self.sents):
            self.sent_of[a:b] = k
        self.starts = np.array([s for s, _ in self.toks], dtype=np.int64)
        self.ends = np.array([e for _, e in self.toks], dtype=np.int64)
        self.counts = Counter(self.lower)
        self.text_lower = text.lower()
        first_nl = text.find("\n")
        self.title_end = first_nl if first_nl >= 0 else len(text)

    def tok_range(self, s: int, e: int) -> tuple[int, int]:
        """Indices [a, b) of tokens overlapping characters [s, e)."""
        a = int(np.searchsorted(self.ends, s, side="right"))
        b = int(np.searchsorted(self.starts, e, side="left"))
        return a, max(a, b)
