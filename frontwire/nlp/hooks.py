from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import backbone  # noqa: F401
