"""Read articles from local folders and JSON Lines files."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import BadInputError
from pipeline.fetch.base import FetchResult, make_article
from pipeline.fetch.parse import parse_document
from pipeline.models import Interval
from pipeline.sources import SourceConfig

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in SUFFIXES:
            yield path


def fetch_local(source: SourceConfig, interval: Interval) -> FetchResult:
    """Every readable article in the folder (or .jsonl file); each unreadable one is recorded."""
    root = Path(source.location)
    result = FetchResult(interval)
    if not root.exists():
        result.fail(source.name, str(root), "fetch", BadInputError(f"path not found: {root}"))
        return result
    base = root if root.is_dir() else root.parent
    for path in _files(root):
        rel = path.relative_to(base).as_posix()
        locator = f"local:{source.name}/{rel}"
        try:
            docs, errors = parse_document(path.name, path.read_bytes())
        except BadInputError as exc:
            result.fail(source.name, locator, "parse", exc)
            continue
        except OSError as exc:
            result.fail(source.name, locator, "fetch", BadInputError(f"unreadable: {exc}"))
            continue
        for err in errors:
            result.fail(source.name, locator, "parse", err)
        for doc in docs:
            key = doc.url or (f"{locator}#{doc.line}" if doc.line else locator)
            result.add(make_article(source, doc, key, interval))
    log.info(
        "source %s: %d articles, %d failures", source.name, len(result.articles), len(result.errors)
    )
    return result
