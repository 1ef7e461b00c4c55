"""Politeness toward hosts and a time budget per source.

robots.txt is parsed leniently (a line the parser cannot take is dropped, as RFC 9309 asks of
unparseable lines); ``Crawl-delay`` and the source's rate limit space requests to one host. Every
wait - the politeness interval, a retry's backoff, a ``Retry-After`` - is taken from the source's
time budget, and a wait that would pass the budget is not started: the request fails with
`BudgetExhausted` at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from pipeline.fetch.http.errors import BudgetExhausted

MAX_CRAWL_DELAY = 60.0
_RULE_KEYS = ("allow", "disallow")


class Budget:
    """The time one source may spend, waits included (monotonic clock)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    @classmethod
    def unlimited(cls) -> Budget:
        return cls(float("inf"))

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, what: str) -> None:
        if self.left() <= 0:
            raise BudgetExhausted(
                f"the source's time budget of {self.seconds:.0f}s was spent before {what}",
                retry_now=False,
            )

    def sleep(self, seconds: float, why: str) -> None:
        """Sleep, unless the wait would end past the budget: then fail at once."""
        if seconds <= 0:
            return
        if seconds > self.left():
            raise BudgetExhausted(
                f"waiting {seconds:.1f}s for {why} would pass the source's time budget of "
                f"{self.seconds:.0f}s; not waiting",
                retry_now=False,
            )
        time.sleep(seconds)


class HostThrottle:
    """Spaces requests to one host by at least its interval, across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, interval: float, budget: Budget) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, now))
            if at - now > budget.left():
                raise BudgetExhausted(
                    f"the politeness wait for {host} ({at - now:.1f}s) would pass the source's "
                    f"time budget of {budget.seconds:.0f}s; not waiting",
                    retry_now=False,
                )
            self._next[host] = at + interval
        if at > now:
            time.sleep(at - now)


@dataclass
class Robots:
    parser: RobotFileParser | None = None  # None: everything allowed
    unavailable: str | None = None  # set: the host is skipped this run
    crawl_delay: float = 0.0


def _usable(line: str) -> bool:
    key, sep, value = line.partition(":")
    if not sep or key.strip().lower() not in _RULE_KEYS:
        return True
    try:
        urlsplit(value.split("#", 1)[0].strip())
    except ValueError:
        return False
    return True


def parse_robots(body: bytes, user_agent: str) -> Robots:
    """Rules and crawl delay of a robots.txt body; lines the parser cannot take are dropped."""
    lines = [line for line in body.decode("utf-8", errors="replace").splitlines() if _usable(line)]
    parser = RobotFileParser()
    try:
        parser.parse(lines)
        delay = parser.crawl_delay(user_agent)
    except (ValueError, TypeError, AttributeError):
        parser = RobotFileParser()
        parser.parse([])
        delay = None
    try:
        crawl_delay = min(float(delay), MAX_CRAWL_DELAY) if delay is not None else 0.0
    except (TypeError, ValueError):
        crawl_delay = 0.0
    if crawl_delay != crawl_delay or crawl_delay < 0:  # NaN or negative
        crawl_delay = 0.0
    return Robots(parser=parser, crawl_delay=crawl_delay)


def robots_allow(robots: Robots, user_agent: str, url: str) -> bool:
    """Whether the rules let ``user_agent`` fetch ``url`` (rules that break the parser: yes)."""
    if robots.parser is None:
        return True
    try:
        return bool(robots.parser.can_fetch(user_agent, url))
    except (ValueError, TypeError, AttributeError):
        return True
