"""The one console script, ``trygg``: a thin shell over the library.

Each command group lives in its own module and registers itself on ``main``
(or on a group defined here); library errors become one clear message and a
non-zero exit, never a traceback. The commands speak Swedish unless ``--lang en``
or the environment asks for English (:mod:`trygg.cli.language`).
"""

from __future__ import annotations

from typing import Any

import click

from trygg import __version__
from trygg.cli import language
from trygg.cli.language import _


class UserError(click.ClickException):
    """A problem with the user's input: printed as one message, exit code 2.

    The message is already in the user's language (``_("...")`` at the raise).
    """

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), err=True, file=file)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trygg")
@click.option("--lang", type=click.Choice(language.LANGUAGES), default=None,
              help="Language of the output: sv (the default) or en; "
                   "without it LANGUAGE or LANG decides. Machine output (--json, CSV) is not translated.")
def main(lang: str | None) -> None:
    """trygg: plan, prepare, run and publish trygghetspunkter and SOT-punkter."""
    language.activate(lang)


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
