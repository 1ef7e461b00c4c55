"""Source declarations: what to fetch, read from a TOML config or a bare folder.

A config file holds ``[[source]]`` tables::

    [[source]]
    name = "seeds"
    kind = "folder"          # folder | jsonl | feed | urls
    location = "seeds"       # path (relative to the config file) or URL
    window = "all"           # all: every article; published: only those published in the interval

Keys of every source:

``name``
    Unique name; recorded on every article and failure of the source.
``kind``
    ``folder`` (a directory of .txt/.html/.json/.jsonl files), ``jsonl`` (one JSON Lines file),
    ``feed`` (an RSS 2.0 or Atom feed whose entry links are fetched as article pages) or ``urls``
    (a text file listing one page URL per line; blank lines and ``#`` comments are ignored).
``location``
    A path, relative to the config file, or for ``feed`` and ``urls`` an ``http(s)://`` URL.
``window``
    ``all`` keeps every article, ``published`` only those published inside the data interval.
``undated``
    With ``window = "published"``: ``skip`` (default) drops articles without a publication
    date, ``keep`` stores them in the first interval that fetches them (their events are then
    dated from that interval, ``date_basis`` = ``ingested``).

Keys of ``feed`` and ``urls`` sources (every one optional):

``rate_limit``
    Requests per second to any one host (default 1.0); robots.txt ``Crawl-delay`` can slow it.
``allow`` / ``deny``
    Lists of regular expressions searched in each entry link and each of its redirect hops (not
    in ``location`` itself). When ``allow`` is given a link must match one of them; a link matching
    any ``deny`` pattern is skipped without a request (a redirect hop matching it fails).
``allow_private``
    ``false`` (default) refuses hosts resolving to private, loopback, link-local, multicast,
    reserved or unspecified addresses; ``true`` allows private-use and loopback addresses; a list
    allows the given addresses or networks as listed, and the given host names on private-use or
    loopback addresses only, e.g. ``["127.0.0.1", "10.20.0.0/16", "intranet.example"]``.
    Link-local addresses (cloud metadata) are allowed only when listed explicitly.
``connect_timeout``, ``read_timeout``, ``total_timeout``
    Seconds (defaults 5, 15, 60); the total is one deadline per request from connecting to its
    last byte, headers and ``100 Continue`` responses included.
``max_bytes``
    Cap on a decoded response body (default 10 MiB); larger bodies are refused while streaming.
``max_redirects`` (default 5), ``max_attempts`` (default 4, the first try included),
``backoff`` (base seconds of the exponential backoff between attempts, default 0.5),
``max_retry_after`` (longest ``Retry-After`` honoured, in seconds, default 120; a longer one fails)
    Redirect and retry policy.
``max_entries``
    Most feed entries or listed URLs read per run (default 1000); each one beyond is recorded
    as an ``EntryLimitReached`` failure, and the next run reads the feed in full again.
``time_budget``
    Seconds the whole source may take, waits for ``Crawl-delay``, backoff and ``Retry-After``
    included (default 1800); what it leaves unfetched is recorded as ``BudgetExhausted``.
``concurrency``
    Pages of the source fetched at once (default 8; per-host politeness still applies).
``robots``
    Honour robots.txt (default true).

Key of ``folder`` and ``jsonl`` sources:

``max_file_bytes``
    Largest file read (default 10 MiB for a folder's files, 512 MiB for a JSON Lines file); a
    larger file is recorded as ``FileTooLarge`` and not read.

Keys other than the common ones are kept in ``SourceConfig.options`` and checked against the
kind's typed options (`pipeline.fetch.options`): an unknown key or a bad value is the source's
recorded failure.

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
REMOTE_KINDS: tuple[Kind, ...] = ("feed", "urls")  # fetched over HTTP; the others read files
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
    allow_private: bool | tuple[str, ...] = False  # or allowed addresses/networks/hosts
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
        remote = kind in REMOTE_KINDS and "://" in location
        if not remote and not Path(location).is_absolute():
            location = str((path.parent / location).resolve())
        allow_private = entry.get("allow_private", False)
        if isinstance(allow_private, list) and all(isinstance(a, str) for a in allow_private):
            allow_private = tuple(allow_private)
        elif not isinstance(allow_private, bool):
            raise ConfigError(
                f"{path}: source {name!r}: allow_private must be true, false or a list of "
                "addresses, networks or host names"
            )
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
                allow_private=allow_private,
                options={k: v for k, v in entry.items() if k not in known | {"allow_private"}},
            )
        )
    if not out:
        raise ConfigError(f"{path}: no [[source]] declared")
    return out
