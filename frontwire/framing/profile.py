"""The ``profile`` component and per-outlet profiles: how a story (an outlet) tells the war.

Story profile keys (``$defs/profile`` of the schema, plus documented extras, see
``docs/framing.md``):

* ``words`` — word count of ``story.text``;
* ``technique_density`` — technique spans per 1,000 words, per PTC label (all 14 keys);
* ``technique_counts`` — the same as raw counts (what outlet profiles add up);
* ``technique_rate`` — all technique spans per 1,000 words (one number to compare stories);
* ``loaded_rate`` — Loaded_Language + Name_Calling spans per 1,000 words;
* ``naming_index`` — share of Russian-derived spellings among place mentions that have
  both forms (null when none); ``naming`` — the counts behind it, per pair, and
  ``naming_index_places``, the same share over distinct places (each place counted once,
  by the form the story uses most);
* ``loaded_terms`` — loaded terms found, ``[{term, count, stance}]``, most frequent first;
* ``hedging`` / ``certainty`` — hedging and certainty cues per 1,000 words;
* ``headline`` — for stories with a headline: technique spans and loaded terms in it, and
  ``tone`` = headline technique rate minus body technique rate (per 1,000 words).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from ..doc import Story
from ..pipeline import component
from .lexicon import Lexicons, load_lexicons
from .models import ptc_labels

WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
LOADED = ("Loaded_Language", "Name_Calling,Labeling")


def count_words(text: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(text))


def _per_k(n: float, words: int) -> float:
    return round(1000.0 * n / words, 3) if words else 0.0


def _places_index(pairs: dict) -> float | None:
    votes = [1 if c["russian"] > c["ukrainian"] else 0 for c in pairs.values() if c["russian"] != c["ukrainian"]]
    return round(sum(votes) / len(votes), 4) if votes else None


def story_profile(text: str, techniques: list[dict], lex: Lexicons, labels: list[str], title: str | None = None) -> dict:
    words = count_words(text)
    counts = Counter(t["technique"] for t in techniques)
    naming = lex.naming(text)
    stance = {t.group: t.stance for t in lex.terms}
    loaded = lex.loaded_counts(text)
    hedges, certainty = lex.count_hedges(text), lex.count_certainty(text)
    prof = {
        "words": words,
        "technique_density": {lab: _per_k(counts.get(lab, 0), words) for lab in labels},
        "technique_counts": {lab: counts.get(lab, 0) for lab in labels},
        "technique_rate": _per_k(len(techniques), words),
        "loaded_rate": _per_k(sum(counts.get(l, 0) for l in LOADED), words),
        "naming_index": None if naming["naming_index"] is None else round(naming["naming_index"], 4),
        "naming_index_places": _places_index(naming["pairs"]),
        "naming": {"russian_forms": naming["russian_forms"], "ukrainian_forms": naming["ukrainian_forms"], "pairs": naming["pairs"]},
        "loaded_terms": [{"term": t, "count": c, "stance": stance.get(t, "either")} for t, c in loaded.most_common()],
        "hedging": _per_k(hedges, words),
        "certainty": _per_k(certainty, words),
        "hedge_count": hedges,
        "certainty_count": certainty,
    }
    nl = text.find("\n")
    if title and nl > 0 and text[:nl].strip():
        hw, bw = count_words(text[:nl]), count_words(text[nl:])
        h_t = [t for t in techniques if t["start"] < nl]
        b_t = len(techniques) - len(h_t)
        prof["headline"] = {
            "techniques": sorted({t["technique"] for t in h_t}),
            "technique_count": len(h_t),
            "loaded_terms": sorted(lex.loaded_counts(text[:nl])),
            "tone": round(_per_k(len(h_t), hw) - _per_k(b_t, bw), 3),
        }
    return prof


@component("profile", assigns=["profile"], requires=["techniques"])
class StyleProfile:
    """Per-story technique density, naming index, loaded terms, hedging, certainty, headline tone."""

    def __init__(self, data_dir: str | None = None):
        self.data_dir = data_dir
        self.lex: Lexicons | None = None
        self.labels: list[str] = []

    def initialize(self) -> None:
        if self.lex is None:
            self.lex = load_lexicons(self.data_dir) if self.data_dir else load_lexicons()
            self.labels = ptc_labels()

    def __call__(self, story: Story) -> Story:
        self.initialize()
        story.profile = {**story.profile, **story_profile(story.text, story.techniques, self.lex, self.labels, story.title)}
        return story


def outlet_profiles(records: Iterable[dict], by: str = "outlet") -> list[dict]:
    """Aggregate story records (dicts per the schema) into one profile per ``by`` value.

    Densities and rates are pooled (total spans / total words × 1,000), the naming
    index pools mentions, loaded terms add up.  Records without a profile are skipped.
    """
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        prof = r.get("profile") or {}
        if "words" not in prof:
            continue
        groups[str(r.get(by) or "(unknown)")].append(prof)
    out = []
    for key, profs in sorted(groups.items()):
        words = sum(p.get("words", 0) for p in profs)
        counts: Counter = Counter()
        for p in profs:
            if "technique_counts" in p:
                counts.update(p["technique_counts"])
            else:  # rebuild counts from densities
                counts.update({k: round(v * p.get("words", 0) / 1000) for k, v in (p.get("technique_density") or {}).items()})
        rus = sum((p.get("naming") or {}).get("russian_forms", 0) for p in profs)
        ukr = sum((p.get("naming") or {}).get("ukrainian_forms", 0) for p in profs)
        pairs: dict[str, Counter] = defaultdict(Counter)
        for p in profs:
            for k, c in ((p.get("naming") or {}).get("pairs") or {}).items():
                pairs[k].update(c)
        terms: Counter = Counter()
        stance: dict[str, str] = {}
        for p in profs:
            for t in p.get("loaded_terms") or []:
                terms[t["term"]] += t.get("count", 1)
                stance[t["term"]] = t.get("stance", "either")
        hedges = sum(p.get("hedge_count", 0) for p in profs)
        cert = sum(p.get("certainty_count", 0) for p in profs)
        out.append({
            by: key,
            "stories": len(profs),
            "words": words,
            "technique_density": {k: _per_k(v, words) for k, v in sorted(counts.items())},
            "technique_counts": dict(sorted(counts.items())),
            "technique_rate": _per_k(sum(counts.values()), words),
            "loaded_rate": _per_k(sum(counts.get(l, 0) for l in LOADED), words),
            "naming_index": round(rus / (rus + ukr), 4) if rus + ukr else None,
            "naming_index_places": _places_index({k: dict(v) for k, v in pairs.items()}),
            "naming": {"russian_forms": rus, "ukrainian_forms": ukr, "pairs": {k: dict(v) for k, v in sorted(pairs.items())}},
            "loaded_terms": [{"term": t, "count": c, "stance": stance[t]} for t, c in terms.most_common(15)],
            "hedging": _per_k(hedges, words),
            "certainty": _per_k(cert, words),
        })
    return out


def flat_row(profile: dict, key: str) -> dict:
    """One CSV row of an outlet profile (nested values flattened)."""
    row = {key: profile[key], "stories": profile["stories"], "words": profile["words"],
           "technique_rate": profile["technique_rate"], "loaded_rate": profile["loaded_rate"],
           "naming_index": profile["naming_index"], "naming_index_places": profile["naming_index_places"],
           "hedging": profile["hedging"], "certainty": profile["certainty"]}
    for lab in ptc_labels():
        row[f"density:{lab}"] = profile["technique_density"].get(lab, 0.0)
    row["top_loaded_terms"] = "; ".join(f"{t['term']} ({t['count']})" for t in profile["loaded_terms"][:10])
    return row
