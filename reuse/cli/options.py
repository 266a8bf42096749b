"""Options shared by commands: one per setting, made from the settings' own metadata."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import click

from ..errors import ReuseError
from ..settings import Settings, setting_help, setting_range

__all__ = ["settings_options"]


def settings_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add one option per `Settings` field (e.g. --lsh-threshold), defaulting to the news
    defaults, and pass a validated `Settings` to the command as `settings`."""
    fields = dataclasses.fields(Settings)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {f.name: kwargs.pop(f.name) for f in fields}
        try:
            kwargs["settings"] = Settings(**given)
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
    return wrapper
