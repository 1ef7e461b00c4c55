"""The address guard and the request deadline, at the socket.

Hosts are resolved once per run; a request is refused when an address is not allowed, and the
network backend then connects a host only to the addresses that passed that check, so a DNS answer
cannot change between the check and the connection.

Every socket operation of a request (connect, TLS, each read and write) is bounded by the
request's deadline as well as its own timeout, so one deadline holds from connecting to the last
byte: a server trickling its headers or sending ``100 Continue`` forever is cut off there.
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_deadline = threading.local()
_AFTER_DEADLINE = 0.001


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


def resolve(host: str, port: int) -> tuple[str, ...]:
    """The host's addresses (an IP literal is its own); `OSError` when it does not resolve."""
    literal = host.strip("[]")
    try:
        return (str(ipaddress.ip_address(literal)),)
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: dict[str, None] = {}
    for info in infos:
        found.setdefault(str(ipaddress.ip_address(str(info[4][0]).split("%")[0])), None)
    if not found:
        raise OSError(f"no address for {host}")
    return tuple(found)


@contextlib.contextmanager
def request_deadline(deadline: float) -> Iterator[None]:
    """Bound every socket operation of this thread's request by ``deadline`` (monotonic)."""
    previous = getattr(_deadline, "at", None)
    _deadline.at = deadline
    try:
        yield
    finally:
        _deadline.at = previous


def _bounded(timeout: float | None) -> float | None:
    """The socket timeout: the operation's own, cut to the time left before the deadline.

    Past the deadline the timeout is a millisecond, not an error: bytes that had already
    arrived are still read (a busy machine that ran this thread late does not fail a response
    that came in time), and the first read that would have to wait ends the request. (Zero
    would make the socket non-blocking, and an empty buffer a connection error.)
    """
    at: float | None = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = max(at - time.monotonic(), _AFTER_DEADLINE)
    return min(timeout if timeout is not None else math.inf, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
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
                stream = super().connect_tcp(
                    address, port, _bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return _DeadlineStream(stream)
        assert last is not None
        raise last


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, backend: GuardedBackend, limits: httpx.Limits) -> None:
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
