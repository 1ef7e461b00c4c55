"""Response bodies: content coding, content type, charset, binary sniffing, Retry-After.

Bodies are decoded (gzip/deflate) chunk by bounded chunk, so the caller's decoded-size cap stops
a gzip bomb early. Only HTML, XML (feeds) and plain text are read; binary content is refused
whatever its label says.
"""

from __future__ import annotations

import codecs
import email.utils
import re
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx

from pipeline.fetch.http.errors import UnsupportedContent

READ_CHUNK = 64 * 1024
TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "text/plain",
    }
)
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM media"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)", re.I)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (delay-seconds or an HTTP date); None if unusable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def declared_charset(header_charset: str | None, body: bytes) -> str | None:
    """The body's charset: BOM, else the Content-Type header, else a meta tag or XML declaration.

    Labels meaning Latin-1 or ASCII are read as windows-1252 (as browsers do), unless the bytes
    are valid UTF-8 with non-ASCII characters, which no Latin-1 text of any length ever is by
    accident. A charset that then fails to decode falls through in `parse.decode_text`.
    """
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    from_document = False
    label = header_charset
    if not label:
        head = body[:4096]
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if match is None:
            return None
        label = match.group(1).decode("ascii")
        from_document = True
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):  # unknown, or not even a name (a NUL in it)
        return None
    if from_document and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a document that could declare this in ASCII is not UTF-16
    if name in ("iso8859-1", "ascii", "cp1252"):
        if not body.isascii():
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return "cp1252"
            return "utf-8"
        return "cp1252"
    return name


def sniff_binary(body: bytes) -> str | None:
    """What binary format the body starts with, if any."""
    head = body[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def decoded(chunks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """Decode a content coding chunk by chunk, never producing more than `READ_CHUNK` at once."""
    if coding in ("", "identity"):
        yield from chunks
        return
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise UnsupportedContent(f"unsupported Content-Encoding {coding!r}")
    decoder: Any = None
    for chunk in chunks:
        data = chunk
        while data:
            if decoder is None:
                if coding == "deflate":  # zlib-wrapped as the RFC says, or raw as some servers send
                    zlib_header = len(data) >= 2 and data[0] & 0x0F == 8
                    zlib_header = zlib_header and ((data[0] << 8) | data[1]) % 31 == 0
                    decoder = zlib.decompressobj(15 if zlib_header else -15)
                else:
                    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = decoder.decompress(data, READ_CHUNK)
            if out:
                yield out
            data = decoder.unconsumed_tail
            if decoder.eof:
                rest = decoder.unused_data
                decoder = None
                # a further gzip member may follow; trailing padding or garbage is ignored
                data = rest if coding != "deflate" and rest.startswith(b"\x1f\x8b") else b""
    if decoder is not None and not decoder.eof:
        tail = decoder.flush()
        if tail:
            yield tail


def content_type(response: httpx.Response) -> tuple[str | None, str | None]:
    raw = response.headers.get("content-type")
    if not raw:
        return None, None
    mime, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return mime.strip().lower() or None, charset


def is_text(mime: str) -> bool:
    return mime in TEXT_TYPES or mime.endswith("+xml")
