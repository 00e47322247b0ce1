"""The gazetteer: GeoNames places, regions, countries and named areas, looked up by name.

Built by ``scripts/build_gazetteer.py`` into ``frontwire/places/data/gazetteer.npz``;
loading takes a fraction of a second and is cached per process.

Public API (used by the geoparser and by the events stage)::

    from frontwire.places.gazetteer import Gazetteer, region_for, admin1_name

    gaz = Gazetteer.load()                 # cached; no network, < 1 s
    gaz.lookup("Chasov Yar")               # -> [Entry(...)], best candidates first (by population)
    gaz.by_geonameid(703448)               # -> Entry for Kyiv, or None
    gaz.region("Zaporozhye Region")        # -> Entry of kind "admin1" (iso "UA-23"), or None
    gaz.record(entry)                      # -> place dict fields (geonameid, name, country, admin1,
                                           #    lat, lon, precision, feature)
    region_for("Kirovograd")               # -> {"iso": "UA-35", "name": "Kirovohrad Oblast", ...} or None
    admin1_name("UA-23")                   # -> "Zaporizhzhia Oblast"
    region_at(48.0, 37.8)                  # -> "UA-14" (point in an oblast polygon; Ukraine only)

An :class:`Entry` has ``idx``, ``geonameid`` (None for regions without one), ``kind``
(``"place"``, ``"admin1"``, ``"country"``, ``"continent"``, ``"area"``), ``name``,
``country`` (ISO 3166-1 alpha-2 or ""), ``admin1`` (ISO 3166-2 code, or None where the
project has no table for that country), ``lat``, ``lon`` and ``population``.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import names as N

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("place", "admin1", "country", "continent", "area")
PLACE, ADMIN1, COUNTRY, CONTINENT, AREA = range(5)


class _Names:
    """Lazy sequence of entry names (decoded on access)."""

    def __init__(self, g):
        self.g = g

    def __getitem__(self, i):
        off = self.g._name_off
        return self.g._names_blob[off[i]:off[i + 1] - 1].decode("utf-8")

    def __len__(self):
        return len(self.g._name_off) - 1


@dataclass(frozen=True)
class Entry:
    idx: int
    geonameid: int | None
    kind: str
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int


def key_hash(k: str) -> int:
    """64-bit hash of a name key (the index stores these, sorted, instead of the strings)."""
    return int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little")


def _split(arr) -> list[str]:
    return bytes(arr).decode("utf-8").split("\n")


def haversine(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Name index over GeoNames entries.  Use :meth:`load` (cached) rather than the constructor."""

    def __init__(self, path: Path = DATA / "gazetteer.npz"):
        z = np.load(path)
        self.gid = z["gid"]
        self.kind = z["kind"]
        self.lat = z["lat"].astype(np.float64)
        self.lon = z["lon"].astype(np.float64)
        self.pop = z["pop"]
        self.cc_idx = z["cc"]
        self.a1_idx = z["a1"]
        self._names_blob = bytes(z["names"])
        self._name_off = z["name_off"].tolist()
        self.ccs = _split(z["ccs"])
        self.a1_cc = _split(z["a1_cc"])
        self.a1_code = _split(z["a1_code"])
        self.a1_iso = _split(z["a1_iso"])
        self.entry_iso = _split(z["entry_iso"])
        self.hashes = z["hashes"]
        self.ptr = z["ptr"]
        self.post = z["post"]
        self._cache: dict[str, list[int]] = {}
        self._settlements_in: dict[str, np.ndarray] = {}
        self._entries: dict[int, Entry] = {}
        self._gid_pos = None
        meta = json.loads((DATA / "gazetteer_meta.json").read_text(encoding="utf-8"))
        self.demonyms: dict[str, str] = meta["demonyms"]
        self.capitals: dict[str, str] = meta["capitals"]
        self.country_names: dict[str, str] = meta["country_names"]
        self.admin1_rows: list[dict] = meta["admin1"]
        self._iso_entry: dict[str, int] = {}
        for i in np.flatnonzero(self.kind == ADMIN1):
            iso = self.entry_iso[i]
            if iso and iso not in self._iso_entry:
                self._iso_entry[iso] = int(i)
        self._country_entry = {self.ccs[self.cc_idx[i]]: int(i) for i in np.flatnonzero(self.kind == COUNTRY)}
        self._demonym_keys = {N.key(d): cc for d, cc in self.demonyms.items()}
        self.acronyms: set[str] = set(meta.get("acronyms", []))
        self.dotted: set[str] = set(meta.get("dotted", []))
        self._adjective_keys = {N.key(a): n for a, n in meta.get("adjectives", {}).items()}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Gazetteer":
        """The shared gazetteer of this process (loaded once)."""
        return cls()

    # -- entries -----------------------------------------------------------------
    def entry(self, i: int) -> Entry:
        i = int(i)
        hit = self._entries.get(i)
        if hit is not None:
            return hit
        kind = int(self.kind[i])
        gid = int(self.gid[i])
        if kind in (ADMIN1, AREA):
            iso = self.entry_iso[i] or None
        else:
            iso = self.a1_iso[self.a1_idx[i]] or None
        e = Entry(i, gid if gid > 0 else None, KINDS[kind], self.names[i], self.ccs[self.cc_idx[i]], iso,
                  float(self.lat[i]), float(self.lon[i]), int(self.pop[i]))
        if len(self._entries) < 300_000:
            self._entries[i] = e
        return e

    def settlements_in(self, iso: str) -> np.ndarray:
        """Indices of the settlements of a Ukrainian or Russian region (ISO 3166-2 code), cached; empty elsewhere."""
        hit = self._settlements_in.get(iso)
        if hit is None:
            codes = [j for j, x in enumerate(self.a1_iso) if x == iso]
            hit = np.flatnonzero((self.kind == PLACE) & np.isin(self.a1_idx, codes)) if iso[:2] in ("UA", "RU") else np.array([], dtype=int)
            self._settlements_in[iso] = hit
        return hit

    def ids(self, name: str) -> list[int]:
        """Entry indices whose name forms include ``name`` (any spelling, hybrids too; unordered)."""
        if N.is_cyrillic(name):
            out = set()
            for k in N.cyrillic_to_latin(name):
                out.update(self.ids(k))
            return sorted(out)
        k = N.key(name)
        ids = self.ids_by_key(k) or self.hybrid(k)
        return ids if ids else self.polish_ids(name)

    #: countries whose place names Polish text spells in Polish orthography
    POLISH_SPELLED = ("UA", "RU", "BY", "MD")

    def polish_ids(self, name: str, min_population: int = 0) -> list[int]:
        """Places of the former Soviet countries named ``name`` in Polish spelling
        ("Mikołajów" -> Mykolaiv), for a name not found as written; regions always,
        settlements of at least ``min_population``.  Where several places answer to different
        readings, those that the most readings reach are kept."""
        votes: dict[int, int] = {}
        for k in N.polish_variants(name):
            for i in self.ids_by_key(k, remember=False) or self.hybrid(k, remember=False):
                if self.ccs[self.cc_idx[i]] in self.POLISH_SPELLED and (
                        int(self.kind[i]) == ADMIN1 or
                        (int(self.kind[i]) == PLACE and int(self.pop[i]) >= min_population)):
                    votes[i] = votes.get(i, 0) + 1
        if not votes:
            return []
        top = max(votes.values())
        return sorted(i for i, v in votes.items() if v == top)

    def hybrid(self, k: str, remember: bool = True) -> list[int]:
        """Ukrainian/Russian places whose name matches word by word across romanisations
        ("velyka novoselka": Ukrainian "Velyka" + Russian "Novoselka")."""
        ws = k.split()
        if not 2 <= len(ws) <= 3:
            return []
        sets = []
        for p, w in enumerate(ws):
            ids = self.ids_by_key(f"\t{len(ws)}{p} {w}", remember)
            if not ids:
                return []
            sets.append(set(ids))
        return sorted(set.intersection(*sets))

    def ids_by_key(self, k: str, remember: bool = True) -> list[int]:
        """Entry indices for an exact lookup key (see :func:`names.key`).  ``remember=False`` for
        speculative keys (the Polish readings) that should not crowd the cache."""
        hit = self._cache.get(k)
        if hit is not None:
            return list(hit)
        h = np.uint64(key_hash(k))
        j = int(np.searchsorted(self.hashes, h))
        if j < len(self.hashes) and self.hashes[j] == h:
            out = self.post[self.ptr[j]:self.ptr[j + 1]].tolist()
        else:
            out = []
        if remember and len(self._cache) < 200_000:
            self._cache[k] = out
        return list(out)

    def has_key(self, k: str) -> bool:
        return bool(self.ids_by_key(k))

    @property
    def names(self):
        return _Names(self)

    def lookup(self, name: str) -> list[Entry]:
        """Candidates for a name, countries and regions first, then places by population."""
        ids = self.ids(name)
        ids.sort(key=lambda i: (-(int(self.kind[i]) in (COUNTRY, ADMIN1)), -int(self.pop[i])))
        return [self.entry(i) for i in ids]

    def by_geonameid(self, geonameid: int) -> Entry | None:
        if self._gid_pos is None:
            self._gid_pos = {int(g): i for i, g in enumerate(self.gid.tolist()) if g > 0}
        i = self._gid_pos.get(int(geonameid))
        return None if i is None else self.entry(i)

    def country(self, cc: str) -> Entry | None:
        i = self._country_entry.get(cc)
        return None if i is None else self.entry(i)

    def admin1_entry(self, iso: str) -> Entry | None:
        i = self._iso_entry.get(iso)
        return None if i is None else self.entry(i)

    def region(self, name: str) -> Entry | None:
        """The first-level region called ``name`` ("Zaporozhye Region", "Kirovograd", "UA-23")."""
        if name.upper() in self._iso_entry:
            return self.admin1_entry(name.upper())
        forms = sorted(N.cyrillic_to_latin(name)) if N.is_cyrillic(name) else [N.key(name)]
        forms = [f[4:] if f.startswith("the ") else f for f in forms]
        for cand in [c for f in forms for c in (f, f + " region")]:
            ids = [i for i in self.ids_by_key(cand) if self.kind[i] == ADMIN1]
            if ids:
                return self.entry(max(ids, key=lambda i: int(self.pop[i])))
        return None

    def demonym_country(self, word: str) -> str | None:
        """ISO country code of a demonym/adjective ("Ukrainian" -> "UA"), or None."""
        return self._demonym_keys.get(N.key(word))

    def adjective_entry(self, word: str) -> Entry | None:
        """The place an adjective stands for: "Ukrainian" -> Ukraine, "European" -> Europe, "Crimean" -> Crimea."""
        k = N.key(word)
        cc = self._demonym_keys.get(k)
        if cc:
            return self.country(cc)
        name = self._adjective_keys.get(k)
        if name:
            ids = self.ids(name)
            if ids:
                best = max(ids, key=lambda i: (int(self.kind[i]) != PLACE, int(self.pop[i])))
                return self.entry(best)
        return None

    def capital_of(self, cc: str) -> Entry | None:
        """The capital city of a country (GeoNames' capital name, largest match in that country)."""
        name = self.capitals.get(cc)
        if not name:
            return None
        ids = [i for i in self.ids(name) if self.kind[i] == PLACE and self.ccs[self.cc_idx[i]] == cc]
        return self.entry(max(ids, key=lambda i: int(self.pop[i]))) if ids else None

    # -- output ---------------------------------------------------------------------
    def record(self, e: Entry, precision: int | str | None = None) -> dict:
        """Place-record fields for an entry (without the span keys)."""
        if precision is None:
            precision = {"place": 1, "admin1": 3, "country": "country", "continent": None, "area": 3}[e.kind]
        return {
            "geonameid": e.geonameid,
            "name": e.name,
            "country": e.country or None,
            "admin1": e.admin1,
            "lat": round(e.lat, 5),
            "lon": round(e.lon, 5),
            "precision": precision,
            "feature": {"place": "settlement", "admin1": "region", "country": "country",
                        "continent": "other", "area": "region"}[e.kind],
        }


