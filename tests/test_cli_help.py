"""Every command and option of `trygg` explains itself."""

import click

from trygg.cli import main


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


def test_every_command_and_option_has_help():
    missing = []
    for path, command in all_commands(main):
        if not (command.help or command.short_help):
            missing.append(" ".join(path))
        for param in command.params:
            if isinstance(param, click.Option) and not param.help and param.name not in ("help", "version"):
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_the_registry_commands_exist():
    names = {" ".join(p) for p, _ in all_commands(main)}
    assert {"demo", "serve", "load-demo", "import points", "export points", "check-sot", "readiness"} <= names
