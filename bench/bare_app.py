"""Write a bare typer app with bif's command tree: the yardstick for `bif --help`.

    python bench/bare_app.py OUT_DIR    # writes bare_typer_app.py and bare_typer.py there

The app is generated from bif's real click tree, as typer builds it: every group and command
with its help texts and settings, every argument and option with its declarations, type,
default and help, and the same rich markup mode. Its callbacks do nothing and it imports only
typer, so what it costs to start is typer's own cost for a tree this size. bare_typer.py is a
launcher as small as bif's console script; the app lives in a module so that, like bif, it
runs from compiled bytecode.
"""

from __future__ import annotations

import enum
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
import typer.main
from typer.models import ArgumentInfo, DefaultPlaceholder, OptionInfo, ParameterInfo

MODULE = "bare_typer_app"
LAUNCHER = f"from {MODULE} import main\n\nmain()\n"
REQUIRED = ...
# Settings of a command or group that typer reads from the decorator or Typer(...).
COMMAND_SETTINGS = (
    "help",
    "short_help",
    "epilog",
    "options_metavar",
    "add_help_option",
    "no_args_is_help",
    "hidden",
    "deprecated",
    "context_settings",
    "rich_help_panel",
)
GROUP_SETTINGS = (*COMMAND_SETTINGS, "subcommand_metavar", "invoke_without_command")
# Parameter settings that are code, not data: a bare app cannot copy them.
CALLABLES = ("callback", "shell_complete", "autocompletion", "default_factory", "parser")


def bif_tree() -> Any:
    """Return bif's click tree, every command loaded, as `bif --help` and its groups show it."""
    from bif_cli.cli.group import app

    return typer.main.get_command(app)


