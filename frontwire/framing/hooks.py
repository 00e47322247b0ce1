"""Framing: persuasion-technique spans and per-story / per-outlet style profiles."""

from __future__ import annotations

from pathlib import Path

import click

from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import profile, techniques  # noqa: F401


def _article_files(inputs: tuple[str, ...]) -> list[tuple[str, Path]]:
    from .ptc import ARTICLE_RE

    out = []
    for name in inputs:
        p = Path(name)
        if p.is_dir():
            files = sorted(p.glob("article*.txt"))
        elif p.is_file():
            files = [p]
        else:
            raise click.ClickException(f"{name}: no such file or folder")
        for f in files:
            m = ARTICLE_RE.search(f.name)
            out.append((m.group(1) if m else f.stem, f))
    if not out:
        raise click.ClickException(f"{', '.join(inputs)}: no articleNNN.txt files found")
    return out


@click.command("techniques")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["semeval-si", "semeval-tc", "text", "jsonl"]), default="text", show_default=True,
              help="semeval-si: article_id, start, end; semeval-tc: article_id, technique, start, end for --template spans; "
                   "text: one span a line; jsonl: one JSON object per input file.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help="TC spans file (label column ignored) for semeval-tc.")
@click.option("--lexicon/--no-lexicon", default=None, help="Add loaded-term lexicon spans (default: on for text/jsonl, off for semeval-*).")
@click.option("--threshold", type=float, default=None, help="SI token threshold (default: the component's for text/jsonl, the F1-tuned one for semeval-*).")
@click.option("--finetuned/--no-finetuned", default=True, show_default=True,
              help="Mix the fine-tuned MiniLM span tagger (a branch of the encoder, no extra pass) into SI.")
def techniques_cmd(inputs, fmt, template, lexicon, threshold, finetuned):
    """Persuasion-technique spans in articles (PTC labels); SemEval-2020 Task 11 formats.

    INPUTS are articleNNN.txt files or folders of them (article ids come from the
    file names); offsets are Python str offsets into the file read as UTF-8 with
    newlines kept, as in the official PTC data.
    """
    import json

    from .ptc import read_article_text, read_tc_labels
    from .techniques import TechniqueFinder

    semeval = fmt.startswith("semeval")
    if fmt == "semeval-tc" and not template:
        raise click.UsageError("--format semeval-tc needs --template SPANS_FILE")
    from .techniques import TechniqueTagger

    if threshold is None and not semeval:
        threshold = TechniqueTagger.DEFAULT_THRESHOLD  # what `analyze` shows; SemEval uses the F1-tuned one
    finder = TechniqueFinder(lexicon=(not semeval) if lexicon is None else lexicon, threshold=threshold, finetuned=finetuned)
    files = _article_files(inputs)
    if fmt == "semeval-tc":
        spans_by_id = read_tc_labels(template)
        for aid, path in files:
            spans = spans_by_id.get(aid, [])
            if not spans:
                continue
            text = read_article_text(path)
            labels = finder.classify(text, [(s, e) for s, e, _ in spans])
            for (s, e, _), lab in zip(spans, labels):
                click.echo(f"{aid}\t{lab}\t{s}\t{e}")
        return
    for aid, path in files:
        text = read_article_text(path)
        if fmt == "semeval-si":
            if finder.lexicons is None:
                spans = [(s, e) for s, e, _, _ in finder.model_spans(text)]
            else:
                from .ptc import merge_spans

                spans = merge_spans((d["start"], d["end"]) for d in finder.find(text))
            for s, e in spans:
                click.echo(f"{aid}\t{s}\t{e}")
        elif fmt == "jsonl":
            found = [{**d, "text": text[d["start"]:d["end"]]} for d in finder.find(text)]
            click.echo(json.dumps({"source": str(path), "id": aid, "techniques": found}, ensure_ascii=False))
        else:
            for d in finder.find(text):
                snippet = text[d["start"]:d["end"]].replace("\n", " ")
                click.echo(f"{aid}\t{d['start']}\t{d['end']}\t{d['technique']}\t{d['score']:.3f}\t{d['source']}\t{snippet}")


@click.command("techniques")
@click.option("--ptc", type=click.Path(file_okay=False), default=None, help="PTC train folder (default: ../shared/data/ptc/train).")
@click.option("-k", "--folds", "k", type=int, default=5, show_default=True, help="Number of folds (by article).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--limit-folds", type=int, default=None, help="Run only the first N folds (quick look).")
@click.option("--fold", "only", type=int, default=None, help="Run only fold N (1-based), e.g. to finish a CV in pieces.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--sparse-only", is_flag=True, help="Without the MiniLM encoder (sparse features only).")
@click.option("--ft-logits", type=click.Path(file_okay=False, exists=True), default=None,
              help="Folder of foldK.npz files from `scripts/finetune_si.py --fold K --save-logits` (the fine-tuned SI "
                   "tagger's held-out logits); without it SI is scored without the fine-tuned tagger.")
