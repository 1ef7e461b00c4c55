"""A polite, defensive HTTP client for feeds and article pages, on httpx.

Every request goes through the same checks, at every redirect hop:

* only ``http``/``https``; the source's ``allow``/``deny`` patterns; no credentials in URLs;
* the host is resolved once per run and refused when any address is private, loopback,
  link-local, multicast, reserved or unspecified (unless the source allows it). Connections are
  then opened only to the addresses that passed the check - the network backend refuses any other
  - so a DNS answer cannot change between the check and the connection;
* robots.txt, fetched once per host per run and honoured for the configured user agent
  (unreachable robots.txt: the host is skipped this run; missing: everything allowed);
* per-host politeness (an interval of ``1 / rate_limit`` between requests to one host, longer if
  robots.txt asks) and a global cap on requests in flight.

Responses: redirects are followed by hand (bounded, loops detected); transient faults (5xx, 408,
429, connection errors, connect/read timeouts) are retried with exponential backoff and jitter,
429/503 honour ``Retry-After`` (seconds or HTTP date) up to a cap; other 4xx fail at once. Bodies
are streamed and decoded (gzip/deflate) here, chunk by bounded chunk, so the decoded-size cap and
the total deadline stop a gzip bomb or an endless body early and memory stays bounded. Only HTML,
XML (feeds) and plain text are read; binary content is refused whatever its label says.

Conditional GET: ``ETag``/``Last-Modified`` validators of feeds and URL lists persist between runs
in a JSON state file, keyed by URL and by the data interval that saw them. A run uses the
validators recorded by the latest *earlier* interval, so a rerun of an interval sends the same
requests (and gets the same answers) as its first run, and a 304 means "nothing new since".
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import fcntl
import ipaddress
import json
import logging
import os
import random
import re
import socket
import threading
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from pipeline.errors import BadInputError, CommuniqueError, ConfigError, RetryableError
from pipeline.sources import SourceConfig

if TYPE_CHECKING:
    from pipeline.settings import Settings

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_READ_CHUNK = 64 * 1024
_ROBOTS_MAX_BYTES = 512 * 1024
_MAX_CRAWL_DELAY = 60.0
_TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "text/plain",
    }
)
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)", re.I)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


# -- failures ------------------------------------------------------------------------------------


class FetchFault(CommuniqueError):
    """A failed fetch; knows how many attempts it took and whether a retry now may help."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 1,
        retry_after: float | None = None,
        retry_now: bool = True,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.retry_after = retry_after
        self.retry_now = retry_now


class HttpStatusError(FetchFault, BadInputError):
    """A permanent HTTP status (4xx other than 408/429, unexpected 1xx/3xx): never retried."""


class ServerError(FetchFault, RetryableError):
    """5xx, 408 or 429 that outlasted the retries (or asked to wait longer than the cap)."""


class NetworkError(FetchFault, RetryableError):
    """The connection failed, broke or the host did not resolve."""


class FetchTimeout(FetchFault, RetryableError):
    """A connect or read timeout: retried."""


class DeadlineExceeded(FetchFault, RetryableError):
    """The response took longer than the total timeout: not retried within the run."""


class BodyTooLarge(FetchFault, BadInputError):
    """The decoded body went over the size cap (reading stopped there)."""


class UnsupportedContent(FetchFault, BadInputError):
    """Not HTML, XML or text: a binary type, binary bytes, an unknown or corrupt encoding."""


class UnsafeUrl(FetchFault, BadInputError):
    """Refused before any connection: scheme, credentials or a non-public address."""


class UrlDenied(FetchFault, BadInputError):
    """Refused by the source's allow/deny patterns (a redirect hop, typically)."""


class RedirectError(FetchFault, BadInputError):
    """A redirect loop, too many redirects or a redirect without a target."""


class RobotsDisallowed(FetchFault, BadInputError):
    """robots.txt forbids the URL for our user agent."""


class RobotsUnavailable(FetchFault, RetryableError):
    """robots.txt could not be fetched (5xx, network): the host is skipped for this run."""


def attempts_of(exc: BaseException) -> int:
    """Attempts a failure took (1 for failures raised outside the client)."""
    return exc.attempts if isinstance(exc, FetchFault) else 1


# -- policy --------------------------------------------------------------------------------------


