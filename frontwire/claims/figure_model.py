"""A learned figure finder: which numbers of a story are aggregate claims ("1,400 troops lost in a day",
"16 BTGs completely destroyed", "30 to 40% of personnel refused to return").

The rule figures of :mod:`.events` need a unit from a fixed list and a loss verb next to it; on the gold sets
they found 41 of 294 figures, and 102 of their 143 figures were wrong. This model reads every number of a
sentence that counts something (:func:`candidates`: a number, then a plural noun within five words, or a
percent, an "X-strong" unit, an area in square kilometres, a fraction "two-thirds of") and gives the
probability that the story's annotators kept it as a figure. Distances, durations, money, dates and years give
no candidate; the model learns the rest (force counts, losses, tallies of strikes and drones, recruitment)
from the words around the number.

Features (:func:`features`): the unit and its head noun, the words just before the number and just after the
unit (by position), the bag of words of the sentence, the number's magnitude (alone and with the unit), its
place in the sentence, whether a footnote follows, how many places the sentence names and the figure verbs
(``data/figures.json``: "destroyed", "shot down", "deployed") within 60 characters of the number. They are hashed into 2^18 slots; the model is a logistic
regression (scikit-learn's ``LogisticRegression``, fitted by ``scripts/train_figure_model.py`` on the gold sets of
``tests/data/events_gold_corpus``) stored as its non-zero weights (``data/figure_model.npz``); the run time needs
numpy only.

Same shape as the other models here: :meth:`FigureModel.fit`, :meth:`FigureModel.predict_proba`,
:meth:`FigureModel.evaluate`, :meth:`FigureModel.save` / :meth:`FigureModel.load`; :func:`candidates` and
:func:`features` build the inputs of both training and run time.
"""

from __future__ import annotations

import functools
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
MODEL_PATH = DATA / "figure_model.npz"
DIM = 1 << 18


#: "the 400-strong battalion", "a 240-man-strong battalion": a force's strength in personnel
_STRONG = r"-(?:man-|person-|member-)?strong\b"


@functools.lru_cache(maxsize=1)
def _lang() -> dict:
    """The candidate word lists and the unit names of ``data/figures.json``, compiled once."""
    with open(DATA / "figures.json", encoding="utf-8") as fh:
        fig = json.load(fh)
    c = fig["candidates"]
    words = c["number_words"]
    num = (r"(?<![\w$€£.,/-])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million|billion))?|"
           + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w|(?!" + _STRONG + r"|-\s*\d|-\s+to\s)-|,\d|\.\d)")
    fracs = c["fractions"]
    return {
        "units": fig["units"],
        "words": words,
        "num": re.compile(num, re.I),
        "range": re.compile(r"(?:\s*(?:to|-|–)\s*|-\s+to\s+)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million))?(?=[\s%-])"),
        "strong": re.compile(_STRONG),
        "percent": re.compile(r"\s*(?:%|percent\b|per cent\b)", re.I),
        "area": re.compile(r"\s*(?:kilomet|km|miles)", re.I),
        "fraction": re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(fracs, key=len, reverse=True)) + r")\s+of\b", re.I),
        "fractions": fracs,
        "plural": frozenset(c["plural_nouns"]),
        "not_units": frozenset(c["not_units"]),
        "not_nouns": frozenset(c["not_nouns"]),
        "month_before": re.compile(r"\b(?:" + "|".join(c["months"]) + r")\s*$", re.I),
        "verbs": fig["verbs"],
        "verb": re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in sorted(fig["verbs"], key=len, reverse=True)) + r")(?![\w-])", re.I),
    }


_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|%|\S")


def number(s: str, words: dict | None = None) -> float | int | None:
    """'1,400' -> 1400, '2.5 million' -> 2500000, 'twelve' -> 12."""
    s = s.lower().strip()
    words = _lang()["words"] if words is None else words
    if s in words:
        return words[s]
    mult = 1
    for w, m in (("thousand", 1_000), ("million", 1_000_000), ("billion", 1_000_000_000)):
        if s.endswith(w):
            mult, s = m, s[: -len(w)].strip()
    try:
        v = float(s.replace(",", "")) * mult
    except ValueError:
        return None
    return int(v) if v == int(v) else v


