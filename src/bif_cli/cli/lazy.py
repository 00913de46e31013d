"""bif's top-level group: it imports a command's module only when that command is used.

typer builds every command up front, so `bif --help` and `bif check` would import all the
command modules. Here the group knows every command by name from `cli.commands.COMMANDS`;
its help lists them from that table, and a command is imported and built (as typer builds
it) only when it is run, completed or asked for its own help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer.core
import typer.main

from bif_cli.cli.coerce import quicken, quicken_param
from bif_cli.cli.commands import COMMANDS

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter
    from typer.core import TyperOption


def build(name: str) -> Command:
    """Import the module that defines command `name` and build its click command as typer does."""
    from bif_cli.cli.group import app

    module = f"bif_cli.cli.{COMMANDS[name].module}"
    importlib.import_module(module)
    for info in app.registered_commands:
        callback = info.callback
        if callback and (info.name or typer.main.get_command_name(callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if typer.main.solve_typer_info_defaults(group).name == name:
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                suggest_commands=app.suggest_commands,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"{module} defines no command {name!r}")


class LazyCommands(MutableMapping[str, "Command"]):
    """The commands by name, in `--help` order: every name known, each built on first use."""

    def __init__(self, built: MutableMapping[str, Command]) -> None:
        self.built = {name: quicken(command) for name, command in built.items()}
        self.names = [*COMMANDS, *(name for name in built if name not in COMMANDS)]

    def __getitem__(self, name: str) -> Command:
        if name not in self.built:
            if name not in self.names:
                raise KeyError(name)
            self.built[name] = quicken(build(name))
        return self.built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.built[name] = quicken(command)
        if name not in self.names:
            self.names.append(name)

    def __delitem__(self, name: str) -> None:
        if name not in self.names:
            raise KeyError(name)
        self.names.remove(name)
        self.built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self.names  # without importing anything

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.names))

    def __len__(self) -> int:
        return len(self.names)


class LazyGroup(typer.core.TyperGroup):
    """A typer group whose commands are imported when used, and listed without importing."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.lazy = LazyCommands(self.commands)
        self.commands = self.lazy
        self.listing = False

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if self.listing and cmd_name in COMMANDS and cmd_name not in self.lazy.built:
            # The list of commands in the help shows only the name and the first paragraph.
            return typer.core.TyperCommand(
                cmd_name, help=COMMANDS[cmd_name].summary, rich_markup_mode=self.rich_markup_mode
            )
        return self.lazy.get(cmd_name)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            quicken_param(option)
        return option

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.lazy)  # typer's own lists .items(), which would build every command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False
