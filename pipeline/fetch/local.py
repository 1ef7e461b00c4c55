"""Read articles from local folders and JSON Lines files.

Each file is its own fault boundary: a file that cannot be read, is too large or breaks a parser
in any way is one recorded failure, and every other file is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import BadInputError, CommuniqueError
from pipeline.fetch.base import FetchResult, TextSpool, make_article
from pipeline.fetch.options import local_options
from pipeline.fetch.parse import parse_document
from pipeline.models import Interval
from pipeline.sources import SourceConfig

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}


class FileTooLarge(BadInputError):
    """A local file over the source's ``max_file_bytes``: not read."""


class FieldWarning(BadInputError):
    """An article was loaded, but some of its fields were not understood (recorded, not lost)."""


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in SUFFIXES:
            yield path


def _read_capped(path: Path, cap: int) -> bytes:
    """The file's bytes; `FileTooLarge` without reading more than ``cap + 1`` bytes."""
    size = path.stat().st_size
    if size > cap:
        raise FileTooLarge(f"file of {size} bytes is over the source's {cap}-byte cap; not read")
    with open(path, "rb") as fh:
        raw = fh.read(cap + 1)
    if len(raw) > cap:  # grew while being read
        raise FileTooLarge(f"file is over the source's {cap}-byte cap; not read")
    return raw


def fetch_local(
    source: SourceConfig, interval: Interval, *, spool: TextSpool | None = None
) -> FetchResult:
    """Every readable article in the folder (or .jsonl file); each unreadable one is recorded.
    With a ``spool``, texts go to disk as they are read (memory stays flat in the text read)."""
    root = Path(source.location)
    result = FetchResult(interval, spool=spool)
    cap = local_options(source).max_file_bytes
    if not root.exists():
        result.fail(source.name, str(root), "fetch", BadInputError(f"path not found: {root}"))
        return result
    base = root if root.is_dir() else root.parent
    for path in _files(root):
        rel = path.relative_to(base).as_posix()
        locator = f"local:{source.name}/{rel}"
        try:
            docs, errors = parse_document(path.name, _read_capped(path, cap))
        except FileTooLarge as exc:
            result.fail(source.name, locator, "fetch", exc)
            continue
        except BadInputError as exc:
            result.fail(source.name, locator, "parse", exc)
            continue
        except OSError as exc:
            result.fail(source.name, locator, "fetch", BadInputError(f"unreadable: {exc}"))
            continue
        except Exception as exc:  # a parser fault on one file must not stop the source
            log.warning("parsing %s failed unexpectedly", locator, exc_info=True)
            result.fail(source.name, locator, "parse", exc)
            continue
        for err in errors:
            result.fail(source.name, locator, "parse", err)
        for doc in docs:
            key = doc.url or (f"{locator}#{doc.line}" if doc.line else locator)
            where = f"{locator}#{doc.line}" if doc.line else locator
            for warning in doc.warnings:
                result.fail(source.name, where, "parse", FieldWarning(warning))
            try:
                result.add(make_article(source, doc, key, interval))
            except (CommuniqueError, ValueError, TypeError) as exc:
                result.fail(source.name, where, "parse", exc)
    log.info(
        "source %s: %d articles, %d failures", source.name, len(result.articles), len(result.errors)
    )
    return result
