from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import events, quotes  # noqa: F401