def region_for(name: str) -> dict | None:
    """A first-level region by any of its names: ``{"iso", "name", "country", "lat", "lon"}`` or None.

    >>> region_for("Kirovograd")["iso"]
    'UA-35'
    """
    e = Gazetteer.load().region(name)
    if e is None:
        return None
    return {"iso": e.admin1, "name": e.name, "country": e.country, "lat": e.lat, "lon": e.lon}


def admin1_name(iso: str) -> str | None:
    """English name of a first-level region by ISO 3166-2 code ("UA-23" -> "Zaporizhzhia Oblast")."""
    e = Gazetteer.load().admin1_entry(iso)
    return e.name if e else None


@lru_cache(maxsize=1)
def _oblast_polygons():
    return [(p["iso"], [np.asarray(r, dtype=np.float64) for r in p["rings"]])
            for p in json.loads((DATA / "ua_oblasts.json").read_text(encoding="utf-8"))]


def point_in_rings(lon: float, lat: float, rings) -> bool:
    """Is the point inside the rings ([[lon, lat], ...] each)? Even-odd rule, so holes count."""
    inside = False
    for ring in rings:
        a = np.asarray(ring, dtype=np.float64)
        x, y = a[:, 0], a[:, 1]
        if not (x.min() <= lon <= x.max() and y.min() <= lat <= y.max()):
            continue
        x2, y2 = np.roll(x, -1), np.roll(y, -1)
        cond = (y > lat) != (y2 > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            xs = x + (lat - y) * (x2 - x) / (y2 - y)
        if np.count_nonzero(cond & (lon < xs)) % 2:
            inside = not inside
    return inside


def region_at(lat: float, lon: float) -> str | None:
    """ISO 3166-2 code of the Ukrainian oblast containing a point (simplified OSM polygons), or None."""
    for iso, rings in _oblast_polygons():
        if point_in_rings(lon, lat, rings):
            return iso
    return None
