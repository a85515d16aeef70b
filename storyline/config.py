"""One frozen Settings object: defaults < settings file < environment < CLI flags.

Each setting is declared once with its name, default and help; the CLI reads them from here.
The settings file is TOML (`storyline.toml` in the working directory, or STORYLINE_CONFIG).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    db: str = _setting("storyline.db", "SQLite file of the store")
    aliases: str = _setting("", "alias file (TSV or JSON) mapping a name variant to its canonical actor")
    window_days: float = _setting(10.0, "days after which a story goes dormant for clustering")
    max_bytes: int = _setting(10_000_000, "largest input file or download accepted, in bytes")
    fetch_timeout: float = _setting(20.0, "seconds to wait for a URL")
    batch_size: int = _setting(32, "articles per batch through the NLP models")
    analyze: bool = _setting(True, "run entities, times, quotes and claims during ingest")

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for `storyline settings`."""
        return [(f.name, f.default, f.metadata["help"]) for f in fields(cls)]


def _coerce(name: str, value: Any, kind: type) -> Any:
    try:
        if kind is bool and isinstance(value, str):
            if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(value)
            return value.lower() in ("1", "true", "yes")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {kind.__name__}") from exc


def load_settings(overrides: dict[str, Any] | None = None, config_file: str | None = None) -> Settings:
    """Build Settings from the file, then STORYLINE_<NAME> variables, then explicit overrides."""
    settings = Settings()
    kinds = {f.name: type(f.default) for f in fields(Settings)}
    path = Path(config_file or os.environ.get("STORYLINE_CONFIG", "storyline.toml"))
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not a valid TOML settings file ({exc})") from exc
    elif config_file:
        raise ConfigError(f"{config_file}: settings file not found")
    for name in kinds:
        env = os.environ.get(f"STORYLINE_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    unknown = set(values) - set(kinds)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return replace(settings, **{k: _coerce(k, v, kinds[k]) for k, v in values.items()})
