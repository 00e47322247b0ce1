"""The ``frontwire`` command line: a thin layer over ingest, pipeline and store.

Stages add their own commands through the ``register_commands`` hook
(:mod:`frontwire.hookspecs`), so this file does not grow with every stage.
"""

from __future__ import annotations

import sys

import click

from . import __version__


class UserError(click.ClickException):
    """A user's mistake: one line on stderr, exit code 2, no traceback."""

    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontwire")
def cli():
    """frontwire: who claims what happened, where and when, and how it is told."""


@cli.group()
def evaluate():
    """Score a stage against gold data and print the numbers."""


DB_OPTION = click.option("--db", "db", default="frontwire.db", show_default=True, metavar="PATH_OR_URL",
                         help="SQLite file (or postgresql:// URL once that backend exists).")


def _open(db: str):
    from .store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        raise UserError(str(exc)) from None


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@DB_OPTION
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Also write every story of the run to this JSONL file.")
@click.option("--published", help="Publication date for stories that carry none (e.g. 2025-01-23).")
@click.option("--outlet", help="Outlet name for stories that carry none.")
@click.option("--max-size", default=20.0, show_default=True, help="Refuse inputs larger than this many MB.")
@click.option("--batch-size", default=8, show_default=True, help="Stories analysed and committed together.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Analyse in this many processes.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def analyze(inputs, db, out, published, outlet, max_size, batch_size, jobs, progress):
    """Read, analyse and store stories from files, folders, feeds or URLs.

    Folders are read recursively; a URL is fetched only because you gave it.
    Exit code 0 when every input was read, 1 when some were skipped (each named
    on stderr with the reason).
    """
    from tqdm import tqdm

    from .ingest.normalize import normalize_date
    from .pipeline import Pipeline
    from .runner import PipelineStartError, run

    meta = {}
    if published:
        meta["published"] = normalize_date(published)
        if not meta["published"]:
            raise UserError(f"--published: cannot read {published!r} as a date")
    if outlet:
        meta["outlet"] = outlet
    pipeline = None  # with --jobs > 1 each worker builds its own
    if jobs == 1:
        try:
            pipeline = Pipeline().initialize()
        except Exception as exc:
            raise UserError(f"cannot start the analysis pipeline ({exc.__class__.__name__}: {exc})") from None
    store = _open(db)
    show = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(unit=" stories", disable=not show, file=sys.stderr, dynamic_ncols=True)
    out_fh = None
    try:
        out_fh = open(out, "w", encoding="utf-8") if out else None
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror})") from None
    try:
        summary = run(inputs, store, pipeline=pipeline, out=out_fh, batch_size=batch_size, jobs=jobs,
                      on_error=lambda msg: bar.write(f"frontwire: skipped {msg}", file=sys.stderr),
                      on_story=bar.update, max_bytes=int(max_size * 1024 * 1024), **meta)
    except PipelineStartError as exc:
        raise UserError(str(exc)) from None
    finally:
        bar.close()
        if out_fh:
            out_fh.close()
        store.close()
    click.echo(summary.line() + f" -> {db}" + (f", {out}" if out else ""), err=True)
    sys.exit(1 if summary.failed else 0)


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(query, db, limit, as_json):
    """Full-text search over stored stories (FTS5 syntax: words, "phrases", OR, NEAR, prefix*)."""
    import json

    store = _open(db)
    hits = store.search(query, limit=limit)
    store.close()
    for h in hits:
        if as_json:
            click.echo(json.dumps(h, ensure_ascii=False))
        else:
            click.echo(f"{h['id']}  {h['published'] or '':10.10}  {h['outlet'] or '-'}  {h['title'] or '(untitled)'}")
            click.echo(f"    {' '.join(h['snippet'].split())}")
    if not hits:
        click.echo(f"no stories match {query!r}", err=True)


def exporters() -> dict:
    from .plugins import plugin_manager

    found: dict = {}
    for group in plugin_manager().hook.register_exporters():
        found.update(group or {})
    return found


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", default="jsonl", show_default=True,
              help="jsonl, csv (one row per story), geojson (events), acled (ACLED CSV of events), places-geojson, ...")
@click.option("--out", "-o", type=click.Path(dir_okay=False, writable=True), help="Output file (default: stdout).")
@click.option("--outlet", help="Only stories from this outlet.")
@click.option("--since", help="Only stories published on or after this date.")
@click.option("--until", help="Only stories published before this date.")
def export(db, fmt, out, outlet, since, until):
    """Export stored stories (or their events, places) in the formats the field uses."""
    found = exporters()
    if fmt not in found:
        raise UserError(f"unknown format {fmt!r}; available: {', '.join(sorted(found))}")
    store = _open(db)
    records = store.iter_records(outlet=outlet, since=since, until=until)
    try:
        fh = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror})") from None
    try:
        n = found[fmt](records, fh)
    finally:
        if out:
            fh.close()
        store.close()
    click.echo(f"frontwire: exported {n} {fmt} record(s)" + (f" to {out}" if out else ""), err=True)


@cli.command()
@click.argument("jsonl", type=click.Path(exists=True, dir_okay=False))
def validate(jsonl):
    """Check a JSONL output file against the JSON Schema and every span's offsets."""
    import json

    import jsonschema

    from .doc import check_offsets
    from .schema import story_schema

    validator = jsonschema.Draft202012Validator(story_schema())
    bad = n = 0
    with open(jsonl, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            n += 1
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                click.echo(f"{jsonl}:{lineno}: not JSON ({exc.msg})", err=True)
                bad += 1
                continue
            problems = [e.message for e in validator.iter_errors(rec)] + check_offsets(rec)
            for p in problems[:5]:
                click.echo(f"{jsonl}:{lineno}: {p}", err=True)
            bad += bool(problems)
    click.echo(f"{n} records, {bad} with problems")
    sys.exit(1 if bad else 0)


@cli.command()
def info():
    """The pipeline's components, what each assigns, and the export formats."""
    from .pipeline import Pipeline

    pipe = Pipeline()
    for name, assigns in pipe.analyses():
        click.echo(f"{name:12} assigns {', '.join(assigns)}")
    click.echo("export formats: " + ", ".join(sorted(exporters())))


def _load_commands() -> None:
    from .plugins import plugin_manager

    plugin_manager().hook.register_commands(cli=cli, evaluate=evaluate)


def main(argv: list[str] | None = None) -> None:
    _load_commands()
    try:
        cli.main(args=argv, prog_name="frontwire", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("frontwire: interrupted; everything committed so far is kept", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
