"""``frontwire evaluate attribution DIR`` and ``frontwire evaluate events GOLD_DIR``.

Event gold files (``tests/data/events_gold/*.json``) render ``../shared/spec/seeds.md``
as JSON; ``tests/data/events_gold_corpus/{dev,heldout}/*.json`` are hand-annotated
real articles of ``../shared/corpus`` in the same form (``file`` relative to the
corpus folder, e.g. ``news/2022...txt`` or ``isw/2022-04-05.html``).  Each holds
the text file it refers to (``file``), the publication date assumed
(``published``), and per story (``index``, 1-based, in the order the reader splits
the file) the gold ``events``, ``figures`` and ``quotes``.

Event score: set-level P/R/F1 on (sub_event_type, place) per story — a predicted
event matches a gold one when the sub_event_type is the gold one (or one of its
``also_accept``) and the place is the same: same GeoNames id, or, for a gold
region (precision 3), a prediction at geo_precision 3 in the same ISO 3166-2
region, or the same name.  ``claimant_side`` accuracy is measured on matched
pairs.  Figures: recall of (quantity, unit) with claimant side.  Quotes: recall
of gold quotes found with the right speaker (content containing the gold text,
source canonical equal).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

import click

from ..doc import Story
from .figure_model import same_unit

ROOT = Path(__file__).resolve().parents[2]


def _find_text(gold: dict, gold_path: Path, texts: str | None) -> Path | None:
    cands = []
    if texts:
        cands.append(Path(texts) / gold["file"])
    shared = ROOT.parent / "shared"
    cands += [gold_path.parent / gold["file"], shared / "seeds" / gold["file"], shared / "corpus" / gold["file"]]
    for c in cands:
        if c.exists():
            return c
    return None


def _read_stories(path: Path) -> list[Story]:
    from ..ingest import read_path

    return read_path(str(path))


def _place_match(gold: dict, ev: dict) -> bool:
    p = ev.get("place") or {}
    g = gold["place"]
    if g.get("geonameid") is not None and p.get("geonameid") == g["geonameid"]:
        return True
    if g.get("precision") == 3:
        return ev.get("geo_precision") == 3 and p.get("admin1") == g.get("admin1")
    fold = lambda x: str(x).casefold().replace("’", "'").replace("ʼ", "'")  # "Stel’makhivka" is "Stel'makhivka"
    names = {fold(x) for x in (p.get("name"), p.get("text")) if x}
    return fold(g["name"]) in names and (not g.get("admin1") or not p.get("admin1") or p.get("admin1") == g.get("admin1"))


def _type_match(gold: dict, ev: dict) -> bool:
    return ev["sub_event_type"] == gold["sub_event_type"] or ev["sub_event_type"] in gold.get("also_accept", [])


def _best_fit(ev: dict, gold_events: list[dict], taken: set[int]) -> int | None:
    """The index of the gold event a predicted event counts for, or None: one of the same place and an accepted type,
    an untaken one before one already taken, one of its own sub-event type before one that only ``also_accept``s it
    (a greedy first fit let two predictions share one gold event and left its twin of the other type missed)."""
    fits = [gi for gi, ge in enumerate(gold_events) if _type_match(ge, ev) and _place_match(ge, ev)]
    return min(fits, key=lambda gi: (gi in taken, gold_events[gi]["sub_event_type"] != ev["sub_event_type"], gi), default=None)


def evaluate_events(gold_dir: str | Path, texts: str | None = None, prepare: Callable[[Story], Story] | None = None,
                    pipeline_names=("nlp", "places", "quotes", "events")) -> dict:
    """Score the pipeline against every gold file of ``gold_dir``.

    ``prepare`` may post-process each story after the ``nlp`` and ``places`` steps
    (tests use it to supply hand-made places).
    """
    from ..pipeline import Pipeline

    gold_files = sorted(p for p in Path(gold_dir).glob("*.json") if not p.name.startswith("_"))
    if not gold_files:
        raise click.UsageError(f"no gold *.json files in {gold_dir}")
    pipe = Pipeline(list(pipeline_names)).initialize()
    comps = dict(zip(pipe.names, pipe.components))
    tp_p = n_pred = tp_g = n_gold = 0
    side_ok = side_n = 0
    fig_ok = fig_n = fig_pred = 0
    q_ok = q_n = 0
    opinion_events = 0
    details = []
    n_stories = 0
    seconds = 0.0
    for gp in gold_files:
        gold = json.loads(gp.read_text(encoding="utf-8"))
        path = _find_text(gold, gp, texts)
        if path is None:
            raise click.UsageError(f"{gp.name}: text file {gold['file']} not found (use --texts DIR)")
        stories = _read_stories(path)
        for gs in gold["stories"]:
            idx = gs["index"] - 1
            if idx >= len(stories):
                details.append({"file": gold["file"], "story": gs["index"], "error": "story missing"})
                n_gold += len(gs["events"])
                continue
            st = stories[idx]
            if not st.published and (gs.get("published") or gold.get("published")):
                st.published = gs.get("published") or gold.get("published")
            t0 = time.perf_counter()
            for name in pipe.names:
                st = comps[name](st)
                if name == "places" and prepare is not None:
                    st = prepare(st)
            seconds += time.perf_counter() - t0
            n_stories += 1
            preds = st.events
            if gs.get("opinion"):
                opinion_events += len(preds)
            n_pred += len(preds)
            n_gold += len(gs["events"])
            matched_gold = set()
            story_detail = {"file": gold["file"], "story": gs["index"], "predicted": [], "missed": []}
            for ev in preds:
                hit = _best_fit(ev, gs["events"], matched_gold)
                pname = (ev.get("place") or {}).get("name")
                story_detail["predicted"].append({"sub_event_type": ev["sub_event_type"], "place": pname,
                                                  "geonameid": (ev.get("place") or {}).get("geonameid"),
                                                  "admin1": (ev.get("place") or {}).get("admin1"), "claimant_side": ev["claimant_side"],
                                                  "claimed_by": ev.get("claimed_by"), "correct": hit is not None,
                                                  **({"gold_side": gs["events"][hit]["claimant_side"]} if hit is not None else {})})
                if hit is not None:
                    tp_p += 1
                    if hit not in matched_gold:
                        matched_gold.add(hit)
                        side_n += 1
                        side_ok += ev["claimant_side"] == gs["events"][hit]["claimant_side"]
            tp_g += len(matched_gold)
            story_detail["missed"] = [{"sub_event_type": g["sub_event_type"], "place": g["place"]["name"], "geonameid": g["place"].get("geonameid"),
                                       "admin1": g["place"].get("admin1")} for i, g in enumerate(gs["events"]) if i not in matched_gold]
            details.append(story_detail)
            # figures
            fig_pred += len(st.figures)
            same = lambda f, gf: f["quantity"] == gf["quantity"] and same_unit(f["unit"], gf["unit"]) and f["claimant_side"] == gf["claimant_side"]
            for gf in gs.get("figures", []):
                fig_n += 1
                fig_ok += any(same(f, gf) for f in st.figures)
            story_detail["figures"] = [{"quantity": f["quantity"], "unit": f["unit"], "claimant_side": f["claimant_side"], "method": f.get("method"),
                                        "correct": any(same(f, gf) for gf in gs.get("figures", []))} for f in st.figures]
            story_detail["missed_figures"] = [{"quantity": gf["quantity"], "unit": gf["unit"], "claimant_side": gf["claimant_side"]}
                                              for gf in gs.get("figures", []) if not any(same(f, gf) for f in st.figures)]
            # quotes
            for gq in gs.get("quotes", []):
                q_n += 1
                q_ok += any(gq["content_contains"] in q["content"]["text"] and q.get("source") and q["source"].get("canonical") == gq["speaker"] for q in st.quotes)
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "events": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "predicted": n_pred, "gold": n_gold},
        "claimant_side_accuracy": round(side_ok / side_n, 4) if side_n else None,
        "matched": side_n,
        "events_in_opinion_stories": opinion_events,
        "figures": {"recall": round(fig_ok / fig_n, 4) if fig_n else None, "gold": fig_n, "predicted": fig_pred},
        "quotes": {"speaker_recall": round(q_ok / q_n, 4) if q_n else None, "gold": q_n},
        "stories": n_stories,
        "seconds_per_story": round(seconds / n_stories, 4) if n_stories else None,
        "details": details,
    }


# ---------------------------------------------------------------------- click
@click.command("attribution")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def attribution_cmd(directory, limit, as_json):
    """Score quote attribution on a PolNeAR (BRAT) directory: span-overlap P/R/F1 for source, cue, content."""
    from .polnear import ROLES, evaluate_dir

    res = evaluate_dir(directory, limit=limit)
    if as_json:
        click.echo(json.dumps(res, indent=2))
        return
    click.echo(f"PolNeAR attribution, {res['articles']} articles, {res['seconds']} s")
    click.echo(f"{'role':<8} {'P':>6} {'R':>6} {'F1':>6} {'exactF1':>8} {'propF1':>7} {'pred':>6} {'gold':>6}")
    for role in ROLES:
        m = res[role]
        click.echo(f"{role:<8} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['exact_f1']:>8.3f} {m['prop_f1']:>7.3f} {m['predicted']:>6} {m['gold']:>6}")
    click.echo("P/R/F1: span overlap (a span is right when it shares a character with a gold span of its role); "
               "exactF1: same offsets; propF1: share of characters (Citron-style proportional overlap)")


@click.command("events")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--texts", type=click.Path(exists=True, file_okay=False), default=None, help="Folder holding the texts the gold files name (default: ../shared/seeds, then ../shared/corpus).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details/--no-details", default=False, help="List predicted and missed events per story.")
def events_cmd(gold_dir, texts, as_json, details):
    """Score events on gold files: set-level P/R/F1 on (sub_event_type, place), claimant-side accuracy."""
    res = evaluate_events(gold_dir, texts=texts)
    if as_json:
        if not details:
            res = {k: v for k, v in res.items() if k != "details"}
        click.echo(json.dumps(res, indent=2))
        return
    e = res["events"]
    click.echo(f"events (sub_event_type, place): P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}  ({e['predicted']} predicted, {e['gold']} gold)")
    acc = res["claimant_side_accuracy"]
    click.echo(f"claimant_side accuracy on {res['matched']} matched: " + (f"{acc:.3f}" if acc is not None else "n/a"))
    click.echo(f"events in opinion stories: {res['events_in_opinion_stories']}")
    fr = res["figures"]
    click.echo(f"figures recall: {fr['recall']}  ({fr['predicted']} predicted, {fr['gold']} gold)")
    click.echo(f"quotes with the right speaker: {res['quotes']['speaker_recall']} of {res['quotes']['gold']}")
    click.echo(f"{res['stories']} stories, {res['seconds_per_story']} s per story")
    if details:
        for d in res["details"]:
            click.echo(json.dumps(d, ensure_ascii=False))
