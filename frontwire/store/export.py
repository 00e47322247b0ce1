"""Exporters over story records: JSON Lines, a stories CSV, and GeoJSON of place mentions.

Every exporter has the shape ``export(records, out) -> int`` (records written);
stages add theirs (ACLED CSV, events GeoJSON) through the ``register_exporters`` hook.
"""

from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

STORY_COLUMNS = ("id", "title", "outlet", "url", "published", "language", "source", "words",
                 "places", "quotes", "events", "figures", "techniques")


def export_jsonl(records: Iterable[dict], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_stories_csv(records: Iterable[dict], out: TextIO) -> int:
    w = csv.writer(out)
    w.writerow(STORY_COLUMNS)
    n = 0
    for r in records:
        w.writerow([r.get("id"), r.get("title"), r.get("outlet"), r.get("url"), r.get("published"), r.get("language"),
                    r.get("source"), len(r["text"].split()),
                    *(len(r.get(layer) or []) for layer in ("places", "quotes", "events", "figures", "techniques"))])
        n += 1
    return n


def export_places_geojson(records: Iterable[dict], out: TextIO) -> int:
    """One Point feature per resolved place mention (GeoNames/OSM attribution in the collection)."""
    features = []
    for r in records:
        for p in r.get("places") or []:
            if p.get("lat") is None or p.get("lon") is None:
                continue
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {"story_id": r["id"], "title": r.get("title"), "published": r.get("published"),
                               "outlet": r.get("outlet"), "mention": p["text"], "name": p.get("name"),
                               "geonameid": p.get("geonameid"), "country": p.get("country"), "admin1": p.get("admin1"),
                               "precision": p.get("precision"), "start": p["start"], "end": p["end"]},
            })
    json.dump({"type": "FeatureCollection", "features": features,
               "attribution": "Place data: GeoNames (CC BY 4.0); boundaries: OpenStreetMap contributors (ODbL)"},
              out, ensure_ascii=False)
    out.write("\n")
    return len(features)
