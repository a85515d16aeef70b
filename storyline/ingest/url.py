"""Fetching http(s) URLs safely: http/https only (redirects too), a timeout, a size cap while streaming."""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from ..errors import Rejected
from .common import MAX_BYTES, TIMEOUT, size_label

USER_AGENT = "storyline/0.1 (news reader; +https://github.com/storyline)"
_CHUNK = 64 * 1024
_TOTAL_TIME_FACTOR = 3  # a whole response may take this many times the per-read timeout


@dataclass
class Fetched:
    """A fetched resource: the URL asked for, the URL it ended at, its media type, charset and body."""

    url: str
    final_url: str
    content_type: str  # media type only, lower case ('text/html'), '' when not given
    charset: str | None
    body: bytes


def is_url(value: str) -> bool:
    """True when `value` looks like a URL with a scheme (http, https, ftp, file, ...), not a path."""
    parts = urlsplit(value)
    return bool(parts.scheme) and len(parts.scheme) > 1 and "://" in value


def check_scheme(url: str, source: str | None = None) -> None:
    """Rejected unless `url` is an absolute http or https URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "none"
        raise Rejected(f"unsupported URL scheme '{scheme}' (only http and https are fetched)", source or url)
    if not parts.hostname:
        raise Rejected("URL has no host", source or url)


def is_private_host(host: str) -> bool:
    """True when `host` is, or resolves to, a loopback, private, link-local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False  # unresolvable: the fetch itself will fail and say so
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return True
    return False


def _check_host(url: str, allow_private: bool, source: str) -> None:
    if not allow_private and is_private_host(urlsplit(url).hostname or ""):
        raise Rejected(f"refused: {url[:200]} points to a private or local address", source)


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (public ones unless private ones are allowed), a few times."""

    max_redirections = 5

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise Rejected(f"redirected to a URL that is not http(s): {newurl[:200]}", req.full_url)
        _check_host(newurl, self.allow_private, req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, accept: str = "*/*", allow_private: bool = True
) -> Fetched:
    """GET `url` and return its body; Rejected (naming the URL) on any failure or when over `max_bytes`.

    With allow_private=False, `url` and every redirect must lead to a public address (for links found
    in untrusted content, such as the entries of a feed on a public site).
    """
    check_scheme(url)
    _check_host(url, allow_private, url)
    opener = urllib.request.build_opener(_SafeRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise Rejected(
                    f"response too large ({size_label(int(length))}, limit {size_label(max_bytes)})", url
                )
            body = _read_capped(response, max_bytes, url, started + _TOTAL_TIME_FACTOR * timeout)
            encoding = (headers.get("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):  # sent although we did not ask for it
                body = _decompress(body, encoding, max_bytes, url)
            return Fetched(
                url=url,
                final_url=response.geturl() or url,
                content_type=headers.get_content_type().lower() if headers.get("Content-Type") else "",
                charset=headers.get_content_charset(),
                body=body,
            )
    except Rejected:
        raise
    except urllib.error.HTTPError as exc:
        raise Rejected(f"HTTP error {exc.code} {exc.reason}", url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise Rejected(f"timed out after {timeout:g} s", url) from None
        raise Rejected(f"unreachable ({reason})", url) from None
    except (socket.timeout, TimeoutError):
        raise Rejected(f"timed out after {timeout:g} s", url) from None
    except (OSError, ValueError) as exc:  # connection reset, bad status line, malformed URL ...
        raise Rejected(f"fetch failed ({type(exc).__name__}: {exc})", url) from None


def _decompress(body: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    """Undo a gzip/deflate Content-Encoding without ever holding more than `max_bytes` of output."""
    import zlib

    wbits = 31 if "gzip" in encoding else 15
    try:
        inflater = zlib.decompressobj(wbits)
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise Rejected(f"broken {encoding} response ({exc})", url) from None
    if len(data) > max_bytes:
        raise Rejected(f"response too large (over {size_label(max_bytes)} once decompressed)", url)
    return data


def _read_capped(response: object, max_bytes: int, url: str, deadline: float) -> bytes:
    """Read the body in chunks, giving up as soon as it passes `max_bytes` or the clock passes `deadline`."""
    read = getattr(response, "read1", None) or response.read  # type: ignore[attr-defined]  # read1: what has come
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:  # a server trickling bytes never trips the socket timeout
            raise Rejected(f"too slow (body not complete after {_TOTAL_TIME_FACTOR} x the timeout)", url)
        chunk = read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise Rejected(f"response too large (over {size_label(max_bytes)})", url)
        chunks.append(chunk)
