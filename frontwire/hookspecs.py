"""frontwire's extension points, all in one place (pluggy hook specifications).

Built-in stages implement these hooks in their own ``hooks.py``; third-party
packages do the same and register under the ``frontwire`` entry-point group::

    [project.entry-points.frontwire]
    myplugin = "myplugin.hooks"

Components themselves are registered with :func:`frontwire.pipeline.component`
when the plugin module that defines them is imported.
"""

import pluggy

hookspec = pluggy.HookspecMarker("frontwire")
hookimpl = pluggy.HookimplMarker("frontwire")


@hookspec
def register_components():
    """Import the modules that define pipeline components (they self-register)."""


@hookspec
def register_commands(cli, evaluate):
    """Add click commands to the ``frontwire`` CLI group ``cli``, or evaluation
    commands to its ``evaluate`` group (``frontwire evaluate NAME ...``)."""


@hookspec
def register_exporters():
    """Return a dict ``{format_name: callable(store, out_stream, **options)}``
    for ``frontwire export --format NAME``."""


@hookspec
def register_store_tables():
    """Return a list of :class:`frontwire.store.database.Table` definitions:
    extra tables a stage flattens out of each story record for SQL users."""
