"""The extraction fault boundary: one article's extraction can fail, never the interval's.

An article whose extraction raises, or takes more than ``COMMUNIQUE_EXTRACT_TIMEOUT`` seconds of
CPU time, becomes an ``extract_errors`` row (article, error class, message) and yields no events;
every other article's events are extracted and loaded as usual.

The budget is CPU time (``ITIMER_PROF``), not wall time, so a loaded machine does not push a
normal article over it. In the main thread a timer interrupts the extraction when the budget is
spent; elsewhere (signals only reach the main thread) the time is measured afterwards and an
article over budget is still recorded as a failure and its events dropped, so both paths give
the same rows. ``SIGALRM`` is left alone: Airflow uses it for ``execution_timeout``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from pipeline.extract import engine
from pipeline.models import Article, Event

log = logging.getLogger(__name__)
MESSAGE_CHARS = 500
BUDGET_ERROR = "ExtractionTimeout"


class _BudgetSpent(BaseException):
    """Raised by the timer inside the extraction; a BaseException so that no ``except
    Exception`` in the extractor can swallow it."""


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """One article whose extraction failed: recorded, never fatal."""

    article_id: str
    source: str
    url: str | None
    error_class: str
    message: str
    extractor_version: str

    def to_row(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "error_class": self.error_class,
            "message": self.message,
            "extractor_version": self.extractor_version,
        }


@dataclass(slots=True)
class Boundary:
    """Extracts articles one at a time inside the fault boundary, collecting the failures."""

    budget: float
    failures: list[ExtractFailure] = field(default_factory=list)
    _armed: bool = False
    _timer: bool = False

    def _on_timer(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            raise _BudgetSpent

    @contextlib.contextmanager
    def installed(self) -> Iterator[Boundary]:
        """Install the CPU timer's handler for a batch of articles (main thread only, and only
        when no one else handles SIGPROF, e.g. a profiler); restore the previous one after."""
        usable = (
            self.budget > 0
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, signal.SIG_IGN, None)
        )
        if not usable:
            yield self
            return
        previous = signal.signal(signal.SIGPROF, self._on_timer)
        self._timer = True
        try:
            yield self
        finally:
            self._armed = False
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
            self._timer = False

    def extract(self, article: Article, ingested: dt.date) -> list[Event]:
        """The article's events, or none and a recorded failure."""
        started = time.process_time()
        error: BaseException | None = None
        events: list[Event] = []
        try:
            if self._timer:
                self._armed = True
                signal.setitimer(signal.ITIMER_PROF, self.budget)
            try:
                events = engine.extract_article(article, ingested)
            finally:
                self._armed = False
                if self._timer:
                    signal.setitimer(signal.ITIMER_PROF, 0)
        except _BudgetSpent as exc:
            error = exc
        except Exception as exc:
            error = exc
        spent = time.process_time() - started
        if error is None and self.budget > 0 and spent > self.budget:
            error = _BudgetSpent()
        if error is None:
            return events
        if isinstance(error, _BudgetSpent):
            name = BUDGET_ERROR
            message = f"extraction took more than its budget of {self.budget:g} s of CPU time"
        else:
            name = type(error).__name__
            message = " ".join(str(error).split())[:MESSAGE_CHARS] or name
        failure = ExtractFailure(
            article_id=article.article_id,
            source=article.source,
            url=article.url,
            error_class=name,
            message=message,
            extractor_version=engine.EXTRACTOR_VERSION,
        )
        self.failures.append(failure)
        log.warning(
            "extraction of article %s failed after %.2f s CPU: %s: %s",
            article.article_id,
            spent,
            name,
            message,
        )
        return []
