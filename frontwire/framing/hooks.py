from ..hookspecs import hookimpl


@hookimpl
def register_components():
    from . import profile, techniques  # noqa: F401