class _Writer:
    """Python source of a typer app, built up while walking a click tree."""

    def __init__(self) -> None:
        self.enums: dict[type[enum.Enum], str] = {}
        self.body: list[str] = []
        self.functions = 0

    def annotation(self, hint: Any) -> str:
        origin = get_origin(hint)
        if origin is not None:
            args = ", ".join(self.annotation(arg) for arg in get_args(hint))
            return f"{origin.__name__}[{args}]"
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return self.enum_name(hint)
        if hint in (str, int, float, bool, bytes):
            return str(hint.__name__)
        if hint is Path:
            return "Path"
        if hint is datetime:
            return "datetime"
        raise ValueError(f"bare_app: no source for the type {hint!r}")

    def enum_name(self, kind: type[enum.Enum]) -> str:
        if kind not in self.enums:
            taken = set(self.enums.values())
            name = kind.__name__
            while name in taken:
                name += "_"
            self.enums[kind] = name
        return self.enums[kind]

    def value(self, value: Any) -> str:
        if isinstance(value, enum.Enum):
            return f"{self.enum_name(type(value))}.{value.name}"
        if isinstance(value, Path):
            return f"Path({str(value)!r})"
        if isinstance(value, list):
            return f"[{', '.join(self.value(v) for v in value)}]"
        if isinstance(value, tuple):
            return f"({''.join(self.value(v) + ', ' for v in value)})"
        if value is None or isinstance(value, str | int | float | bool | dict):
            return repr(value)
        raise ValueError(f"bare_app: no source for the value {value!r}")

    def parameter(self, param: Any) -> str:
        descriptor = param.type_descriptor
        info: ParameterInfo = descriptor.parameter_info
        kind = "Option" if isinstance(info, OptionInfo) else "Argument"
        fresh = vars(OptionInfo() if kind == "Option" else ArgumentInfo())
        for name in CALLABLES:
            if getattr(info, name) is not None:
                raise ValueError(f"bare_app: {param.name} has a {name}, which it cannot copy")
        declared = [repr(d) for d in info.param_decls or ()]
        settings = [
            f"{key}={self.value(value)}"
            for key, value in vars(info).items()
            if key not in ("default", "param_decls", *CALLABLES) and value != fresh[key]
        ]
        hint = self.annotation(descriptor.annotation)
        default = "" if info.default is REQUIRED else f" = {self.value(info.default)}"
        args = ", ".join(declared + settings)
        return f"{param.name}: Annotated[{hint}, typer.{kind}({args})]{default}"

    def settings(self, command: Any, names: tuple[str, ...]) -> list[str]:
        shown = []
        for name in names:
            value = getattr(command, name, None)
            if isinstance(value, DefaultPlaceholder) or value in (None, {}):
                continue
            shown.append(f"{name}={self.value(value)}")
        return shown

    def function(self, decorator: str, params: list[Any]) -> None:
        self.functions += 1
        self.body.append(decorator)
        if params:
            self.body.append(f"def _f{self.functions}(")
            self.body.append("    *,")
            self.body += [f"    {self.parameter(p)}," for p in params]
            self.body.append(") -> None:")
        else:
            self.body.append(f"def _f{self.functions}() -> None:")
        self.body += ["    pass", ""]

    def group(self, group: Any, var: str, *, root: bool) -> None:
        settings = self.settings(group, GROUP_SETTINGS)
        settings += [f"rich_markup_mode={group.rich_markup_mode!r}"]
        if root:
            added = any(p.name == "install_completion" for p in group.params)
            settings += [f"name={group.name!r}", f"add_completion={added}"]
        else:
            settings.insert(0, f"name={group.name!r}")
        self.body += [f"{var} = typer.Typer({', '.join(settings)})", ""]
        completion = ("install_completion", "show_completion")
        params = [p for p in group.params if p.name not in completion]
        if group.callback is not None:
            self.function(f"@{var}.callback()", params)
        subgroups = []
        for name in group.list_commands(None):
            command = group.commands[name]
            if isinstance(command, typer.core.TyperGroup):
                subgroups.append(command)
                continue
            settings = [repr(name), *self.settings(command, COMMAND_SETTINGS)]
            self.function(f"@{var}.command({', '.join(settings)})", command.params)
        for number, sub in enumerate(subgroups):
            sub_var = f"{var}_{number}"
            self.group(sub, sub_var, root=False)
            self.body += [f"{var}.add_typer({sub_var})", ""]

    def source(self, prog_name: str) -> str:
        head = [
            f'"""A bare typer app with the command tree of `{prog_name}`; generated."""',
            "",
            "from datetime import datetime  # noqa: F401",
            "from enum import Enum, StrEnum  # noqa: F401",
            "from pathlib import Path  # noqa: F401",
            "from typing import Annotated  # noqa: F401",
            "",
            "import typer",
            "",
        ]
        for kind, name in self.enums.items():
            base = "StrEnum" if issubclass(kind, enum.StrEnum) else "Enum"
            head.append(f"class {name}({base}):")
            head += [f"    {m.name} = {m.value!r}" for m in kind]
            head.append("")
        tail = ["", "def main() -> None:", f"    app(prog_name={prog_name!r})", ""]
        return "\n".join(head + self.body + tail)


def bare_app_source(tree: Any, prog_name: str = "bif") -> str:
    """Return the source of a typer app with tree's groups, commands and parameters."""
    writer = _Writer()
    writer.group(tree, "app", root=True)
    return writer.source(prog_name)


def write_bare_app(out: Path, tree: Any | None = None) -> Path:
    """Write the bare app module and its launcher into out; return the launcher."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{MODULE}.py").write_text(bare_app_source(tree or bif_tree()), encoding="utf-8")
    launcher = out / "bare_typer.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    return launcher


def count_commands(tree: Any) -> int:
    """Count the leaf commands of a click tree (groups' subcommands included)."""
    sub = getattr(tree, "commands", None)
    return sum(count_commands(c) for c in sub.values()) if sub else 1


if __name__ == "__main__":
    print(write_bare_app(Path(sys.argv[1])))
