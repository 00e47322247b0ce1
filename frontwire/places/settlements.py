"""Ukraine's settlements from the official codifier (KATOTTG), for villages the gazetteer lacks.

GeoNames' cities500 holds about 5,000 of Ukraine's 29,700 settlements; ISW and the General Staff
name the others every day ("positions in Ternovi Pody, approximately 28 km northwest of Kherson
City"). ``data/ua_settlements.tsv`` (built by ``scripts/build_ua_settlements.py``) lists every one
with its oblast, raion, hromada and an approximate point (its own, else its hromada's centre). The
geoparser asks it only about names the gazetteer does not hold, to put such a village in the
right oblast near the town its sentence locates it by.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import names as N
from .gazetteer import haversine

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Settlement:
    name_uk: str  # as the codifier writes it
    name: str  # Ukrainian national romanisation
    category: str  # M city, T urban-type settlement, X settlement, C village
    oblast: str  # ISO 3166-2
    raion: str
    hromada: str
    lat: float
    lon: float
    point: str  # own | hromada | raion | oblast: what the point is


def _romanise(name_uk: str) -> str:
    out = N.translit_uk(name_uk)
    return re.sub(r"(^|[ -])(\w)", lambda m: m.group(1) + m.group(2).upper(), out)


class UASettlements:
    """Name look-up over the codifier's settlements; ``fold`` maps a folded Latin key to the form
    both the index and the queries are compared in (the geoparser's romanisation skeleton)."""

    def __init__(self, rows: list[Settlement], fold: Callable[[str], str] = lambda k: k):
        self.rows = rows
        self.fold = fold
        self._index: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(rows):
            for k in {fold(k) for k in N.cyrillic_to_latin(s.name_uk)}:
                self._index[k].append(i)

    @classmethod
    def load(cls, fold: Callable[[str], str] = lambda k: k, path: Path = DATA / "ua_settlements.tsv") -> "UASettlements":
        rows = []
        with open(path, encoding="utf-8", newline="") as f:
            lines = (ln for ln in f if not ln.startswith("#"))
            for r in csv.DictReader(lines, delimiter="\t"):
                rows.append(Settlement(r["name"], _romanise(r["name"]), r["category"], r["oblast"], r["raion"], r["hromada"],
                                       float(r["lat"]), float(r["lon"]), r["point"]))
        return cls(rows, fold)

    def candidates(self, name: str) -> list[Settlement]:
        """The settlements whose name ``name`` spells (any common romanisation)."""
        return [self.rows[i] for i in self._index.get(self.fold(N.key(name)), ())]

    def russianised(self, name: str) -> list[Settlement]:
        """The settlements whose Ukrainian і ``name`` writes once as the Russian о of the same root ("Dibrovne",
        Russian Дибровное, for Дібрівне); the geoparser asks only when no settlement is spelled ``name`` itself."""
        k = self.fold(N.key(name))
        hits = {i for p, c in enumerate(k) if c == "o" for i in self._index.get(k[:p] + "i" + k[p + 1:], ())}
        return [self.rows[i] for i in sorted(hits)]

    @staticmethod
    def nearest(cands: list[Settlement], lat: float, lon: float, max_km: float) -> Settlement | None:
        """The one of ``cands`` (:meth:`candidates` of a name) nearest the point, if it lies within ``max_km``."""
        if not cands:
            return None
        best = min(cands, key=lambda s: haversine(s.lat, s.lon, lat, lon))
        return best if haversine(best.lat, best.lon, lat, lon) <= max_km else None

