from ..hookspecs import hookimpl


@hookimpl
def register_exporters():
    from .export import export_jsonl, export_places_geojson, export_stories_csv

    return {"jsonl": export_jsonl, "csv": export_stories_csv, "places-geojson": export_places_geojson}
