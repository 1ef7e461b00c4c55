"""A polite, defensive HTTP client for feeds and article pages, on httpx.

One job per module: `errors` (why a fetch failed), `policy` (a source's limits and permissions),
`guard` (which addresses may be connected, and the per-request deadline at the socket),
`politeness` (robots.txt, per-host spacing, the per-source time budget), `validators` (conditional
GET state between runs), `body` (content coding, type, charset, binary sniffing) and `client`
(requests, redirects and retries).
"""

from pipeline.fetch.http.body import declared_charset, parse_retry_after, sniff_binary
from pipeline.fetch.http.client import Fetched, HttpClient, client_for
from pipeline.fetch.http.errors import (
    BodyTooLarge,
    BudgetExhausted,
    DeadlineExceeded,
    EntryLimitReached,
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
    attempts_of,
)
from pipeline.fetch.http.guard import non_public
from pipeline.fetch.http.policy import HttpPolicy
from pipeline.fetch.http.politeness import Budget
from pipeline.fetch.http.validators import ValidatorStore

__all__ = [
    "BodyTooLarge",
    "Budget",
    "BudgetExhausted",
    "DeadlineExceeded",
    "EntryLimitReached",
    "FetchFault",
    "FetchTimeout",
    "Fetched",
    "HttpClient",
    "HttpPolicy",
    "HttpStatusError",
    "NetworkError",
    "RedirectError",
    "RobotsDisallowed",
    "RobotsUnavailable",
    "ServerError",
    "UnsafeUrl",
    "UnsupportedContent",
    "UrlDenied",
    "ValidatorStore",
    "attempts_of",
    "client_for",
    "declared_charset",
    "non_public",
    "parse_retry_after",
    "sniff_binary",
]
