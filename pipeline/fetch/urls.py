"""Canonical URLs: one spelling per page, so the same article is recognised however it is linked.

Normalisation lowercases the scheme and host (IDNA-encoded), drops credentials, default ports,
fragments and tracking parameters (``utm_*``, ``fbclid``, ``gclid`` and the like), removes dot
segments, sorts the query and strips a trailing slash. A page's ``<link rel="canonical">`` wins
only when it points at the page's own origin (scheme, host and port): a page on another port,
subdomain or site cannot claim to be an article there.

`redact` hides URL credentials and secret-looking query values before a URL is stored.
"""

from __future__ import annotations

import encodings.idna  # noqa: F401  # see below
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

from pipeline.errors import BadInputError

# ``encodings.idna`` (and its ``stringprep`` tables) would be imported by the first host name
# encoded, mid-fetch: its 1,100 objects, made among the articles' objects, outlived them and held
# the interpreter's arenas around them (imported here, before any article)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
    }
)
_HEAD_LIMIT = 200_000


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for absolute paths."""
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
            continue
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
            continue
        out.append(seg)
    joined = "/".join(out)
    return joined if joined.startswith("/") else "/" + joined


def _host(raw: str) -> str:
    host = raw.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadInputError(f"invalid host name {raw!r}") from exc


def canonicalize(url: str) -> str:
    """The canonical spelling of an http(s) URL; `BadInputError` for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise BadInputError(f"invalid URL {url[:200]!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise BadInputError(f"not an http(s) URL: {url[:200]!r}")
    if not parts.hostname:
        raise BadInputError(f"URL without a host: {url[:200]!r}")
    netloc = _host(parts.hostname)
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _remove_dot_segments(quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~"))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING
    ]
    query = urlencode(sorted(params), quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


def try_canonicalize(url: str) -> str | None:
    try:
        return canonicalize(url)
    except BadInputError:
        return None


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a canonical http(s) URL; None when it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or _DEFAULT_PORTS[scheme]


def same_origin(a: str, b: str) -> bool:
    """Whether two URLs share scheme, host and port (RFC 6454)."""
    oa = origin(a)
    return oa is not None and oa == origin(b)


class _CanonicalLink(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True
        elif tag == "link" and self.href is None:
            values = {k.lower(): (v or "") for k, v in attrs}
            if "canonical" in values.get("rel", "").lower().split() and values.get("href"):
                self.href = values["href"].strip()
                self.done = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.done = True


def canonical_link(html: str) -> str | None:
    """The ``href`` of the page's first ``<link rel="canonical">`` in its head, if any."""
    if "canonical" not in html[:_HEAD_LIMIT].lower():
        return None
    parser = _CanonicalLink()
    try:
        parser.feed(html[:_HEAD_LIMIT])
    except (AssertionError, ValueError):  # pathological markup: no canonical then
        return None
    return parser.href


_WS = re.compile(r"\s+")


def page_canonical(final_url: str, html: str | None) -> str:
    """Canonical URL of a fetched page: its same-origin rel=canonical, else its final URL."""
    base = canonicalize(final_url)
    href = canonical_link(html) if html else None
    if href:
        try:
            joined = urljoin(final_url, _WS.sub("", href))
        except ValueError:
            return base
        candidate = try_canonicalize(joined)
        if candidate and same_origin(candidate, base):
            return candidate
    return base


_SECRET_PARAM = re.compile(
    r"^(?:.*(?:token|secret|passw(?:or)?d|api[-_]?key|apikey|auth|signature|credential|session)"
    r".*|key|pass|pwd|sig|sid|code|jwt|access_key|x-amz-.*)$",
    re.I,
)
_URL_IN_TEXT = re.compile(r"""[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>]+""")


def redact(url: str) -> str:
    """The URL with its user info and secret-looking query values replaced by ``REDACTED``.

    Stored failures name the URL they are about; a token in it must not be stored with them.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or not parts.scheme:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "REDACTED@" + netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pieces = []
        for piece in query.split("&"):
            key, sep, value = piece.partition("=")
            secret = sep and value and _SECRET_PARAM.match(unquote_plus(key).strip())
            if secret:
                piece = f"{key}=REDACTED"
            elif "://" in (inner := unquote_plus(value)) and (hidden := redact(inner)) != inner:
                piece = f"{key}={quote(hidden, safe=':/')}"  # a URL carried in a parameter
            pieces.append(piece)
        query = "&".join(pieces)
    fragment = parts.fragment
    if fragment and ("=" in fragment and _SECRET_PARAM.match(fragment.split("=", 1)[0])):
        fragment = "REDACTED"
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def redact_text(text: str) -> str:
    """Every URL in ``text`` redacted (error messages quote the URLs they are about)."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: redact(m.group(0)), text)
