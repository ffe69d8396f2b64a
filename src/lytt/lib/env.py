"""Typed environment readers that fail loudly, naming the variable, on a bad value."""

from __future__ import annotations

import os
from urllib.parse import urlparse


class ConfigError(RuntimeError):
    """A setting read from the environment has a value Lytt cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number; got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}; got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_url(name: str, default: str | None = None, *, schemes: tuple[str, ...] = ()) -> str | None:
    value = os.environ.get(name, default)
    if value is None or value == "":
        return None
    parsed = urlparse(value)
    if not parsed.scheme or (schemes and parsed.scheme not in schemes):
        allowed = ", ".join(schemes) or "any scheme"
        raise ConfigError(f"{name} must be a URL ({allowed}); got {value!r}")
    return value
