"""The HTTP client: every request of every source goes through `HttpClient.fetch`.

At every redirect hop: only ``http``/``https``; the source's ``allow``/``deny`` patterns; no
credentials in URLs; the address guard (`guard`); robots.txt and per-host politeness
(`politeness`). Redirects are followed by hand (bounded, loops detected); transient faults (5xx,
408, 429, connection errors, connect/read timeouts) are retried with exponential backoff and
jitter, 429/503 honour ``Retry-After`` (seconds or HTTP date) up to a cap; other 4xx fail at once.
One deadline per request holds from connecting to the last byte, and every wait comes out of the
source's time budget. Bodies are decoded and checked by `body`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import random
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.errors import CommuniqueError, RetryableError
from pipeline.fetch.http.body import (
    ACCEPT,
    content_type,
    declared_charset,
    decoded,
    is_text,
    parse_retry_after,
    sniff_binary,
)
from pipeline.fetch.http.errors import (
    BodyTooLarge,
    BudgetExhausted,
    DeadlineExceeded,
    FetchFault,
    FetchTimeout,
    HttpStatusError,
    NetworkError,
    RedirectError,
    RobotsDisallowed,
    RobotsUnavailable,
    ServerError,
    UnsafeUrl,
    UnsupportedContent,
    UrlDenied,
)
from pipeline.fetch.http.guard import GuardedBackend, GuardedTransport, request_deadline, resolve
from pipeline.fetch.http.policy import HttpPolicy
from pipeline.fetch.http.politeness import (
    Budget,
    HostThrottle,
    Robots,
    parse_robots,
    robots_allow,
)
from pipeline.fetch.http.validators import ValidatorStore

if TYPE_CHECKING:
    from pipeline.settings import Settings

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512 * 1024
_DEADLINE_SLACK = 0.05  # a socket timeout set to the time left may wake a little early


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
        self._backend = GuardedBackend()
        limits = httpx.Limits(
            max_connections=max_in_flight,
            max_keepalive_connections=max_in_flight,
            keepalive_expiry=5.0,
        )
        self._client = httpx.Client(
            transport=GuardedTransport(self._backend, limits),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._in_flight = threading.BoundedSemaphore(max_in_flight)
        self._throttle = HostThrottle()
        self._lock = threading.Lock()
        self._dns: dict[tuple[str, int], tuple[str, ...]] = {}
        self._robots: dict[str, Robots] = {}
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
        self,
        url: str,
        policy: HttpPolicy,
        *,
        ds: str | None = None,
        robots: bool = True,
        budget: Budget | None = None,
    ) -> Fetched:
        """GET ``url`` under ``policy``; a `FetchFault` says why not.

        With ``ds`` the request is conditional on the validators of the latest earlier interval,
        and the response's validators are recorded under ``ds``. ``budget`` is the source's time
        budget: no wait or request goes past it.
        """
        budget = budget or Budget.unlimited()
        conditional = self.validators.lookup(url, ds) if ds else {}
        current, visited = url, {url}
        for hop in range(policy.max_redirects + 1):
            via = url if hop else None
            self._check(current, policy, via)
            if robots and policy.robots:
                self._check_robots(current, policy, budget)
            outcome = self._with_retries(current, policy, conditional if hop == 0 else {}, budget)
            if isinstance(outcome, _Redirect):
                try:
                    target = urljoin(current, outcome.location)
                except ValueError as exc:
                    raise RedirectError(
                        f"redirect from {current} to an invalid URL: {exc}"
                    ) from exc
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
                    "(the source does not allow this address)"
                )
        self._backend.approve(host, addresses)

    def _resolve(self, host: str, port: int) -> tuple[str, ...]:
        key = (host, port)
        with self._lock:
            cached = self._dns.get(key)
        if cached is not None:
            return cached
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError, ValueError) as exc:
            raise NetworkError(f"cannot resolve {host}: {exc}") from exc
        with self._lock:
            self._dns[key] = addresses
        return addresses

    def _check_robots(self, url: str, policy: HttpPolicy, budget: Budget) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots = self._robots_for(origin, policy, budget)
        if robots.unavailable:
            raise RobotsUnavailable(robots.unavailable)
        if not robots_allow(robots, self.user_agent, url):
            raise RobotsDisallowed(f"robots.txt of {origin} disallows {url} for our user agent")

    def _robots_for(self, origin: str, policy: HttpPolicy, budget: Budget) -> Robots:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._lock:
                cached = self._robots.get(origin)
            if cached is not None:
                return cached
            robots = self._load_robots(origin, policy, budget)
            with self._lock:
                self._robots[origin] = robots
            return robots

    def _load_robots(self, origin: str, policy: HttpPolicy, budget: Budget) -> Robots:
        small = replace(
            policy,
            max_bytes=_ROBOTS_MAX_BYTES,
            max_attempts=min(policy.max_attempts, 2),
            allow=(),
            deny=(),
        )
        try:
            got = self.fetch(f"{origin}/robots.txt", small, robots=False, budget=budget)
        except BudgetExhausted:
            raise  # not the host's fault: nothing cached, the next source tries again
        except RetryableError as exc:
            log.warning("robots.txt of %s unavailable (%s): host skipped this run", origin, exc)
            return Robots(unavailable=f"robots.txt of {origin} unavailable ({exc}); host skipped")
        except CommuniqueError as exc:  # 4xx, not text, too large: no rules to honour
            log.debug("robots.txt of %s not used (%s): no restrictions", origin, exc)
            return Robots()
        return parse_robots(got.body, self.user_agent)

    # -- requests --------------------------------------------------------------------------------

    def _interval(self, origin: str, policy: HttpPolicy) -> float:
        with self._lock:
            robots = self._robots.get(origin)
        delay = robots.crawl_delay if robots is not None else 0.0
        return max(1.0 / policy.rate_limit, delay)

    def _with_retries(
        self, url: str, policy: HttpPolicy, conditional: dict[str, str], budget: Budget
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
            try:
                self._throttle.wait(host, interval, budget)
                budget.check(f"requesting {url}")
                with self._in_flight:
                    return self._once(url, policy, headers, attempt, budget)
            except FetchFault as exc:
                exc.attempts = attempt
                retryable = isinstance(exc, ServerError | NetworkError | FetchTimeout)
                if not retryable or not exc.retry_now or attempt >= policy.max_attempts:
                    raise
                if exc.retry_after is not None:
                    delay = exc.retry_after
                    why = f"Retry-After of {url}"
                else:
                    ceiling = min(policy.max_backoff, policy.backoff * 2 ** (attempt - 1))
                    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
                    why = f"the backoff before retrying {url}"
                log.debug("retrying %s in %.2fs after: %s", url, delay, exc)
                try:
                    budget.sleep(delay, why)
                except BudgetExhausted as spent:
                    spent.attempts = attempt
                    raise spent from exc

    def _once(
        self,
        url: str,
        policy: HttpPolicy,
        headers: dict[str, str],
        attempt: int,
        budget: Budget,
    ) -> Fetched | _Redirect:
        total = min(policy.total_timeout, max(budget.left(), 0.001))
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
        with request_deadline(deadline):
            try:
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise self._timeout(url, policy, total, deadline, budget, exc) from exc
            except httpx.TransportError as exc:
                detail = exc or type(exc).__name__
                raise NetworkError(f"connection to {url} failed: {detail}") from exc
            try:
                return self._handle(url, response, policy, deadline, attempt, bool(headers))
            except httpx.TimeoutException as exc:
                raise self._timeout(url, policy, total, deadline, budget, exc) from exc
            finally:
                response.close()

    def _timeout(
        self,
        url: str,
        policy: HttpPolicy,
        total: float,
        deadline: float,
        budget: Budget,
        exc: httpx.TimeoutException,
    ) -> FetchFault:
        """Which limit a timeout hit: the source's budget, the request's deadline or a socket
        timeout. Messages name the limit, never the moment it hit (headers or body): that moment
        depends on the machine's load, and a rerun must record the same failure."""
        if time.monotonic() >= deadline - _DEADLINE_SLACK:
            if budget.left() <= _DEADLINE_SLACK:
                return BudgetExhausted(
                    f"the source's time budget of {budget.seconds:.0f}s ran out during {url}",
                    retry_now=False,
                )
            return DeadlineExceeded(
                f"total timeout ({total}s) exceeded: {url} did not arrive in full between "
                "connecting and the deadline; stopped",
                retry_now=False,
            )
        if isinstance(exc, httpx.ConnectTimeout):
            return FetchTimeout(f"connect timeout ({policy.connect_timeout}s) to {url}")
        return FetchTimeout(f"read timeout ({policy.read_timeout}s) waiting for {url}")

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
        mime, charset = content_type(response)
        if mime is not None and not is_text(mime):
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
            for piece in decoded(response.iter_raw(), coding):
                size += len(piece)
                if size > policy.max_bytes:
                    raise BodyTooLarge(
                        f"body is over the {policy.max_bytes}-byte cap once decoded; "
                        "stopped reading"
                    )
                parts.append(piece)
        except httpx.TimeoutException:
            raise
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
