"""Typed options of each source kind (see `pipeline.sources` for what every key means).

A source's keys are checked here once, strictly: a misspelt key, a string where a number belongs
or a non-positive limit is a `ConfigError` naming the key, recorded as the source's failure.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import ConfigError
from pipeline.sources import SourceConfig

Positive = Annotated[float, Field(gt=0)]
PositiveInt = Annotated[int, Field(gt=0)]
MIB = 1024 * 1024


class SourceOptions(BaseModel):
    """Options every kind accepts beyond the common keys of `SourceConfig`: what a
    ``window = "published"`` source does with an article that has no publication date."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    undated: Literal["skip", "keep"] = "skip"


class LocalOptions(SourceOptions):
    """Local files: a cap on each file's size, so one huge file cannot swamp a run."""

    max_file_bytes: PositiveInt = 10 * MIB


class FolderOptions(LocalOptions):
    """A folder of .txt/.html/.json/.jsonl articles."""


class JsonlOptions(LocalOptions):
    """One JSON Lines file: many articles, so a larger cap."""

    max_file_bytes: PositiveInt = 512 * MIB


class RemoteOptions(SourceOptions):
    """Feeds and URL lists: HTTP limits, permissions and a time budget for the whole source."""

    rate_limit: Positive = 1.0
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    allow_private: bool | tuple[str, ...] = False
    connect_timeout: Positive = 5.0
    read_timeout: Positive = 15.0
    total_timeout: Positive = 60.0
    max_bytes: PositiveInt = 10 * MIB
    max_redirects: PositiveInt = 5
    max_attempts: PositiveInt = 4
    backoff: Positive = 0.5
    max_backoff: Positive = 30.0
    max_retry_after: Positive = 120.0
    max_entries: PositiveInt = 1000
    concurrency: PositiveInt = 8
    robots: bool = True
    time_budget: Positive = 1800.0


class FeedOptions(RemoteOptions):
    """An RSS 2.0 or Atom feed whose entry links are fetched as pages."""


class UrlsOptions(RemoteOptions):
    """A list of page URLs, one a line."""


OPTIONS: dict[str, type[SourceOptions]] = {
    "folder": FolderOptions,
    "jsonl": JsonlOptions,
    "feed": FeedOptions,
    "urls": UrlsOptions,
}


def _plain(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def options_for(source: SourceConfig) -> SourceOptions:
    """The source's options as its kind's model; `ConfigError` naming each bad key."""
    model = OPTIONS.get(source.kind)
    if model is None:
        raise ConfigError(f"source {source.name!r}: kind {source.kind!r} is not supported")
    raw: dict[str, Any] = {k: _plain(v) for k, v in source.options.items()}
    common: dict[str, Any] = {
        "rate_limit": source.rate_limit,
        "allow": source.allow or None,
        "deny": source.deny or None,
        "allow_private": source.allow_private or None,
    }
    raw.update({k: _plain(v) for k, v in common.items() if v is not None})
    if isinstance(raw.get("rate_limit"), int) and not isinstance(raw["rate_limit"], bool):
        raw["rate_limit"] = float(raw["rate_limit"])
    try:
        return model(**raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(source)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"source {source.name!r} ({source.kind}): {problems}") from None


def remote_options(source: SourceConfig) -> RemoteOptions:
    """`options_for` of a feed or URL-list source."""
    options = options_for(source)
    if not isinstance(options, RemoteOptions):
        raise ConfigError(f"source {source.name!r}: kind {source.kind!r} is not a remote kind")
    return options


def local_options(source: SourceConfig) -> LocalOptions:
    """`options_for` of a folder or JSON Lines source."""
    options = options_for(source)
    if not isinstance(options, LocalOptions):
        raise ConfigError(f"source {source.name!r}: kind {source.kind!r} is not a local kind")
    return options
