"""Options shared by commands: one per setting, made from the settings' own metadata."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ..errors import ReuseError
from ..presets import DEFAULT_PRESET, PRESETS
from ..settings import Settings, setting_help, setting_range

__all__ = ["settings_options", "dash_is_stdout"]


def dash_is_stdout(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An -o option's callback: `-o -` means standard output, as it does for most tools (and as
    leaving -o out does), not a file named "-". A file of that name is `-o ./-`. The option
    takes the path as given (a string: a `Path` would make "./-" into "-"), and this makes it
    a `Path`."""
    if value is None or value == "-":
        return None
    return Path(value)


def _preset_help() -> str:
    """--preset's help: each preset's use and the values it sets, from the presets' table."""
    parts = []
    for name, preset in PRESETS.items():
        values = ", ".join(
            f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:g}"
            for k, (v, _) in preset.changes.items()
        )
        default = " (default)" if name == DEFAULT_PRESET else ""
        parts.append(f"{name}{default}: {preset.use}" + (f" Sets {values}." if values else ""))
    return (
        "Settings for a use. "
        + " ".join(parts)
        + " Setting options given on the command line override the preset's values (the "
        "defaults shown below are news's). The report records the preset and every value."
    )


def settings_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add --preset and one option per `Settings` field (e.g. --lsh-threshold), defaulting to
    the news defaults, and pass a validated `Settings` to the command as `settings`: the
    preset's, with the options given on the command line on top."""
    fields = dataclasses.fields(Settings)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        preset = kwargs.pop("preset")
        values = {f.name: kwargs.pop(f.name) for f in fields}
        # An option left at its default yields to the preset; one given (on the command line,
        # from the environment or a default map) wins over it.
        given = {
            name: value
            for name, value in values.items()
            if ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)
        }
        try:
            kwargs["settings"] = Settings.preset(preset, **given)
        except ReuseError as exc:
            raise click.BadParameter(str(exc)) from exc
        return fn(*args, **kwargs)

    for f in reversed(fields):
        default = f.default
        low, high = setting_range(f.name)
        wrapper = click.option(
            "--" + f.name.replace("_", "-"),
            f.name,
            type=type(default),
            default=default,
            show_default=True,
            metavar=f"[{low:g}-{high:g}]"
            if isinstance(default, float)
            else f"[{low:,}-{high:,}]".replace(",", "_"),
            help=setting_help(f.name),
        )(wrapper)
    return click.option(
        "--preset",
        type=click.Choice(list(PRESETS)),
        default=DEFAULT_PRESET,
        show_default=True,
        help=_preset_help(),
    )(wrapper)