def evaluate_techniques_cmd(ptc, k, seed, limit_folds, only, as_json, sparse_only, ft_logits):
    """Cross-validate SI and TC on the PTC training set: SI F1 (partial overlap), TC micro-F1.

    Trains fresh models per fold (needs the `train` extra: scikit-learn).
    """
    import json

    from .evaluation import cross_validate, format_report
    from .ptc import ptc_train_dir

    root = Path(ptc) if ptc else ptc_train_dir()
    if not (root / "articles").is_dir():
        raise click.ClickException(f"{root}: PTC training data not found")
    from .techniques import load_encoder

    encoder = None if sparse_only else load_encoder()
    ft = None
    if ft_logits:
        import numpy as np

        ft = {}
        for f in sorted(Path(ft_logits).glob("fold*.npz")):
            z = np.load(f)
            ft.update({aid: z[aid] for aid in z.files})
        if not ft:
            raise click.ClickException(f"{ft_logits}: no foldK.npz files (make them with scripts/finetune_si.py --fold K --save-logits)")
    try:
        res = cross_validate(root, k=k, seed=seed, folds=limit_folds, only=only, log=lambda m: click.echo(m, err=True), encoder=encoder,
                             thresholds=(0.15, 0.2, 0.25, 0.3, 0.35), ft_logits=ft)
    except ImportError as exc:
        raise click.ClickException(f"training needs the `train` extra (pip install -e '.[train]'): {exc}")
    except ValueError as exc:  # --ft-logits without the folds asked for
        raise click.ClickException(f"{ft_logits}: {exc}")
    click.echo(json.dumps(res, indent=1) if as_json else format_report(res))


@click.command("profile")
@click.option("--db", default="frontwire.db", show_default=True, help="Store (SQLite path or URL).")
@click.option("--by", type=click.Choice(["outlet", "source", "language"]), default="outlet", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--since", default=None)
@click.option("--until", default=None)
def profile_cmd(db, by, fmt, outlet, since, until):
    """Per-outlet framing profiles from the store: technique density per 1,000 words,
    naming index, top loaded terms, hedging and certainty."""
    import csv
    import json
    import sys

    from .profile import flat_row, outlet_profiles

    from ..store import StoreError, open_store

    if not Path(db).exists() and "://" not in db:
        raise click.ClickException(f"{db}: no such store (run `frontwire analyze ... --db {db}` first)")
    try:
        store = open_store(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        profs = outlet_profiles(store.iter_records(outlet=outlet, since=since, until=until), by=by)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(profs, indent=1, ensure_ascii=False))
    else:
        rows = [flat_row(p, by) for p in profs]
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


@hookimpl
def register_commands(cli, evaluate):
    cli.add_command(techniques_cmd)
    cli.add_command(profile_cmd)
    evaluate.add_command(evaluate_techniques_cmd)


@hookimpl
def register_store_tables():
    """SQL tables of the framing profile: one summary row per story, and its densities in long form."""
    try:
        from ..store.database import Table
    except ImportError:  # pragma: no cover - store stage absent
        return []

    def summary(r: dict) -> list[dict]:
        p = r.get("profile") or {}
        if "words" not in p:
            return []
        return [{"outlet": r.get("outlet"), "published": r.get("published"), "words": p.get("words"),
                 "technique_rate": p.get("technique_rate"), "loaded_rate": p.get("loaded_rate"),
                 "naming_index": p.get("naming_index"), "naming_index_places": p.get("naming_index_places"),
                 "russian_forms": (p.get("naming") or {}).get("russian_forms"), "ukrainian_forms": (p.get("naming") or {}).get("ukrainian_forms"),
                 "hedging": p.get("hedging"), "certainty": p.get("certainty"), "headline_tone": (p.get("headline") or {}).get("tone"),
                 "loaded_terms": "; ".join(f"{t['term']} ({t['count']})" for t in p.get("loaded_terms") or [])}]

    def densities(r: dict) -> list[dict]:
        p = r.get("profile") or {}
        counts = p.get("technique_counts") or {}
        return [{"technique": k, "density": v, "count": counts.get(k)} for k, v in (p.get("technique_density") or {}).items() if v]

    return [
        Table("story_profiles", {"outlet": "TEXT", "published": "TEXT", "words": "INTEGER", "technique_rate": "REAL", "loaded_rate": "REAL",
                                 "naming_index": "REAL", "naming_index_places": "REAL", "russian_forms": "INTEGER", "ukrainian_forms": "INTEGER",
                                 "hedging": "REAL", "certainty": "REAL", "headline_tone": "REAL", "loaded_terms": "TEXT"}, summary),
        Table("technique_density", {"technique": "TEXT", "density": "REAL", "count": "INTEGER"}, densities),
    ]
