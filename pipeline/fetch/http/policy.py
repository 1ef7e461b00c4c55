"""One source's request policy: limits and permissions, built from its typed options."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from pipeline.errors import ConfigError
from pipeline.fetch.http.guard import IPAddress, IPNetwork, non_public
from pipeline.fetch.options import RemoteOptions, remote_options
from pipeline.sources import SourceConfig


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
        return cls.from_options(source.name, remote_options(source))

    @classmethod
    def from_options(cls, name: str, options: RemoteOptions) -> HttpPolicy:
        try:
            allow = tuple(re.compile(p) for p in options.allow)
            deny = tuple(re.compile(p) for p in options.deny)
        except re.error as exc:
            raise ConfigError(f"source {name!r}: bad allow/deny pattern: {exc}") from exc
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        if not isinstance(options.allow_private, bool):
            for entry in options.allow_private:
                try:
                    networks.append(ipaddress.ip_network(entry.strip(), strict=False))
                except ValueError:
                    hosts.add(entry.strip().lower().rstrip("."))
        return cls(
            rate_limit=options.rate_limit,
            connect_timeout=options.connect_timeout,
            read_timeout=options.read_timeout,
            total_timeout=options.total_timeout,
            max_bytes=options.max_bytes,
            max_redirects=options.max_redirects,
            max_attempts=options.max_attempts,
            backoff=options.backoff,
            max_backoff=options.max_backoff,
            max_retry_after=options.max_retry_after,
            robots=options.robots,
            allow=allow,
            deny=deny,
            allow_private=options.allow_private is True,
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
        """Public addresses always; an allowed network exactly as listed; ``true`` or an allowed
        host name only private or loopback addresses - never link-local (cloud metadata),
        multicast, reserved or unspecified ones."""
        if not non_public(address):
            return True
        if any(address.version == net.version and address in net for net in self.private_networks):
            return True
        if self.allow_private or host in self.private_hosts:
            return private_or_loopback(address)
        return False


def private_or_loopback(address: IPAddress) -> bool:
    """A private-use (RFC 1918, ULA) or loopback address, and nothing else non-public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return private_or_loopback(address.ipv4_mapped)
    if address.is_loopback:  # before is_reserved: ::1 lies in the reserved ::/8
        return True
    if (
        address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    ):
        return False
    private_use = (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("172.16.0.0/12"),
        ipaddress.ip_network("192.168.0.0/16"),
        ipaddress.ip_network("fc00::/7"),
    )
    return any(address.version == net.version and address in net for net in private_use)
