"""What every fetcher returns: articles plus failures recorded as data."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import RetryableError
from pipeline.fetch.parse import ParsedDoc
from pipeline.fetch.urls import redact, redact_text
from pipeline.models import Article, FetchError, Interval, stable_id
from pipeline.sources import SourceConfig


@dataclass
class FetchResult:
    """Articles and failures of one fetch over one data interval.

    Times are the interval's end (the run's logical fetch time), not the wall clock, so a rerun of
    the same interval writes the same bytes.
    """

    interval: Interval
    articles: list[Article] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)

    def add(self, article: Article) -> None:
        self.articles.append(article)

    def fail(
        self, source: str, url: str, stage: str, exc: BaseException, attempts: int = 1
    ) -> None:
        """Record a failure; credentials and tokens in URLs are redacted first."""
        self.errors.append(
            FetchError(
                source=source,
                url=redact(url),
                stage=stage,
                error_class=type(exc).__name__,
                retryable=isinstance(exc, RetryableError),
                message=redact_text(str(exc) or type(exc).__name__)[:2000],
                attempts=attempts,
                occurred_at=self.interval.end,
            )
        )

    def extend(self, other: FetchResult) -> None:
        self.articles.extend(other.articles)
        self.errors.extend(other.errors)


def make_article(source: SourceConfig, doc: ParsedDoc, key: str, interval: Interval) -> Article:
    """Build an article whose id depends only on where it came from, so reruns agree."""
    return Article(
        article_id=stable_id("article", key),
        source=doc.source or source.name,
        text=doc.text,
        fetched_at=interval.end,
        url=doc.url,
        canonical_url=doc.url,
        title=doc.title,
        published_at=doc.published_at,
    )
