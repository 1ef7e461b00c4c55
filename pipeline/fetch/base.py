"""What every fetcher returns: articles plus failures recorded as data."""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, overload

from pipeline.errors import RetryableError
from pipeline.fetch.parse import ParsedDoc
from pipeline.fetch.urls import redact, redact_text
from pipeline.models import Article, FetchError, Interval, stable_id
from pipeline.sources import SourceConfig

# an article's fields as one spooled record (its text among them), in this order
_FIELDS = (
    "article_id",
    "source",
    "text",
    "fetched_at",
    "url",
    "canonical_url",
    "title",
    "published_at",
    "language",
    "duplicate_of",
)
NO_LINK = -1  # in a duplicate-of column: the record's own ``duplicate_of`` stands


class TextSpool:
    """Articles of a fetch kept in an unlinked scratch file while the fetch runs: each article's
    record (its text among its fields) on disk, and in memory only columns packed in arrays
    (where each record is, its id, its content hash, its source), no Python object per article.
    After a fetch of 100,000 articles held as objects, the few objects made among theirs kept
    77 MiB of the interpreter's 1 MiB arenas; columns leave none.

    ``store`` spools an article and gives its place; ``article`` reads it back with an empty
    text (``text_hash`` and ``spooled_at`` set); ``text`` and ``row`` read its text too."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # unlinked at once: gone when closed (`__exit__`), or with the process on a crash
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        self._at = array("q")  # record i is bytes _at[i] to _at[i + 1] of the file
        self._at.append(0)
        self._ids = bytearray()  # every id's UTF-8 bytes, one after the other
        self._id_ends = array("q", [0])
        self._hashes = bytearray()  # every content hash (ASCII hex), one after the other
        self._hash_ends = array("q", [0])
        self._source = array("l")  # index into _source_names
        self._source_names: list[str] = []
        self._source_index: dict[str, int] = {}

    def __enter__(self) -> TextSpool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._source)

    def store(self, article: Article) -> int:
        """Spool the article (with its text); its place, for ``article`` and ``row``."""
        if article.spooled_at is not None:
            return article.spooled_at
        digest = article.content_hash
        record = pickle.dumps(
            tuple(getattr(article, name) for name in _FIELDS), pickle.HIGHEST_PROTOCOL
        )
        self._file.seek(0, 2)
        self._file.write(record)
        self._at.append(self._at[-1] + len(record))
        self._ids += article.article_id.encode()
        self._id_ends.append(len(self._ids))
        self._hashes += digest.encode()
        self._hash_ends.append(len(self._hashes))
        source = self._source_index.setdefault(article.source, len(self._source_names))
        if source == len(self._source_names):
            self._source_names.append(article.source)
        self._source.append(source)
        return len(self._source) - 1

    def put(self, article: Article) -> Article:
        """Spool the article; it comes back without its text (read with ``text``)."""
        return self.article(self.store(article))

    def _record(self, i: int) -> dict[str, Any]:
        self._file.seek(self._at[i])
        values = pickle.loads(self._file.read(self._at[i + 1] - self._at[i]))
        return dict(zip(_FIELDS, values, strict=True))

    def article_id(self, i: int) -> str:
        return self._ids[self._id_ends[i] : self._id_ends[i + 1]].decode()

    def content_hash(self, i: int) -> str:
        return self._hashes[self._hash_ends[i] : self._hash_ends[i + 1]].decode()

    def source(self, i: int) -> str:
        return self._source_names[self._source[i]]

    def article(self, i: int, duplicate_of: str | None = None) -> Article:
        """Article ``i`` with an empty text (``text_hash`` set), linked to ``duplicate_of``."""
        fields = self._record(i)
        fields["text"] = ""
        if duplicate_of is not None:
            fields["duplicate_of"] = duplicate_of
        return Article(**fields, text_hash=self.content_hash(i), spooled_at=i)

    def text(self, article: Article) -> str:
        """The article's text: its own, or the spooled one."""
        if article.spooled_at is None:
            return article.text
        return str(self._record(article.spooled_at)["text"])

    def row(self, article: Article) -> dict[str, Any]:
        """``article.to_row()`` with its text read back."""
        return {**article.to_row(), "text": self.text(article)}

    def record_row(self, i: int, duplicate_of: str | None = None) -> dict[str, Any]:
        """Article ``i``'s row as ``Article.to_row`` gives it, text included (one read)."""
        fields = self._record(i)
        if duplicate_of is not None:
            fields["duplicate_of"] = duplicate_of
        return {
            "article_id": fields["article_id"],
            "source": fields["source"],
            "url": fields["url"],
            "canonical_url": fields["canonical_url"],
            "title": fields["title"],
            "published_at": fields["published_at"],
            "fetched_at": fields["fetched_at"],
            "content_hash": self.content_hash(i),
            "language": fields["language"],
            "text": fields["text"],
            "duplicate_of": fields["duplicate_of"],
        }


