"""A cheap language guess for the languages of this war's coverage: English, Ukrainian, Russian.

frontwire's analysis is English; the guess is recorded in ``language`` so that users can
filter, and so that a Ukrainian or Russian original is not mistaken for English.
Returns an ISO 639-1 code, or ``"und"`` when the text is too short or in another language.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EN_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it his her their said has have were are be not this "
    "which an or but its had after over will been who they he she".split()
)
_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")


def guess_language(text: str, sample: int = 5000) -> str:
    words = _WORD.findall(text[:sample])
    if len(words) < 3:
        return "und"
    letters = "".join(words)
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyr > 0.5 * len(letters):
        uk = sum(1 for c in letters if c in _UK_ONLY)
        ru = sum(1 for c in letters if c in _RU_ONLY)
        return "uk" if uk > ru else "ru"
    hits = sum(1 for w in words if w.lower() in _EN_FUNCTION_WORDS)
    return "en" if hits >= max(1, 0.08 * len(words)) else "und"
