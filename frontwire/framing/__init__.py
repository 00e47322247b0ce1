"""Framing: persuasion techniques at span level, and how each story and outlet tells the war.

* component ``techniques`` (:mod:`.techniques`): PTC technique spans with scores;
* component ``profile`` (:mod:`.profile`): technique density, naming index, loaded terms,
  hedging, certainty, headline tone; :func:`.profile.outlet_profiles` pools them per outlet;
* :func:`classify_spans`: SemEval-2020 TC on given spans of a text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence


@lru_cache(maxsize=1)
def _finder():
    from .techniques import TechniqueFinder

    return TechniqueFinder(lexicon=False)


def classify_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The PTC technique of each ``(start, end)`` span of ``text``, in its article context.

    Identical spans given more than once get distinct techniques, most probable first
    (the PTC convention for a fragment that carries several techniques).
    """
    spans = [(int(s), int(e)) for s, e in spans]
    for s, e in spans:
        if not 0 <= s < e <= len(text):
            raise ValueError(f"span {s}:{e} outside text of length {len(text)}")
    return _finder().classify(text, spans) if spans else []