class SpooledArticles(Sequence[Article]):
    """A fetch's articles held as places in a `TextSpool` (an array of them, and an array of
    the places of their first copies), read back one at a time when asked for: the articles of
    a local fetch, whatever their number, cost a few bytes each in memory."""

    def __init__(
        self,
        spool: TextSpool,
        places: Iterable[int] = (),
        links: Iterable[int] | None = None,
    ) -> None:
        self.spool = spool
        self.places = array("q", places)
        self.links = (
            array("q", links) if links is not None else array("q", [NO_LINK]) * len(self.places)
        )

    def __len__(self) -> int:
        return len(self.places)

    def _link(self, k: int) -> str | None:
        link = self.links[k]
        return None if link == NO_LINK else self.spool.article_id(link)

    @overload
    def __getitem__(self, k: int) -> Article: ...
    @overload
    def __getitem__(self, k: slice) -> list[Article]: ...
    def __getitem__(self, k: int | slice) -> Article | list[Article]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        return self.spool.article(self.places[k], self._link(k))

    def __iter__(self) -> Iterator[Article]:
        for k in range(len(self)):
            yield self[k]

    def append(self, article: Article) -> None:
        self.places.append(self.spool.store(article))
        self.links.append(NO_LINK)

    def extend(self, articles: Iterable[Article]) -> None:
        if isinstance(articles, SpooledArticles) and articles.spool is self.spool:
            self.places.extend(articles.places)
            self.links.extend(articles.links)
            return
        for article in articles:
            self.append(article)

    def article_ids(self) -> Iterator[str]:
        """Every article's id, in order (from the spool's columns: no disk read)."""
        return (self.spool.article_id(p) for p in self.places)

    def rows(self, start: int, stop: int) -> Iterator[dict[str, Any]]:
        """Rows ``start`` to ``stop`` as ``Article.to_row`` gives them, texts included."""
        for k in range(start, min(stop, len(self))):
            yield self.spool.record_row(self.places[k], self._link(k))

    def by_id(self) -> SpooledArticles:
        """The same articles in id order (stable: copies of an id keep their order)."""
        order = sorted(range(len(self)), key=lambda k: self.spool.article_id(self.places[k]))
        return SpooledArticles(
            self.spool, (self.places[k] for k in order), (self.links[k] for k in order)
        )

    def kept(self, keep: Iterable[bool]) -> SpooledArticles:
        """The articles whose ``keep`` is true, in order."""
        out = SpooledArticles(self.spool)
        for place, link, ok in zip(self.places, self.links, keep, strict=True):
            if ok:
                out.places.append(place)
                out.links.append(link)
        return out


@dataclass
class FetchResult:
    """Articles and failures of one fetch over one data interval.

    Times are the interval's end (the run's logical fetch time), not the wall clock, so a rerun of
    the same interval writes the same bytes.
    """

    interval: Interval
    articles: list[Article] | SpooledArticles = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)
    # with a spool, the articles are held there (`SpooledArticles`), not as objects
    spool: TextSpool | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.spool is not None and not self.articles:
            self.articles = SpooledArticles(self.spool)

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
