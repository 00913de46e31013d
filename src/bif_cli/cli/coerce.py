"""typer's coercion of option values, for the plain kinds bif's options take, without pydantic.

typer turns each value into its type through a pydantic TypeAdapter: every command would pay
for importing pydantic and building the adapters (about 0.1 s) before doing anything. bif's
options are strings, paths, choices, flags and lists of strings; for those, typer's helpers give
the same value without pydantic. Any other kind, and any value the quick way does not accept,
goes through typer's coercion, so every result and every error message stays typer's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer._click import Command, Context, Parameter
    from typer._coercion import RuntimeParam
    from typer.core import TyperArgument, TyperOption

_NOT_QUICK = object()


def quicken(command: Command) -> Command:
    """Give the parameters of command (and of its subcommands) the quick coercion; return it."""
    for param in command.params:
        quicken_param(param)
    original = command.get_help_option

    def get_help_option(ctx: Context) -> Any:
        option = original(ctx)
        if option is not None:
            quicken_param(option)
        return option

    # typer makes a command's --help option on first use, and coerces its value too.
    setattr(command, "get_help_option", get_help_option)  # noqa: B010
    for sub in (getattr(command, "commands", None) or {}).values():
        quicken(sub)
    return command


def quicken_param(param: Parameter) -> None:
    """Give one parameter the quick coercion, when its values are of a plain kind."""
    if getattr(param, "_runtime_param", _NOT_QUICK) is not None:
        return  # not typer's, or its coercion is already there
    kind = _kind(param)  # type: ignore[arg-type]
    if kind is None:
        return
    try:
        quick = _quick_kind()
    except ImportError:  # a typer without these internals: its own coercion, as it is
        return
    descriptor = param.type_descriptor  # type: ignore[attr-defined]
    param._runtime_param = quick(  # type: ignore[attr-defined]
        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, kind=kind
    )


def _kind(param: TyperOption | TyperArgument) -> str | None:
    """Name the plain kind of a parameter's values, or None for typer's own coercion."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    annotation: Any = descriptor.annotation
    if annotation is bool:
        return "bool"
    if annotation is str:
        return "str"
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "str list"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice"
    if annotation is Path and info.path_type is None:
        return "path"
    return None


@cache
def _quick_kind() -> Callable[..., RuntimeParam]:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
    from typer.core import _TyperParameter

    @dataclass(frozen=True)
    class QuickRuntimeParam(RuntimeParam):
        """typer's coercion of one parameter, the plain values first without pydantic."""

        kind: str = ""
        full: list[RuntimeParam] = field(default_factory=list)  # typer's own, built if needed

        def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
            try:
                quick = self._quick(value, param, ctx)
            except ValueError:  # typer says what is wrong, in its own words
                quick = _NOT_QUICK
            if quick is not _NOT_QUICK:
                return quick
            if not self.full:
                self.full.append(build_runtime_param(param.type_descriptor))
            return self.full[0]._coerce_value(value, param=param, ctx=ctx)

        def _quick(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
            if self.kind == "bool":
                return value if type(value) is bool else _NOT_QUICK
            if self.kind == "str":
                return value if type(value) is str else _NOT_QUICK
            if self.kind == "str list":
                plain = type(value) in (list, tuple) and all(type(v) is str for v in value)
                return list(value) if plain else _NOT_QUICK
            if self.kind == "choice":
                if type(value) is not str and not isinstance(value, Enum):
                    return _NOT_QUICK
                choices = list(self.annotation)
                case_sensitive = self.parameter_info.case_sensitive
                return coerce_cli_choice(
                    value, choices=choices, case_sensitive=case_sensitive, ctx=ctx
                )
            if self.kind == "path" and (type(value) is str or isinstance(value, Path)):
                try:
                    return coerce_cli_path(
                        Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx
                    )
                except Exception:  # an unusable path: typer words the error itself
                    return _NOT_QUICK
            return _NOT_QUICK

    return QuickRuntimeParam
