from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import geoparser  # noqa: F401
