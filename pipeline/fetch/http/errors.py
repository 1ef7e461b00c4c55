"""Why a fetch failed, as classes: callers decide by class (retry now, retry next run, never)."""

from __future__ import annotations

from pipeline.errors import BadInputError, CommuniqueError, RetryableError


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
    """The response, from connecting to its last byte, took longer than the total timeout."""


class BudgetExhausted(FetchFault, RetryableError):
    """The source's time budget was spent (waits included): left for a later run."""


class EntryLimitReached(FetchFault, RetryableError):
    """An entry beyond the source's ``max_entries``: left for a later run."""


class BodyTooLarge(FetchFault, BadInputError):
    """The decoded body went over the size cap (reading stopped there)."""


class UnsupportedContent(FetchFault, BadInputError):
    """Not HTML, XML or text: a binary type, binary bytes, an unknown or corrupt encoding."""


class UnsafeUrl(FetchFault, BadInputError):
    """Refused before any connection: scheme, credentials or a non-public address."""


class UrlDenied(FetchFault, BadInputError):
    """Refused by the source's allow/deny patterns (a redirect hop, typically)."""


class RedirectError(FetchFault, BadInputError):
    """A redirect loop, too many redirects or a redirect without a (usable) target."""


class RobotsDisallowed(FetchFault, BadInputError):
    """robots.txt forbids the URL for our user agent."""


class RobotsUnavailable(FetchFault, RetryableError):
    """robots.txt could not be fetched (5xx, network): the host is skipped for this run."""


def attempts_of(exc: BaseException) -> int:
    """Attempts a failure took (1 for failures raised outside the client)."""
    return exc.attempts if isinstance(exc, FetchFault) else 1