def _option(source: SourceConfig, key: str, default: float, *, integer: bool = False) -> Any:
    value = source.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"source {source.name!r}: {key} must be a positive number")
    if integer:
        if int(value) != value:
            raise ConfigError(f"source {source.name!r}: {key} must be a whole number")
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """Limits and permissions of one source's requests (see `pipeline.sources` for the keys)."""

    rate_limit: float = 1.0
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 120.0
    robots: bool = True
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    allow_private: bool = False
    private_networks: tuple[IPNetwork, ...] = ()
    private_hosts: frozenset[str] = frozenset()

    @classmethod
    def for_source(cls, source: SourceConfig) -> HttpPolicy:
        """The source's policy; `ConfigError` for a value that cannot be used."""
        try:
            allow = tuple(re.compile(p) for p in source.allow)
            deny = tuple(re.compile(p) for p in source.deny)
        except re.error as exc:
            raise ConfigError(f"source {source.name!r}: bad allow/deny pattern: {exc}") from exc
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        if not isinstance(source.allow_private, bool):
            for entry in source.allow_private:
                try:
                    networks.append(ipaddress.ip_network(entry.strip(), strict=False))
                except ValueError:
                    hosts.add(entry.strip().lower().rstrip("."))
        rate = source.rate_limit if source.rate_limit is not None else 1.0
        if isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0:
            raise ConfigError(f"source {source.name!r}: rate_limit must be a positive number")
        robots = source.options.get("robots", True)
        base = cls()
        if not isinstance(robots, bool):
            raise ConfigError(f"source {source.name!r}: robots must be true or false")
        return cls(
            rate_limit=float(rate),
            connect_timeout=_option(source, "connect_timeout", base.connect_timeout),
            read_timeout=_option(source, "read_timeout", base.read_timeout),
            total_timeout=_option(source, "total_timeout", base.total_timeout),
            max_bytes=_option(source, "max_bytes", base.max_bytes, integer=True),
            max_redirects=_option(source, "max_redirects", base.max_redirects, integer=True),
            max_attempts=_option(source, "max_attempts", base.max_attempts, integer=True),
            backoff=_option(source, "backoff", base.backoff),
            max_retry_after=_option(source, "max_retry_after", base.max_retry_after),
            robots=robots,
            allow=allow,
            deny=deny,
            allow_private=source.allow_private is True,
            private_networks=tuple(networks),
            private_hosts=frozenset(hosts),
        )

    def refusal(self, url: str) -> str | None:
        """Why the allow/deny patterns refuse the URL, or None when they let it through."""
        for pattern in self.deny:
            if pattern.search(url):
                return f"matches deny pattern {pattern.pattern!r}"
        if self.allow and not any(p.search(url) for p in self.allow):
            return "matches no allow pattern"
        return None

    def address_allowed(self, host: str, address: IPAddress) -> bool:
        if self.allow_private or not non_public(address):
            return True
        return host in self.private_hosts or any(
            address.version == net.version and address in net for net in self.private_networks
        )


def non_public(address: IPAddress) -> bool:
    """Private, loopback, link-local, multicast, reserved, unspecified (embedded IPv4 included)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded: list[IPAddress] = []
        if address.ipv4_mapped is not None:
            embedded.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            embedded.append(address.sixtofour)
        if address.teredo is not None:
            embedded.extend(address.teredo)
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(non_public(e) for e in embedded):
            return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


# -- transport: connections only to checked addresses --------------------------------------------


class _GuardedBackend(httpcore.SyncBackend):
    """Connects a host only to the addresses the policy check approved for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._approved: dict[str, tuple[str, ...]] = {}
        self.connections: list[tuple[str, str, int]] = []

    def approve(self, host: str, addresses: Iterable[str]) -> None:
        with self._lock:
            self._approved[host.lower()] = tuple(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        with self._lock:
            addresses = self._approved.get(host.lower(), ())
        if not addresses:
            raise httpcore.ConnectError(f"no checked address for {host}: connection refused")
        last: Exception | None = None
        for address in addresses:
            with self._lock:
                self.connections.append((host, address, port))
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, backend: _GuardedBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=backend,
        )


