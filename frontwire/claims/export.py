"""Exporters of events: an ACLED-compatible CSV and a GeoJSON FeatureCollection.

Both take ``records`` (story record dicts as in ``story.schema.json``) and a text
stream, and return the number of events written.  Registered for
``frontwire export --format acled|geojson`` in :mod:`.hooks`.

ACLED columns carry ACLED's names where a column exists; our own fields
(claimed_by, claimant_side, reported_via, hedged, story_id, sentence offsets)
follow them.  Actors are mapped to ACLED's actor names where the table in
``data/acled.json`` knows them; ``interaction`` is the two ``inter`` codes, lower
first, as ACLED writes it.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Iterable, TextIO

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = ["claimed_by", "claimant_side", "reported_via", "hedged", "story_id", "sentence_start", "sentence_end"]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

_TABLES: dict | None = None


def _tables() -> dict:
    global _TABLES
    if _TABLES is None:
        with open(Path(__file__).parent / "data" / "acled.json", encoding="utf-8") as fh:
            _TABLES = json.load(fh)
    return _TABLES


def acled_rows(records: Iterable[dict]) -> Iterable[dict]:
    """One ACLED-shaped dict per event of every record."""
    t = _tables()
    now = int(time.time())
    for rec in records:
        sid = rec.get("id") or ""
        for i, ev in enumerate(rec.get("events") or []):
            place = ev.get("place") or {}
            cc = place.get("country")
            country = t["countries"].get(cc or "", {})
            actors = []
            for a in ev.get("actors") or []:
                m = t["actors"].get(a)
                name, inter = (m["acled"], m["inter"]) if m else (a, "")
                if name not in [x[0] for x in actors]:
                    actors.append((name, inter))
            a1 = actors[0] if actors else ("", "")
            a2 = actors[1] if len(actors) > 1 else ("", "")
            inters = sorted(x for x in (a1[1], a2[1]) if x != "")
            date = ev.get("date") or ""
            tags = []
            if ev.get("hedged"):
                tags.append("hedged")
            if ev.get("claimed_by"):
                tags.append(f"claimed by {ev['claimed_by']}")
            yield {
                "event_id_cnty": f"{country.get('iso3', 'XXX')}-{sid}-{i + 1}",
                "event_date": date,
                "year": date[:4] if date else "",
                "time_precision": ev.get("time_precision") or "",
                "disorder_type": _DISORDER.get(ev.get("event_type"), ""),
                "event_type": ev.get("event_type"),
                "sub_event_type": ev.get("sub_event_type"),
                "actor1": a1[0], "assoc_actor_1": "", "inter1": a1[1],
                "actor2": a2[0], "assoc_actor_2": "", "inter2": a2[1],
                "interaction": ("".join(str(x) for x in inters) if len(inters) == 2 else f"{inters[0]}0" if inters else ""),
                "civilian_targeting": "Civilian targeting" if "Civilians" in (ev.get("actors") or []) else "",
                "iso": country.get("iso", ""),
                "region": country.get("region", ""),
                "country": country.get("name", cc or ""),
                "admin1": t["admin1"].get(place.get("admin1") or "", place.get("admin1") or ""),
                "admin2": "", "admin3": "",
                "location": place.get("name") or place.get("text") or "",
                "latitude": place.get("lat") if place.get("lat") is not None else "",
                "longitude": place.get("lon") if place.get("lon") is not None else "",
                "geo_precision": ev.get("geo_precision") or "",
                "source": rec.get("outlet") or ev.get("reported_via") or "",
                "source_scale": "",
                "notes": (ev.get("text") or "").replace("\n", " "),
                "fatalities": ev.get("fatalities") or 0,
                "tags": "; ".join(tags),
                "timestamp": now,
                "claimed_by": ev.get("claimed_by") or "",
                "claimant_side": ev.get("claimant_side") or "",
                "reported_via": ev.get("reported_via") or "",
                "hedged": "true" if ev.get("hedged") else "false",
                "story_id": sid,
                "sentence_start": ev.get("start"),
                "sentence_end": ev.get("end"),
            }


def acled_csv(records: Iterable[dict], out: TextIO) -> int:
    """Write events as ACLED-compatible CSV; returns the number of events."""
    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for row in acled_rows(records):
        w.writerow(row)
        n += 1
    return n


def events_geojson(records: Iterable[dict], out: TextIO) -> int:
    """Write located events as a GeoJSON FeatureCollection (RFC 7946: lon, lat); returns the count."""
    feats = []
    for row in acled_rows(records):
        if row["latitude"] == "" or row["longitude"] == "":
            continue
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        props["hedged"] = row["hedged"] == "true"
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": props,
        })
    json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    out.write("\n")
    return len(feats)
