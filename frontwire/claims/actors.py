"""Actor normalisation: a phrase -> (canonical actor, side, kind), the same method for every side.

The lexicon lives in ``data/actors.json``.  Specific entries (named forces,
institutions, officials, outlets) come first; *generic* institutions ("the
defence ministry", "the military", "authorities") take their side from a
qualifier in the phrase ("Russia's", "Kyiv's", "Ukrainian") or, failing that,
from the caller's context; unnamed sources ("local reports", "Russian Telegram
channels") keep their own phrase as canonical.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"

SIDES = ("russia", "ukraine", "third_party", "unattributed")


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def _alt(patterns: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


@dataclass
class Actor:
    canonical: str | None
    side: str
    kind: str  # military, government, media, organisation, civilians, unnamed, person, other
    generic: bool = False  # side still open (no qualifier, no context)


class ActorLexicon:
    """Match actor phrases; ``resolve(phrase)`` returns an :class:`Actor` or None."""

    def __init__(self, data: dict | None = None):
        data = data or _load("actors.json")
        self.qualifiers = {side: _alt(pats) for side, pats in data["side_qualifiers"].items()}
        self.entries = [(e, _alt(e["patterns"])) for e in data["entries"]]
        self.qualified_kinds = {e["kind"] for e in data["entries"] if e.get("side_from_qualifier")}
        self.generic = [(g, _alt(g["patterns"])) for g in data["generic"]]
        self.unnamed_heads = _alt(data["unnamed"]["heads"])
        self.unnamed_default = [(side, _alt(pats)) for side, pats in data["unnamed"].get("default_side", {}).items()
                                if not side.startswith("_")]
        # one pattern over all specific entries, to find actor mentions in running text
        self.mention_re = [(e, rx) for e, rx in self.entries]

    # -- sides ---------------------------------------------------------------
    def qualifier_side(self, phrase: str) -> str | None:
        hits = [(m.start(), side) for side, rx in self.qualifiers.items() for m in rx.finditer(phrase)]
        if not hits:
            return None
        return min(hits)[1]

    # -- resolution ----------------------------------------------------------
    def specific(self, phrase: str) -> Actor | None:
        best = None
        for entry, rx in self.entries:
            m = rx.search(phrase)
            if m and (best is None or m.start() < best[0]):
                canonical = entry["canonical"]
                if entry.get("canonical_by_pattern"):
                    canonical = _outlet_name(m.group(0))
                best = (m.start(), Actor(canonical, entry["side"], entry["kind"]))
        return best[1] if best else None

    def resolve(self, phrase: str, *, context_side: str | None = None, is_proper: bool = False) -> Actor:
        """Resolve a source / actor phrase.  ``context_side`` fills the side of a generic institution."""
        p = phrase.strip()
        qual = self.qualifier_side(p)
        sides = {side for side, rx in self.qualifiers.items() if side != "third_party" and rx.search(p)}
        if len(sides) == 2 and not self.specific(p):
            # "Russian and Ukrainian sources": both sides speak, no single claimant side
            return Actor(_clean(p), "unattributed", "unnamed" if self.unnamed_heads.search(p) else "other")
        actor = self.specific(p)
        if actor is not None:
            if qual in ("russia", "ukraine") and actor.side != qual and actor.kind in self.qualified_kinds:
                return Actor(actor.canonical, qual, actor.kind)  # "local Ukrainian civilians"
            return actor
        for g, rx in self.generic:
            if rx.search(p):
                if qual == "third_party":
                    return Actor(_clean(p), "third_party", g["kind"])
                side = qual or context_side
                if side in g["by_side"]:
                    return Actor(g["by_side"][side], side, g["kind"])
                if not is_proper and self.unnamed_heads.search(p) and not qual:
                    break
                return Actor(_clean(p), "unattributed", g["kind"], generic=True)
        if not is_proper and self.unnamed_heads.search(p):
            side = qual or next((side for side, rx in self.unnamed_default if rx.search(p)), "unattributed")
            return Actor(_clean(p), side, "unnamed")
        return Actor(_clean(p), qual or "unattributed", "other")

    def mentions(self, text: str) -> list[tuple[int, int, Actor]]:
        """Actor mentions (specific entries only) in running text, left to right."""
        out = []
        for entry, rx in self.entries:
            for m in rx.finditer(text):
                canonical = _outlet_name(m.group(0)) if entry.get("canonical_by_pattern") else entry["canonical"]
                out.append((m.start(), m.end(), Actor(canonical, entry["side"], entry["kind"])))
        out.sort(key=lambda t: (t[0], -t[1]))
        # drop mentions nested in an earlier, longer one
        kept: list[tuple[int, int, Actor]] = []
        for s, e, a in out:
            if kept and s < kept[-1][1]:
                continue
            kept.append((s, e, a))
        return kept


_OUTLETS = {
    "tass": "TASS", "ria": "RIA Novosti", "ria novosti": "RIA Novosti", "rt": "RT", "russia today": "RT",
    "ap": "Associated Press", "associated press": "Associated Press", "afp": "AFP", "agence france-presse": "AFP",
    "bbc": "BBC", "bbc news": "BBC", "cnn": "CNN", "isw": "Institute for the Study of War",
    "institute for the study of war": "Institute for the Study of War", "nyt": "New York Times",
    "wsj": "Wall Street Journal", "unian": "UNIAN", "rbc": "RBC", "rbc-ukraine": "RBC-Ukraine", "dpa": "dpa",
    "efe": "EFE", "guardian": "The Guardian", "the guardian": "The Guardian",
}


def _outlet_name(s: str) -> str:
    k = s.lower().strip()
    return _OUTLETS.get(k, s if not s.islower() else s.title())


_LEAD = re.compile(r"^(?:the|a|an|some|several|many|other)\s+", re.IGNORECASE)


def _clean(p: str) -> str:
    p = re.sub(r"\s+", " ", p).strip(" ,.;:\"'“”‘’()")
    return _LEAD.sub("", p)
