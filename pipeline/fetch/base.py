"""What every fetcher returns: articles plus failures recorded as data."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from pipeline.errors import RetryableError
from pipeline.fetch.parse import ParsedDoc
from pipeline.fetch.urls import redact, redact_text
from pipeline.models import Article, FetchError, Interval, stable_id
from pipeline.sources import SourceConfig


class TextSpool:
    """Article texts kept in an unlinked scratch file while a fetch runs, so the fetch holds
    ids, URLs and hashes in memory and the texts on disk: its memory does not grow with the
    text it reads. ``put`` gives the article back with its text spooled; ``text`` reads it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # unlinked at once: gone when closed (`__exit__`), or with the process on a crash
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        self._where: dict[tuple[str, str], tuple[int, int]] = {}

    def __enter__(self) -> TextSpool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._file.close()

    def put(self, article: Article) -> Article:
        digest = article.content_hash
        key = (article.article_id, digest)
        if key not in self._where:
            data = article.text.encode("utf-8")
            offset = self._file.seek(0, 2)
            self._file.write(data)
            self._where[key] = (offset, len(data))
        return replace(article, text="", text_hash=digest)

    def text(self, article: Article) -> str:
        """The article's text: its own, or the spooled one."""
        if article.text_hash is None:
            return article.text
        offset, size = self._where[(article.article_id, article.text_hash)]
        self._file.seek(offset)
        return self._file.read(size).decode("utf-8")

    def row(self, article: Article) -> dict[str, Any]:
        """``article.to_row()`` with its text read back."""
        return {**article.to_row(), "text": self.text(article)}


@dataclass
class FetchResult:
    """Articles and failures of one fetch over one data interval.

    Times are the interval's end (the run's logical fetch time), not the wall clock, so a rerun of
    the same interval writes the same bytes.
    """

    interval: Interval
    articles: list[Article] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)
    spool: TextSpool | None = field(default=None, repr=False, compare=False)

    def add(self, article: Article) -> None:
        self.articles.append(self.spool.put(article) if self.spool is not None else article)

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
