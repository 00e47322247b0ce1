"""Style signals from language data: the naming index, loaded terms, hedging and certainty.

The tables live in ``frontwire/framing/data/`` and are loaded by :func:`load_lexicons`
(called from the components' ``initialize()``):

* ``naming.tsv`` — Russian-derived vs Ukrainian-derived English spellings of places.
  Besides the table, a rule counts Russian-style ``-ovka/-evka`` endings against the
  Ukrainian ``-ivka`` ending of settlement names (Makeyevka/Makiivka, Pokrovka...).
* ``loaded_terms.tsv`` — loaded words and labels for the parties, from either side,
  with the PTC technique a match is marked with.
* ``hedges.txt``, ``certainty.txt`` — hedging and certainty cues.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"

#: -ovka names that are the same in both languages' English spelling
OVKA_EXCEPTIONS = frozenset({"kakhovka", "nova kakhovka"})
RUS_SUFFIX = re.compile(r"\b[A-Z][a-z]+(?:ovka|evka|yevka)\b")
UKR_SUFFIX = re.compile(r"\b[A-Z][a-z]+ivka\b")


def _lines(path: Path) -> list[str]:
    return [l.rstrip("\n") for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]


def _word_regex(forms: list[str]) -> re.Pattern:
    alts = []
    for f in sorted(forms, key=len, reverse=True):
        star = f.endswith("*")
        f = f.rstrip("*")
        p = r"\s+".join(re.escape(part) for part in f.split())
        alts.append(p + (r"\w*" if star else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])" if alts else r"(?!x)x", re.IGNORECASE)


#: before the substring test of :meth:`Lexicons.naming`: the non-ASCII letters that ``re.IGNORECASE``
#: matches to ASCII ones, so that a text the regex matches always contains a form's first word
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _needles(forms: list[str]) -> tuple[str, ...]:
    """The first word of each form, lower case: a text without any of them has no match of the forms' regex."""
    return tuple(f.rstrip("*").split()[0].lower() for f in forms if f.rstrip("*").split())


@dataclass
class NamePair:
    key: str  # "Kiev/Kyiv"
    russian: re.Pattern
    ukrainian: re.Pattern
    russian_needles: tuple[str, ...] = ()
    ukrainian_needles: tuple[str, ...] = ()


@dataclass
class LoadedTerm:
    pattern: str
    technique: str
    stance: str
    group: str


#: (terms regex, text) -> loaded-term matches, for the last few texts (shared by every Lexicons)
_LOADED_MEMO: dict[tuple[str, str], list] = {}


class Lexicons:
    """The framing stage's language data, loaded once."""

    def __init__(self, data_dir: Path = DATA):
        self.pairs: list[NamePair] = []
        for line in _lines(data_dir / "naming.tsv"):
            rus, ukr = line.split("\t")[:2]
            rf, uf = rus.split("|"), ukr.split("|")
            if {f.lower() for f in rf} & {f.lower() for f in uf}:
                continue  # same spelling on both sides: no signal
            self.pairs.append(NamePair(f"{rf[0]}/{uf[0]}", _word_regex(rf), _word_regex(uf), _needles(rf), _needles(uf)))
        self.terms: list[LoadedTerm] = []
        for line in _lines(data_dir / "loaded_terms.tsv"):
            pat, tech, stance, group = line.split("\t")[:4]
            self.terms.append(LoadedTerm(pat, tech, stance, group))
        # one regex, one group per term, longest first, so "Kyiv regime" wins over "regime"
        self._ordered = sorted(self.terms, key=lambda t: -len(t.pattern))
        alts = [_word_regex([t.pattern]).pattern[len(r"(?<![\w-])(?:"):-len(r")(?![\w-])")] for t in self._ordered]
        self._terms_re = re.compile(r"(?<![\w-])(?:" + "|".join(f"({a})" for a in alts) + r")(?![\w-])", re.IGNORECASE)
        self.hedges = _word_regex([l.strip() for l in _lines(data_dir / "hedges.txt")])
        self.certainty = _word_regex([l.strip() for l in _lines(data_dir / "certainty.txt")])

    # -- naming -----------------------------------------------------------------
    def naming(self, text: str) -> dict:
        """Counts of Russian- and Ukrainian-derived place spellings, and the index."""
        pairs: dict[str, dict[str, int]] = {}
        rus = ukr = 0
        covered: list[tuple[int, int]] = []
        low = text.translate(_FOLD).lower()  # a pair's regexes only run on texts holding one of its words
        for p in self.pairs:
            r = [m.span() for m in p.russian.finditer(text)] if any(n in low for n in p.russian_needles) else []
            u = [m.span() for m in p.ukrainian.finditer(text) if not any(a <= m.start() < b for a, b in r)] \
                if any(n in low for n in p.ukrainian_needles) else []
            if r or u:
                pairs[p.key] = {"russian": len(r), "ukrainian": len(u)}
                rus += len(r)
                ukr += len(u)
                covered += r + u
        # rule: -ovka/-evka (Russian) vs -ivka (Ukrainian) settlement names not in the table
        for rx, side in ((RUS_SUFFIX, "russian"), (UKR_SUFFIX, "ukrainian")):
            for m in rx.finditer(text):
                if m.group(0).lower() in OVKA_EXCEPTIONS or any(a <= m.start() < b for a, b in covered):
                    continue
                key = "-ovka/-ivka"
                pairs.setdefault(key, {"russian": 0, "ukrainian": 0})[side] += 1
                if side == "russian":
                    rus += 1
                else:
                    ukr += 1
        index = rus / (rus + ukr) if rus + ukr else None
        return {"naming_index": index, "russian_forms": rus, "ukrainian_forms": ukr, "pairs": pairs}

    # -- loaded terms --------------------------------------------------------------
    def loaded_matches(self, text: str) -> list[tuple[int, int, LoadedTerm]]:
        """Non-overlapping matches of loaded terms, left to right (longest term first at a position).
        The last few texts' matches are remembered: ``techniques`` and ``profile`` both ask for a story's."""
        key = (self._terms_re.pattern, text)
        hit = _LOADED_MEMO.get(key)
        if hit is None:
            hit = [(m.start(), m.end(), self._ordered[m.lastindex - 1]) for m in self._terms_re.finditer(text)]
            _LOADED_MEMO[key] = hit
            while len(_LOADED_MEMO) > 4:
                _LOADED_MEMO.pop(next(iter(_LOADED_MEMO)))
        return list(hit)

    def loaded_counts(self, text: str) -> Counter:
        return Counter(t.group for _, _, t in self.loaded_matches(text))

    def count_hedges(self, text: str) -> int:
        return sum(1 for _ in self.hedges.finditer(text))

    def count_certainty(self, text: str) -> int:
        return sum(1 for _ in self.certainty.finditer(text))


def load_lexicons(data_dir: Path = DATA) -> Lexicons:
    """Load the framing lexicons from ``data_dir``."""
    return Lexicons(data_dir)