def unit_name(phrase: str) -> str:
    """The figure's unit: the longest known unit at the end of the phrase ('infantry fighting vehicles' ->
    'armoured vehicles'), else its head noun ('58 colonels' -> 'colonels')."""
    units = _lang()["units"]
    words = phrase.lower().split()
    for k in range(len(words)):
        suffix = " ".join(words[k:])
        if suffix in units:
            return units[suffix]
    return words[-1] if words else phrase


def _unit_keys(unit: str) -> set[str]:
    units = _lang()["units"]
    u = str(unit).casefold().strip().replace("armour", "armor")
    head = u.split(" of ")[0].split()
    head = head[-1] if head else u
    keys = {u, head, head[:-1] if head.endswith("s") else head}
    return keys | {units.get(k, k) for k in list(keys)} | {units.get(k.replace("armor", "armour"), k) for k in list(keys)}


def same_unit(a: str, b: str) -> bool:
    """Two units name the same thing: equal once named as the extractor does ('servicemen' and 'soldiers' are
    troops), or the same head noun ('combat drones' and 'drones', 'prisoners of war' and 'prisoners')."""
    return bool(_unit_keys(a) & _unit_keys(b))


def candidates(text: str, start: int, end: int) -> list[dict]:
    """Every number of ``text[start:end]`` that counts something, as ``{start, end, quantity, phrase, unit}``
    (``start``/``end``: the number's span in ``text``)."""
    lang = _lang()
    st = text[start:end]
    out = [{"start": start + m.start(), "end": start + m.end(1), "quantity": lang["fractions"][m.group(1).lower()],
            "phrase": "percent", "unit": "percent"} for m in lang["fraction"].finditer(st)]
    range_end = -1
    for m in lang["num"].finditer(st):
        if m.start() < range_end:
            continue  # the upper bound of a range already read ("30 to 40%")
        q = number(m.group(1), lang["words"])
        if q is None or re.fullmatch(r"(?:19|20)\d\d", m.group(1)) or lang["month_before"].search(st[max(0, m.start() - 12):m.start()]):
            continue
        rest = st[m.end():m.end() + 80]
        rng = lang["range"].match(rest)
        if rng:  # "30 to 40%", "200 to 300 airstrikes", "7,000-15,000 troops": the lower bound (a number after a
            # hyphen is part of a name, "Su-25", and gives no candidate)
            range_end = m.end() + rng.end()
            rest = rest[rng.end():]
        phrase = None
        if lang["strong"].match(rest):
            phrase = "personnel"
        elif lang["percent"].match(rest):
            phrase = "percent"
        else:
            words = []
            for t in list(_TOKEN.finditer(rest))[:5]:
                w = t.group(0)
                wl = w.lower()
                if not w[0].isalpha():
                    break
                words.append(wl)
                if wl in ("square", "sq", "km2", "km²"):
                    after = rest[t.end():t.end() + 12]
                    if wl in ("km2", "km²") or lang["area"].match(after):
                        phrase = "square miles" if "miles" in after else "square kilometres"
                        break
                if wl in lang["not_units"]:
                    break
                if wl in lang["plural"] or wl.endswith("men") or (
                        wl.endswith("s") and len(wl) > 3 and wl not in lang["not_nouns"] and not wl.endswith(("ss", "'s", "’s"))):
                    phrase = " ".join(words)
                    break
        if phrase is None:
            continue
        out.append({"start": start + m.start(), "end": start + m.end(), "quantity": q, "phrase": phrase,
                    "unit": phrase if phrase in ("percent", "personnel", "square kilometres", "square miles") else unit_name(phrase)})
    return sorted(out, key=lambda c: c["start"])


_WORD = re.compile(r"[A-Za-z][\w’'-]*|\d[\d,.]*|%|[^\w\s]")


def _shape(w: str) -> str:
    return "NUM" if w[0].isdigit() else w.lower()


