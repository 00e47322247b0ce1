from ..hookspecs import hookimpl


@hookimpl
def register_exporters():
    return {}
