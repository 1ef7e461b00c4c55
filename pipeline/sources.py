"""Source declarations: what to fetch, read from a TOML config or a bare folder.

A config file holds ``[[source]]`` tables::

    [[source]]
    name = "seeds"
    kind = "folder"          # folder | jsonl | feed | urls
    location = "seeds"       # path (relative to the config file) or URL
    window = "all"           # all: every article; published: only those published in the interval

A bare folder given as ``COMMUNIQUE_SOURCES`` is one ``folder`` source named after it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import ConfigError

Kind = Literal["folder", "jsonl", "feed", "urls"]
Window = Literal["all", "published"]
_KINDS = ("folder", "jsonl", "feed", "urls")
_WINDOWS = ("all", "published")


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One declared source."""

    name: str
    kind: Kind
    location: str
    window: Window = "all"
    rate_limit: float | None = None  # requests per second per host
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    allow_private: bool = False
    options: dict[str, object] = field(default_factory=dict)


def load_sources(path: Path) -> list[SourceConfig]:
    """Read sources from a TOML file, or treat a folder as a single folder source."""
    if path.is_dir():
        return [SourceConfig(name=path.name, kind="folder", location=str(path))]
    if not path.is_file():
        raise ConfigError(f"sources path does not exist: {path}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    out: list[SourceConfig] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw.get("source", [])):
        name = entry.get("name")
        kind = entry.get("kind")
        location = entry.get("location")
        if not name or kind not in _KINDS or not location:
            raise ConfigError(f"{path}: source #{i + 1} needs name, kind ({_KINDS}) and location")
        if name in seen:
            raise ConfigError(f"{path}: duplicate source name {name!r}")
        seen.add(name)
        window = entry.get("window", "all")
        if window not in _WINDOWS:
            raise ConfigError(f"{path}: source {name!r}: window must be one of {_WINDOWS}")
        if kind in ("folder", "jsonl") and not Path(location).is_absolute():
            location = str((path.parent / location).resolve())
        known = {"name", "kind", "location", "window", "rate_limit", "allow", "deny"}
        out.append(
            SourceConfig(
                name=name,
                kind=kind,
                location=location,
                window=window,
                rate_limit=entry.get("rate_limit"),
                allow=tuple(entry.get("allow", ())),
                deny=tuple(entry.get("deny", ())),
                allow_private=bool(entry.get("allow_private", False)),
                options={k: v for k, v in entry.items() if k not in known | {"allow_private"}},
            )
        )
    if not out:
        raise ConfigError(f"{path}: no [[source]] declared")
    return out
