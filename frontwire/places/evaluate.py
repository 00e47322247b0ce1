"""Scoring the geoparser on geoparsing corpora (TR-News, GeoVirus, LGL, GeoWebNews XML).

Two formats are read, both with character offsets into each article's text:

* TR-News / LGL style: ``<article><text>...</text><toponyms><toponym><phrase/><start/><end/>
  <gaztag geonameid=".."><lat/><lon/></gaztag></toponym>...``
* GeoVirus / GeoWebNews style: ``<article><text/><locations><location><name/><start/><end/>
  <lat/><lon/></location>...``

Metrics, as in the geoparsing literature (Gritta et al. 2018, "What's missing in geographical
parsing?"):

* recognition: precision, recall and F1 of predicted toponym spans, exact match (and a lenient
  overlap match), over *all* mentions (metonyms included: the corpora annotate them) and over
  the ``places`` layer alone (literal places, what frontwire outputs);
* resolution on gold toponyms (``frontwire.geo.resolve`` given the gold spans):
  accuracy@161 km, mean and median error in km, and AUC -- the mean of
  ln(1 + error) / ln(20039), 0 best; an unresolved toponym counts as the maximal error.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from .gazetteer import haversine

MAX_KM = 20039.0


class CorpusError(ValueError):
    """The file is not a geoparsing corpus this scorer reads."""


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


@dataclass
class Article:
    text: str
    toponyms: list[GoldToponym]


def _f(el, tag):
    x = el.find(tag)
    return None if x is None or x.text is None else x.text.strip()


def _occurrences(text, sub):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def read_corpus(path: str | Path) -> list[Article]:
    """Articles with gold toponyms from a TR-News/LGL or GeoVirus/GeoWebNews XML file."""
    try:
        from lxml import etree

        parser = etree.XMLParser(recover=True, huge_tree=True)
        errors: tuple = (OSError, etree.XMLSyntaxError)
    except ImportError:  # pragma: no cover - lxml comes with trafilatura
        import xml.etree.ElementTree as etree

        parser = None
        errors = (OSError, etree.ParseError)
    try:
        root = etree.parse(str(path), parser).getroot()
    except errors as exc:
        raise CorpusError(f"{path}: cannot read as XML ({exc})") from None
    if root is None or next(root.iter("article"), None) is None:
        raise CorpusError(f"{path}: no <article> elements (expected TR-News/LGL or GeoVirus/GeoWebNews XML)")
    out = []
    for art in root.iter("article"):
        t = art.find("text")
        text = t.text if t is not None and t.text else ""
        tops = []
        for el in list(art.iter("toponym")) + list(art.iter("location")):
            try:
                s, e = int(_f(el, "start")), int(_f(el, "end"))
            except (TypeError, ValueError):
                continue
            phrase = _f(el, "phrase") or _f(el, "name")
            if phrase and text[s:e] != phrase:
                # some corpus offsets drift by a few characters: realign on the nearest occurrence
                hits = [i for i in _occurrences(text, phrase) if abs(i - s) <= 60]
                if hits:
                    s = min(hits, key=lambda i: abs(i - s))
                    e = s + len(phrase)
            gaz = el.find("gaztag")
            src = gaz if gaz is not None else el
            lat, lon = _f(src, "lat"), _f(src, "lon")
            gid = gaz.get("geonameid") if gaz is not None else None
            tops.append(GoldToponym(s, e, text[s:e], float(lat) if lat else None, float(lon) if lon else None,
                                    int(gid) if gid and gid.isdigit() else None))
        out.append(Article(text, tops))
    return out


def _prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "predicted": npred, "gold": ngold}


def evaluate_file(path: str | Path, use_spacy: bool = True, limit: int | None = None) -> dict:
    """Recognition and resolution scores of frontwire on one corpus file."""
    from ..geo import _core

    arts = read_corpus(path)[:limit]
    core = _core()
    nlp = None
    if use_spacy:
        from ..nlp.backbone import load_spacy

        nlp = load_spacy()
        nlp.max_length = 2_000_000
    tp_all = tp_lit = tp_overlap = n_all = n_lit = n_gold = n_adj = tp_adj = 0
    errors: list[float] = []
    unresolved = 0
    t_geo = 0.0
    chars = 0
    for art in arts:
        text = art.text
        ents, doc = None, None
        if nlp is not None:
            doc = nlp(text)
            ents = [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents]
        t0 = time.perf_counter()
        pairs = core.parse(text, ents, doc, keep_metonyms=True)
        t_geo += time.perf_counter() - t0
        chars += len(text)
        gold_spans = {(g.start, g.end) for g in art.toponyms}
        pred_all = {(m.start, m.end) for m, _ in pairs if m.role != "adjective"}
        pred_adj = {(m.start, m.end) for m, _ in pairs}
        pred_lit = {(m.start, m.end) for m, _ in pairs if m.role == "literal"}
        n_gold += len(gold_spans)
        n_all += len(pred_all)
        n_lit += len(pred_lit)
        tp_all += len(pred_all & gold_spans)
        n_adj += len(pred_adj)
        tp_adj += len(pred_adj & gold_spans)
        tp_lit += len(pred_lit & gold_spans)
        tp_overlap += sum(1 for (s, e) in pred_all if any(s < ge and gs < e for gs, ge in gold_spans))
        # resolution on gold spans
        golds = [g for g in art.toponyms if g.lat is not None and g.lon is not None]
        if not golds:
            continue
        recs = core.resolve_spans(text, [(g.start, g.end) for g in golds], ents, doc)
        for g, rec in zip(golds, recs):
            if rec is None or rec.get("lat") is None:
                errors.append(MAX_KM)
                unresolved += 1
            else:
                errors.append(haversine(g.lat, g.lon, rec["lat"], rec["lon"]))
    n = len(errors)
    res = {
        "file": str(path),
        "articles": len(arts),
        "recognition_all_mentions": _prf(tp_all, n_all, n_gold),
        "recognition_places_layer": _prf(tp_lit, n_lit, n_gold),
        "recognition_with_adjectives": _prf(tp_adj, n_adj, n_gold),
        "recognition_all_mentions_overlap": {"precision": round(tp_overlap / n_all, 4) if n_all else 0.0},
        "resolution": {
            "toponyms": n,
            "acc@161km": round(sum(1 for d in errors if d <= 161) / n, 4) if n else 0.0,
            "mean_km": round(statistics.fmean(errors), 1) if n else None,
            "median_km": round(statistics.median(errors), 1) if n else None,
            "auc": round(statistics.fmean(math.log(1 + d) / math.log(MAX_KM) for d in errors), 4) if n else None,
            "unresolved": unresolved,
        },
        "geoparse_ms_per_1000_chars": round(1000 * t_geo / max(chars, 1) * 1000, 3),
        "spacy": use_spacy,
    }
    return res


def format_result(r: dict) -> str:
    ra, rl, rs = r["recognition_all_mentions"], r["recognition_places_layer"], r["resolution"]
    return "\n".join([
        f"{r['file']}: {r['articles']} articles, {ra['gold']} gold toponyms",
        f"recognition (all mentions, exact span): P {ra['precision']:.3f}  R {ra['recall']:.3f}  F1 {ra['f1']:.3f}",
        f"recognition (+ demonyms/adjectives):    P {r['recognition_with_adjectives']['precision']:.3f}  "
        f"R {r['recognition_with_adjectives']['recall']:.3f}  F1 {r['recognition_with_adjectives']['f1']:.3f}",
        f"recognition (places layer, exact span): P {rl['precision']:.3f}  R {rl['recall']:.3f}  F1 {rl['f1']:.3f}",
        f"resolution on {rs['toponyms']} gold toponyms: acc@161km {rs['acc@161km']:.3f}  mean {rs['mean_km']} km  "
        f"median {rs['median_km']} km  AUC {rs['auc']}  unresolved {rs['unresolved']}",
        f"speed: {r['geoparse_ms_per_1000_chars']} ms per 1,000 characters (geoparser only, spaCy excluded)",
    ])
