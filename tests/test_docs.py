"""The CLI documents itself, and the README documents every command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policykg.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    """(name path, command) for every command and sub-command under ``group``."""
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


COMMANDS = list(commands())
IDS = [" ".join(names) for names, _ in COMMANDS]


def test_there_are_commands():
    assert "extract" in IDS


def test_group_has_help():
    assert (cli.help or "").strip()
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for names, _ in COMMANDS:
        if len(names) == 1:
            assert f"  {names[0]} " in result.stdout or result.stdout.count(f"  {names[0]}\n")


@pytest.mark.parametrize(("names", "command"), COMMANDS, ids=IDS)
def test_command_has_help(names, command):
    assert (command.help or "").strip(), f"policykg {' '.join(names)} has no help text"
    first_line = command.help.strip().splitlines()[0]
    result = CliRunner().invoke(cli, [*names, "--help"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert first_line in result.stdout


@pytest.mark.parametrize(("names", "command"), COMMANDS, ids=IDS)
def test_command_options_have_help(names, command):
    missing = [param.name for param in command.params
               if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert missing == []


@pytest.mark.parametrize(("names", "command"), COMMANDS, ids=IDS)
def test_command_is_in_readme(names, command):
    assert f"policykg {' '.join(names)}" in README.read_text(encoding="utf-8")
