"""Load the built-in stage plugins and any installed ones (entry-point group ``frontwire``)."""

from __future__ import annotations

import importlib

import pluggy

from . import hookspecs

#: Built-in stages, in pipeline order.  Each module implements some hooks.
BUILTIN_PLUGINS = (
    "frontwire.nlp.hooks",
    "frontwire.places.hooks",
    "frontwire.claims.hooks",
    "frontwire.framing.hooks",
    "frontwire.store.hooks",
)

_pm: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    global _pm
    if _pm is None:
        pm = pluggy.PluginManager("frontwire")
        pm.add_hookspecs(hookspecs)
        for name in BUILTIN_PLUGINS:
            pm.register(importlib.import_module(name), name=name)
        pm.load_setuptools_entrypoints("frontwire")
        pm.hook.register_components()
        _pm = pm
    return _pm


def load_plugins() -> pluggy.PluginManager:
    return plugin_manager()
