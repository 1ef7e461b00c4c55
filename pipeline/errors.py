"""One place for the faults the pipeline knows.

Callers decide what to do by class, not by message: a `RetryableError` is worth another attempt
(Airflow retries the task, the HTTP client backs off); a `BadInputError` never is - it is recorded
with its reason and the run goes on with every other article.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class of every error raised on purpose by the pipeline."""


class RetryableError(CommuniqueError):
    """A transient fault (network, lock, 5xx): the same call may succeed later."""


class BadInputError(CommuniqueError):
    """Input that will never succeed as it is (broken file, invalid JSON, unsupported type)."""


class ConfigError(CommuniqueError):
    """Settings or source configuration that cannot be used."""


class DataCheckError(CommuniqueError):
    """Loaded data broke a warehouse invariant; the run must fail loudly."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        super().__init__("data checks failed: " + "; ".join(failures))
