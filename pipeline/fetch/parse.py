"""Turn raw document bytes into article fields. Pure: bytes in, dicts out, no I/O.

Every failure is a `BadInputError` with a reason a person can act on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from pipeline.errors import BadInputError

_HEADER_LINE = re.compile(r"^(Title|URL|Url|Published|Date|Source):\s*(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    """Article fields found in one document (a .jsonl file yields several)."""

    text: str
    title: str | None = None
    url: str | None = None
    published_at: dt.datetime | None = None
    source: str | None = None
    line: int | None = None
    warnings: tuple[str, ...] = ()  # fields not understood: recorded, the article still loads


def decode_text(raw: bytes, declared: str | None = None) -> str:
    """Decode bytes as text, refusing binary content.

    Tries the declared charset, then UTF-8, then windows-1252 (what browsers assume for mislabelled
    Latin-1 pages, and by far the commonest mislabel in news), then a detector.
    """
    if not raw.strip():
        raise BadInputError("empty document")
    wide = _wide_encoding(raw, declared)
    if wide is not None:  # UTF-16/32 text is full of NUL bytes: check the decoded text instead
        try:
            return _check_text(raw.decode(wide))
        except UnicodeDecodeError as exc:
            raise BadInputError(f"not valid {wide} text: {exc}") from exc
    if b"\x00" in raw[:4096]:
        raise BadInputError("binary content (NUL bytes), not text")
    for enc in [e for e in (declared, "utf-8", "cp1252") if e]:
        try:
            text = raw.decode(enc)
        except (ValueError, LookupError):  # undecodable, or an unusable charset name
            continue
        return _check_text(text)
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise BadInputError("undecodable content: no text encoding fits")
    return _check_text(str(best))


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _wide_encoding(raw: bytes, declared: str | None) -> str | None:
    """UTF-16 or UTF-32 when the bytes start with its BOM, or when that charset is declared."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if declared:
        try:
            name = codecs.lookup(declared).name
        except (LookupError, ValueError):
            return None
        if name.startswith(("utf-16", "utf-32")):
            return name
    return None


def _check_text(text: str) -> str:
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.01:
        raise BadInputError("binary content: too many control characters for text")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse_datetime(value: Any) -> dt.datetime | None:
    """Parse ISO-8601 dates and datetimes to aware UTC; None when absent or unreadable."""
    if value in (None, ""):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


def with_headline(title: str | None, body: str) -> str:
    """Article text starts with its headline: the headline is evidence too."""
    body = body.strip()
    if title and not body.startswith(title.strip()):
        return f"{title.strip()}\n\n{body}"
    return body


def parse_txt(raw: bytes) -> ParsedDoc:
    """Plain text, optionally headed by ``Key: value`` lines and a blank line; otherwise the first
    line is the headline."""
    text = decode_text(raw)
    lines = text.splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER_LINE.match(lines[i])):
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if meta and i < len(lines) and not lines[i].strip():
        body = "\n".join(lines[i + 1 :])
    else:
        meta, body = {}, text
    body = body.strip()
    if not body:
        raise BadInputError("no article text")
    title = meta.get("title") or body.splitlines()[0].strip()
    return ParsedDoc(
        text=with_headline(title, body),
        title=title,
        url=meta.get("url") or None,
        published_at=parse_datetime(meta.get("published") or meta.get("date")),
        source=meta.get("source") or None,
    )


# field -> the names it may go by in a JSON article (first found wins)
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published_at": (
        "published_at",
        "published",
        "date",
        "pubDate",
        "datePublished",
        "date_published",
        "published_date",
    ),
    "source": ("source",),
}
_IGNORED_FIELDS = frozenset({"id", "article_id", "language", "lang", "author", "authors"})
_KNOWN_FIELDS = frozenset(n for names in JSON_FIELDS.values() for n in names) | _IGNORED_FIELDS


def _field(obj: dict[str, Any], name: str) -> tuple[str | None, Any]:
    for key in JSON_FIELDS[name]:
        value = obj.get(key)
        if value not in (None, ""):
            return key, value
    return None, None


