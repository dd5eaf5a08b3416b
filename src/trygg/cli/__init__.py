"""The one console script, ``trygg``: a thin shell over the library.

Each command group lives in its own module and registers itself on ``main``
(or on a group defined here); library errors become one clear message and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import click

from trygg import __version__


class UserError(click.ClickException):
    """A problem with the user's input: printed as one message, exit code 2."""

    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trygg")
def main() -> None:
    """trygg: plan, prepare, run and publish trygghetspunkter and SOT-punkter."""


@main.group()
def analyze() -> None:
    """Needs analysis and site selection: coverage, location models, store and fuel access."""


@main.group()
def power() -> None:
    """Backup power: load budget, generator check and fuel endurance per point."""


@main.group()
def scenario() -> None:
    """Multi-day outage scenarios that allocate scarce fuel by priority order."""


def _register_commands() -> None:
    # Imported for their side effect of adding commands to the groups above.
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()