def features(text: str, s0: int, s1: int, cand: dict, n_places: int = 0) -> list[str]:
    """The feature names of candidate ``cand`` in the sentence ``text[s0:s1]``, which names ``n_places`` places
    (settlements or regions: a count told with a place is often a located event's)."""
    a, b, unit, phrase = cand["start"], cand["end"], cand["unit"], cand["phrase"]
    left = [_shape(w) for w in _WORD.findall(text[s0:a])]
    right = [_shape(w) for w in _WORD.findall(text[b:s1])]
    n_unit = 1 if phrase in ("percent", "personnel") else len(phrase.split())
    f = ["bias", "u=" + unit, "h=" + phrase.split()[-1], "nmod=%d" % min(len(phrase.split()) - 1, 3)]
    for i, w in enumerate(reversed(left[-8:])):
        f += ["L%d=%s" % (min(i, 3), w), "L:" + w]
    for i, w in enumerate(right[n_unit:n_unit + 8]):
        f += ["R%d=%s" % (min(i, 3), w), "R:" + w]
    f += ["S:" + w for w in sorted({_shape(w) for w in _WORD.findall(text[s0:s1])})]
    q = cand["quantity"]
    mag = min(int(math.log10(q)) if q >= 1 else -1, 6)
    f += ["mag=%d" % mag, "u_mag=%s_%d" % (unit, mag), "pos=%d" % min((a - s0) // 40, 5),
          "u_l1=%s_%s" % (unit, left[-1] if left else "^")]
    if "[" in text[b:b + 200].split(".")[0]:
        f.append("fn")
    f += ["places=%d" % min(n_places, 2), "u_places=%s_%d" % (unit, min(n_places, 1))]
    lang = _lang()
    for v in lang["verb"].finditer(text, max(s0, a - 60), min(s1, b + 60)):  # a figure verb near the number
        what = lang["verbs"][v.group(0).lower()]
        f += ["V=" + what, "uV=%s_%s" % (unit, what), "V%s=%s" % ("<" if v.start() < a else ">", what)]
    return f


def _hashed(feats: list[str]) -> dict[int, float]:
    idx: dict[int, float] = {}
    for x in feats:
        h = zlib.crc32(x.encode("utf-8")) % DIM
        idx[h] = idx.get(h, 0.0) + 1.0
    return idx


def gold_labels(cands: list[dict], gold_figures: list[dict]) -> list[int]:
    """1 for a candidate whose quantity and unit a gold figure of its story has, else 0."""
    return [int(any(g["quantity"] == c["quantity"] and same_unit(g["unit"], c["phrase"]) for g in gold_figures)) for c in cands]


class FigureModel:
    """Logistic regression over hashed candidate features."""

    def __init__(self, C: float = 1.0, threshold: float = 0.3):
        self.C, self.threshold = C, threshold
        self.index = np.zeros(0, dtype=np.int64)
        self.weight = np.zeros(0, dtype=np.float32)
        self.bias = 0.0
        self._lookup: dict[int, float] | None = None

    @staticmethod
    def matrix(rows: list[list[str]]):
        from scipy.sparse import csr_matrix

        data, ind, ptr = [], [], [0]
        for feats in rows:
            h = _hashed(feats)
            ind += list(h)
            data += list(h.values())
            ptr.append(len(ind))
        return csr_matrix((np.array(data, dtype=np.float64), np.array(ind, dtype=np.int64), np.array(ptr)), shape=(len(rows), DIM))

    def fit(self, rows: list[list[str]], y) -> "FigureModel":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=self.C, max_iter=5000).fit(self.matrix(rows), np.asarray(y))
        w = lr.coef_[0]
        self.index = np.flatnonzero(w).astype(np.int64)
        self.weight = w[self.index].astype(np.float32)
        self.bias = float(lr.intercept_[0])
        self._lookup = None
        return self

    def predict_proba(self, rows: list[list[str]]) -> np.ndarray:
        if self._lookup is None:  # the weights by slot, built once (the events component scores sentence by sentence)
            self._lookup = dict(zip(self.index.tolist(), self.weight.tolist()))
        z = np.array([self.bias + sum(self._lookup.get(k, 0.0) * v for k, v in _hashed(f).items()) for f in rows])
        return 1.0 / (1.0 + np.exp(-z))

    def evaluate(self, rows: list[list[str]], y) -> dict:
        """Candidate-level precision, recall and F1 at the model's threshold."""
        y = np.asarray(y)
        pred = self.predict_proba(rows) >= self.threshold
        tp = int((pred & (y == 1)).sum())
        p = tp / max(int(pred.sum()), 1)
        r = tp / max(int(y.sum()), 1)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    def save(self, path: Path = MODEL_PATH) -> None:
        np.savez_compressed(path, index=self.index, weight=self.weight, bias=np.array([self.bias]),
                            meta=np.array([self.C, self.threshold]))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "FigureModel | None":
        if not Path(path).exists():
            return None
        z = np.load(path)
        m = cls(C=float(z["meta"][0]), threshold=float(z["meta"][1]))
        m.index, m.weight, m.bias = z["index"], z["weight"], float(z["bias"][0])
        return m