def doc_from_mapping(obj: Any, line: int | None = None) -> ParsedDoc:
    """One JSON object with ``text`` (or ``body``/``content``) and optional metadata.

    Fields it does not know, and known ones it cannot use (a title that is not text, a date that
    is not ISO 8601), are named in ``warnings``: the article loads, and the run records why its
    title or date is empty instead of loading it silently so.
    """
    where = f"line {line}: " if line else ""
    if not isinstance(obj, dict):
        raise BadInputError(f"{where}expected a JSON object, got {type(obj).__name__}")
    _, body = _field(obj, "text")
    if not isinstance(body, str) or not body.strip():
        raise BadInputError(
            f"{where}JSON object has no non-empty 'text' (fields: "
            f"{', '.join(repr(str(k)[:40]) for k in list(obj)[:12]) or 'none'})"
        )
    warnings: list[str] = []
    unknown = sorted(str(k)[:40] for k in obj if k not in _KNOWN_FIELDS)
    if unknown:
        warnings.append(
            f"{where}unknown field(s) {', '.join(map(repr, unknown[:12]))} ignored; known: "
            + ", ".join(f"{f} ({'/'.join(names)})" for f, names in JSON_FIELDS.items())
        )

    def text_field(name: str) -> str | None:
        key, value = _field(obj, name)
        if value is None or isinstance(value, str):
            return (value.strip() or None) if isinstance(value, str) else None
        warnings.append(f"{where}field {key!r} is {type(value).__name__}, not text; ignored")
        return None

    title, url, source = text_field("title"), text_field("url"), text_field("source")
    date_key, date_value = _field(obj, "published_at")
    published = parse_datetime(date_value)
    if date_value is not None and published is None:
        warnings.append(
            f"{where}field {date_key!r} value {str(date_value)[:60]!r} is not an ISO 8601 date; "
            "publication date left empty"
        )
    return ParsedDoc(
        text=with_headline(title, body),
        title=title,
        url=url,
        published_at=published,
        source=source,
        line=line,
        warnings=tuple(warnings),
    )


def parse_json(raw: bytes) -> list[ParsedDoc]:
    text = decode_text(raw)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"invalid JSON: {exc}") from exc
    items = obj if isinstance(obj, list) else [obj]
    return [doc_from_mapping(item) for item in items]


def parse_jsonl(raw: bytes) -> tuple[list[ParsedDoc], list[BadInputError]]:
    """Each good line becomes an article, each bad line an error: one bad line loses nothing."""
    text = decode_text(raw)
    docs: list[ParsedDoc] = []
    errors: list[BadInputError] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append(doc_from_mapping(json.loads(line), line=n))
        except json.JSONDecodeError as exc:
            errors.append(BadInputError(f"line {n}: invalid JSON: {exc}"))
        except BadInputError as exc:
            errors.append(exc)
    return docs, errors


def parse_html(raw: bytes, url: str | None = None, charset: str | None = None) -> ParsedDoc:
    """Main text, title, canonical URL and publication date of a page, via trafilatura/htmldate."""
    html = decode_text(raw, charset)
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if extracted is None:
        raise BadInputError("no main text found in HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = data.get("text") or ""
    if not body.strip():
        raise BadInputError("no main text found in HTML")
    title = data.get("title") or None
    published = _html_published(html) or parse_datetime(data.get("date"))
    return ParsedDoc(
        text=with_headline(title, body),
        title=title,
        url=data.get("url") or url,
        published_at=published,
        source=data.get("sitename") or None,
    )


_META_TIME = re.compile(
    r"<meta[^>]+(?:property|name)=[\"'](?:article:published_time|date|pubdate)[\"'][^>]*"
    r"content=[\"']([^\"']+)[\"']",
    re.I,
)


def _html_published(html: str) -> dt.datetime | None:
    """Full timestamp from the page's own meta tag (htmldate keeps only the day)."""
    m = _META_TIME.search(html)
    return parse_datetime(m.group(1)) if m else None


def parse_document(name: str, raw: bytes) -> tuple[list[ParsedDoc], list[BadInputError]]:
    """Dispatch on the file suffix; unknown suffixes are bad input, not silent skips."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "txt":
        return [parse_txt(raw)], []
    if suffix == "json":
        return parse_json(raw), []
    if suffix == "jsonl":
        return parse_jsonl(raw)
    if suffix in ("html", "htm"):
        return [parse_html(raw)], []
    raise BadInputError(f"unsupported file type .{suffix or '(none)'}")
