from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import geoparser  # noqa: F401


@hookimpl
def register_commands(cli, evaluate):
    import click

    @evaluate.command("geoparsing")
    @click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
    @click.option("--no-spacy", is_flag=True, help="Recognise without spaCy's entities and parse (faster, weaker).")
    @click.option("--limit", type=int, default=None, help="Score only the first N articles.")
    def geoparsing(files, as_json, no_spacy, limit):
        """Score recognition (P/R/F1) and resolution (acc@161 km, mean/median km, AUC) on
        TR-News / GeoVirus / LGL / GeoWebNews XML files."""
        import json as _json

        from .evaluate import CorpusError, evaluate_file, format_result

        try:
            results = [evaluate_file(f, use_spacy=not no_spacy, limit=limit) for f in files]
        except CorpusError as exc:
            raise click.ClickException(str(exc)) from None
        if as_json:
            click.echo(_json.dumps(results if len(results) > 1 else results[0], indent=2))
        else:
            for r in results:
                click.echo(format_result(r))
