"""The ``frontwire`` command line: a thin layer over ingest, pipeline and store.

Stages add their own commands through the ``register_commands`` hook
(:mod:`frontwire.hookspecs`), so this file does not grow with every stage.
"""

from __future__ import annotations

import sys

import click

from . import __version__


class UserError(click.ClickException):
    """A user's mistake: one line on stderr, exit code 2, no traceback."""

    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontwire")
def cli():
    """frontwire: who claims what happened, where and when, and how it is told."""


@cli.group()
def evaluate():
    """Score a stage against gold data and print the numbers."""


def _load_commands() -> None:
    from .plugins import plugin_manager

    plugin_manager().hook.register_commands(cli=cli, evaluate=evaluate)


def main(argv: list[str] | None = None) -> None:
    _load_commands()
    try:
        cli.main(args=argv, prog_name="frontwire", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("frontwire: interrupted; everything committed so far is kept", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