class _HostThrottle:
    """Spaces requests to one host by at least its interval, across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, now))
            self._next[host] = at + interval
        if at > now:
            time.sleep(at - now)


# -- conditional GET state -----------------------------------------------------------------------


class ValidatorStore:
    """ETag / Last-Modified per URL and data interval, persisted as JSON between runs.

    Saving merges with the file as it is now, under an exclusive lock, and replaces it atomically,
    so fetches of several sources running at once do not lose each other's validators.
    """

    KEEP = 14  # intervals remembered per URL

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data = self._read()
        self._changed: dict[str, dict[str, dict[str, str]]] = {}

    def _read(self) -> dict[str, dict[str, dict[str, str]]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable validator state %s: %s", self.path, exc)
            return {}
        urls = raw.get("urls") if isinstance(raw, dict) else None
        return urls if isinstance(urls, dict) else {}

    def lookup(self, url: str, ds: str) -> dict[str, str]:
        """Validators recorded by the latest interval before ``ds`` (none: fetch in full)."""
        with self._lock:
            per_ds = self._data.get(url) or {}
            earlier = sorted(d for d in per_ds if d < ds)
            return dict(per_ds[earlier[-1]]) if earlier else {}

    def record(self, url: str, ds: str, validators: dict[str, str]) -> None:
        if not validators:
            return
        with self._lock:
            self._data.setdefault(url, {})[ds] = dict(validators)
            self._changed.setdefault(url, {})[ds] = dict(validators)

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            if not self._changed:
                return
            changed, self._changed = self._changed, {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = self._read()
                for url, per_ds in changed.items():
                    merged = {**current.get(url, {}), **per_ds}
                    current[url] = {d: merged[d] for d in sorted(merged)[-self.KEEP :]}
                tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
                try:
                    with open(tmp, "w", encoding="utf-8") as fh:
                        json.dump({"version": 1, "urls": current}, fh, indent=1, sort_keys=True)
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.replace(tmp, self.path)
                finally:
                    tmp.unlink(missing_ok=True)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        with self._lock:
            self._data = {**self._read(), **self._data}


# -- responses -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response (200-class, or 304 to a conditional request)."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> dict[str, str]:
        found = {"etag": self.etag, "last_modified": self.last_modified}
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (delay-seconds or an HTTP date); None if unusable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def declared_charset(header_charset: str | None, body: bytes) -> str | None:
    """The body's charset: BOM, else the Content-Type header, else a meta tag or XML declaration.

    Labels meaning Latin-1 or ASCII are read as windows-1252 (as browsers do), unless the bytes
    are valid UTF-8 with non-ASCII characters, which no Latin-1 text of any length ever is by
    accident. A charset that then fails to decode falls through in `parse.decode_text`.
    """
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    from_document = False
    label = header_charset
    if not label:
        head = body[:4096]
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if match is None:
            return None
        label = match.group(1).decode("ascii")
        from_document = True
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if from_document and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a document that could declare this in ASCII is not UTF-16
    if name in ("iso8859-1", "ascii", "cp1252"):
        if not body.isascii():
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return "cp1252"
            return "utf-8"
        return "cp1252"
    return name


def sniff_binary(body: bytes) -> str | None:
    """What binary format the body starts with, if any."""
    head = body[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _decoded(chunks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """Decode a content coding chunk by chunk, never producing more than `_READ_CHUNK` at once."""
    if coding in ("", "identity"):
        yield from chunks
        return
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise UnsupportedContent(f"unsupported Content-Encoding {coding!r}")
    decoder: Any = None
    for chunk in chunks:
        data = chunk
        while data:
            if decoder is None:
                if coding == "deflate":  # zlib-wrapped as the RFC says, or raw as some servers send
                    zlib_header = len(data) >= 2 and data[0] & 0x0F == 8
                    zlib_header = zlib_header and ((data[0] << 8) | data[1]) % 31 == 0
                    decoder = zlib.decompressobj(15 if zlib_header else -15)
                else:
                    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = decoder.decompress(data, _READ_CHUNK)
            if out:
                yield out
            data = decoder.unconsumed_tail
            if decoder.eof:
                rest = decoder.unused_data
                decoder = None
                # a further gzip member may follow; trailing padding or garbage is ignored
                data = rest if coding != "deflate" and rest.startswith(b"\x1f\x8b") else b""
    if decoder is not None and not decoder.eof:
        tail = decoder.flush()
        if tail:
            yield tail


def _content_type(response: httpx.Response) -> tuple[str | None, str | None]:
    raw = response.headers.get("content-type")
    if not raw:
        return None, None
    mime, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return mime.strip().lower() or None, charset


def _is_text(mime: str) -> bool:
    return mime in _TEXT_TYPES or mime.endswith("+xml")


@dataclass
class _Robots:
    parser: RobotFileParser | None = None  # None: everything allowed
    unavailable: str | None = None  # set: the host is skipped this run
    crawl_delay: float = 0.0


# -- the client ----------------------------------------------------------------------------------


class HttpClient:
    """One run's HTTP client: connection pool, DNS and robots caches, politeness, validators.

    Thread-safe: fetchers call `fetch` from a thread pool. Close it (or use it as a context
    manager) to persist the validators.
    """

    def __init__(
        self,
        user_agent: str,
        *,
        validators: ValidatorStore | None = None,
        max_in_flight: int = 16,
    ) -> None:
        self.user_agent = user_agent
        self.validators = validators or ValidatorStore()
        httpx_log = logging.getLogger("httpx")
        if httpx_log.level == logging.NOTSET:  # one INFO line per request is too chatty
            httpx_log.setLevel(logging.WARNING)
        self._backend = _GuardedBackend()
        limits = httpx.Limits(
            max_connections=max_in_flight,
            max_keepalive_connections=max_in_flight,
            keepalive_expiry=5.0,
        )
        self._client = httpx.Client(
            transport=_GuardedTransport(self._backend, limits),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._in_flight = threading.BoundedSemaphore(max_in_flight)
        self._throttle = _HostThrottle()
        self._lock = threading.Lock()
        self._dns: dict[tuple[str, int], tuple[str, ...]] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests_sent = 0

    @classmethod
    def for_settings(cls, settings: Settings) -> HttpClient:
        """A client with the configured user agent and the validator state under the data dir."""
        state = settings.data_dir / "state" / "http_validators.json"
        return cls(settings.user_agent, validators=ValidatorStore(state))

    @property
    def connections(self) -> list[tuple[str, str, int]]:
        """Every TCP connection opened so far, as (host, address, port)."""
        return list(self._backend.connections)

    def close(self) -> None:
        try:
            self.validators.save()
        finally:
            self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- public ----------------------------------------------------------------------------------

    def fetch(
        self, url: str, policy: HttpPolicy, *, ds: str | None = None, robots: bool = True
    ) -> Fetched:
        """GET ``url`` under ``policy``; a `FetchFault` says why not.

        With ``ds`` the request is conditional on the validators of the latest earlier interval,
        and the response's validators are recorded under ``ds``.
        """
        conditional = self.validators.lookup(url, ds) if ds else {}
        current, visited = url, {url}
        for hop in range(policy.max_redirects + 1):
            via = url if hop else None
            self._check(current, policy, via)
            if robots and policy.robots:
                self._check_robots(current, policy)
            outcome = self._with_retries(current, policy, conditional if hop == 0 else {})
            if isinstance(outcome, _Redirect):
                target = urljoin(current, outcome.location)
                if target in visited:
                    raise RedirectError(f"redirect loop: {current} -> {target}")
                visited.add(target)
                current = target
                continue
            fetched = replace(outcome, url=url)
            if ds:
                kept = conditional if fetched.not_modified else fetched.validators
                self.validators.record(url, ds, kept)
            return fetched
        raise RedirectError(f"more than {policy.max_redirects} redirects from {url}")

    # -- checks ----------------------------------------------------------------------------------

    def _check(self, url: str, policy: HttpPolicy, via: str | None) -> None:
        where = f"redirect from {via} to {url}" if via else url
        try:
            parts = urlsplit(url)
            port = parts.port
            host = httpx.URL(url).raw_host.decode("ascii").lower()
        except (ValueError, httpx.InvalidURL, UnicodeError) as exc:
            raise UnsafeUrl(f"{where}: invalid URL: {exc}") from exc
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise UnsafeUrl(f"{where}: scheme {scheme or '(none)'!r} refused (http/https only)")
        if not host:
            raise UnsafeUrl(f"{where}: no host")
        if parts.username is not None or parts.password is not None:
            raise UnsafeUrl(f"{where}: credentials in URLs are refused")
        reason = policy.refusal(url)
        if reason:
            raise UrlDenied(f"{where}: {reason}")
        port = port or (443 if scheme == "https" else 80)
        addresses = self._resolve(host, port)
        for text in addresses:
            if not policy.address_allowed(host, ipaddress.ip_address(text)):
                raise UnsafeUrl(
                    f"{where}: host {host} resolves to non-public address {text}; refused "
                    "(the source does not allow private addresses)"
                )
        self._backend.approve(host, addresses)

    def _resolve(self, host: str, port: int) -> tuple[str, ...]:
        key = (host, port)
        with self._lock:
            cached = self._dns.get(key)
        if cached is not None:
            return cached
        literal = host.strip("[]")
        try:
            addresses: tuple[str, ...] = (str(ipaddress.ip_address(literal)),)
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise NetworkError(f"cannot resolve {host}: {exc}") from exc
            found: dict[str, None] = {}
            for info in infos:
                found.setdefault(str(ipaddress.ip_address(str(info[4][0]).split("%")[0])), None)
            addresses = tuple(found)
            if not addresses:
                raise NetworkError(f"cannot resolve {host}: no address") from None
        with self._lock:
            self._dns[key] = addresses
        return addresses

    def _check_robots(self, url: str, policy: HttpPolicy) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots = self._robots_for(origin, policy)
        if robots.unavailable:
            raise RobotsUnavailable(robots.unavailable)
        if robots.parser is not None and not robots.parser.can_fetch(self.user_agent, url):
            raise RobotsDisallowed(f"robots.txt of {origin} disallows {url} for our user agent")

    def _robots_for(self, origin: str, policy: HttpPolicy) -> _Robots:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._lock:
                cached = self._robots.get(origin)
            if cached is not None:
                return cached
            robots = self._load_robots(origin, policy)
            with self._lock:
                self._robots[origin] = robots
            return robots

    def _load_robots(self, origin: str, policy: HttpPolicy) -> _Robots:
        small = replace(
            policy,
            max_bytes=_ROBOTS_MAX_BYTES,
            max_attempts=min(policy.max_attempts, 2),
            allow=(),
            deny=(),
        )
        try:
            got = self.fetch(f"{origin}/robots.txt", small, robots=False)
        except RetryableError as exc:
            log.warning("robots.txt of %s unavailable (%s): host skipped this run", origin, exc)
            return _Robots(unavailable=f"robots.txt of {origin} unavailable ({exc}); host skipped")
        except CommuniqueError as exc:  # 4xx, not text, too large: no rules to honour
            log.debug("robots.txt of %s not used (%s): no restrictions", origin, exc)
            return _Robots()
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.user_agent)
        try:
            crawl_delay = min(float(delay), _MAX_CRAWL_DELAY) if delay is not None else 0.0
        except (TypeError, ValueError):
            crawl_delay = 0.0
        return _Robots(parser=parser, crawl_delay=crawl_delay)

    # -- requests --------------------------------------------------------------------------------

    def _interval(self, origin: str, policy: HttpPolicy) -> float:
        with self._lock:
            robots = self._robots.get(origin)
        delay = robots.crawl_delay if robots is not None else 0.0
        return max(1.0 / policy.rate_limit, delay)

    def _with_retries(
        self, url: str, policy: HttpPolicy, conditional: dict[str, str]
    ) -> Fetched | _Redirect:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        interval = self._interval(f"{parts.scheme.lower()}://{host}", policy)
        headers: dict[str, str] = {}
        if conditional.get("etag"):
            headers["If-None-Match"] = conditional["etag"]
        if conditional.get("last_modified"):
            headers["If-Modified-Since"] = conditional["last_modified"]
        attempt = 0
        while True:
            attempt += 1
            self._throttle.wait(host, interval)
            try:
                with self._in_flight:
                    return self._once(url, policy, headers, attempt)
            except FetchFault as exc:
                exc.attempts = attempt
                retryable = isinstance(exc, ServerError | NetworkError | FetchTimeout)
                if not retryable or not exc.retry_now or attempt >= policy.max_attempts:
                    raise
                if exc.retry_after is not None:
                    delay = exc.retry_after
                else:
                    ceiling = min(policy.max_backoff, policy.backoff * 2 ** (attempt - 1))
                    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
                log.debug("retrying %s in %.2fs after: %s", url, delay, exc)
                time.sleep(delay)

    def _once(
        self, url: str, policy: HttpPolicy, headers: dict[str, str], attempt: int
    ) -> Fetched | _Redirect:
        total = policy.total_timeout
        deadline = time.monotonic() + total
        timeout = httpx.Timeout(
            connect=min(policy.connect_timeout, total),
            read=min(policy.read_timeout, total),
            write=min(policy.read_timeout, total),
            pool=total,
        )
        request = self._client.build_request("GET", url, headers=headers, timeout=timeout)
        with self._lock:
            self.requests_sent += 1
        try:
            response = self._client.send(request, stream=True)
        except httpx.ConnectTimeout as exc:
            raise FetchTimeout(f"connect timeout ({timeout.connect}s) to {url}") from exc
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"read timeout ({timeout.read}s) waiting for {url}") from exc
        except httpx.TransportError as exc:
            raise NetworkError(f"connection to {url} failed: {exc or type(exc).__name__}") from exc
        try:
            return self._handle(url, response, policy, deadline, attempt, bool(headers))
        finally:
            response.close()

    def _handle(
        self,
        url: str,
        response: httpx.Response,
        policy: HttpPolicy,
        deadline: float,
        attempt: int,
        conditional: bool,
    ) -> Fetched | _Redirect:
        status = response.status_code
        label = f"HTTP {status} {response.reason_phrase}".strip()
        if status in _REDIRECTS:
            location = response.headers.get("location", "").strip()
            if not location:
                raise RedirectError(f"{label} from {url} without a Location")
            return _Redirect(location)
        if status == 304:
            if not conditional:
                raise HttpStatusError(f"{label} to an unconditional request for {url}")
            return Fetched(url=url, final_url=url, status=304, attempts=attempt)
        if status >= 500 or status in (408, 429):
            wait = parse_retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > policy.max_retry_after:
                raise ServerError(
                    f"{label}: Retry-After {wait:.0f}s is over the {policy.max_retry_after:.0f}s "
                    "cap; not waiting",
                    retry_now=False,
                )
            raise ServerError(label, retry_after=wait)
        if not 200 <= status < 300:
            raise HttpStatusError(label)
        mime, charset = _content_type(response)
        if mime is not None and not _is_text(mime):
            raise UnsupportedContent(f"content type {mime} is not HTML, XML or text")
        coding = response.headers.get("content-encoding", "").strip().lower()
        codings = [c.strip() for c in coding.split(",") if c.strip() not in ("", "identity")]
        if len(codings) > 1:
            raise UnsupportedContent(f"stacked content encodings {coding!r} refused")
        length = response.headers.get("content-length", "")
        if not codings and length.isdigit() and int(length) > policy.max_bytes:
            raise BodyTooLarge(
                f"Content-Length {int(length)} is over the {policy.max_bytes}-byte cap"
            )
        body = self._read(response, codings[0] if codings else "", policy, deadline)
        binary = sniff_binary(body)
        if binary:
            raise UnsupportedContent(f"binary content ({binary}) served as {mime or 'unlabelled'}")
        return Fetched(
            url=url,
            final_url=str(response.url),
            status=status,
            body=body,
            content_type=mime,
            charset=declared_charset(charset, body),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            attempts=attempt,
        )

    def _read(
        self, response: httpx.Response, coding: str, policy: HttpPolicy, deadline: float
    ) -> bytes:
        parts: list[bytes] = []
        size = 0
        try:
            for piece in _decoded(response.iter_raw(), coding):
                size += len(piece)
                if size > policy.max_bytes:
                    raise BodyTooLarge(
                        f"body is over the {policy.max_bytes}-byte cap once decoded; "
                        "stopped reading"
                    )
                parts.append(piece)
                if time.monotonic() > deadline:
                    raise DeadlineExceeded(
                        f"total timeout ({policy.total_timeout}s) exceeded while reading the "
                        "body; stopped reading",
                        retry_now=False,
                    )
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"read timeout ({policy.read_timeout}s) in the body") from exc
        except (httpx.TransportError, httpx.StreamError) as exc:
            raise NetworkError(f"body broke off: {exc or type(exc).__name__}") from exc
        except zlib.error as exc:
            raise UnsupportedContent(f"corrupt {coding} body: {exc}") from exc
        return b"".join(parts)


@contextlib.contextmanager
def client_for(settings: Settings) -> Iterator[HttpClient]:
    """A run's client built from settings, closed (validators saved) on the way out."""
    client = HttpClient.for_settings(settings)
    try:
        yield client
    finally:
        client.close()
