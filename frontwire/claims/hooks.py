from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import events, quotes  # noqa: F401


@hookimpl
def register_exporters():
    from .export import acled_csv, events_geojson

    return {"acled": acled_csv, "geojson": events_geojson}


@hookimpl
def register_commands(cli, evaluate):
    from .evaluate import attribution_cmd, events_cmd

    evaluate.add_command(attribution_cmd)
    evaluate.add_command(events_cmd)
