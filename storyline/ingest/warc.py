"""WARC archives (.warc, .warc.gz) with warcio: every HTML response record becomes a document."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from ..errors import Rejected
from ..model import RawDocument
from .common import MAX_BYTES, open_file, size_label
from .html import parse_html_bytes

OnReject = Callable[[Rejected], None]
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_warc(head: bytes) -> bool:
    """True for the first bytes of a WARC file, plain or gzip-compressed (checked by decompressing a little)."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        import zlib

        try:
            return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


def iter_warc(path: str, on_reject: OnReject, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    """Documents for the HTML responses of a WARC file; the archive itself has no size cap, each record has."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    with open_file(path) as fh:
        head = fh.read(512)
        if not head:
            raise Rejected("empty file", path)
        if not looks_like_warc(head):
            raise Rejected("not a valid WARC file (it does not start with a WARC record)", path)
        fh.seek(0)
        records = iter(ArchiveIterator(fh, check_digests=True))
        n = 0
        while True:
            try:
                record = next(records, None)
            except ArchiveLoadFailed as exc:
                raise Rejected(f"not a valid WARC file ({_first_line(exc)})", path) from None
            except Exception as exc:  # warcio on a truncated or corrupt archive: many kinds
                raise Rejected(f"WARC file broken at record {n + 1} ({type(exc).__name__}: {_first_line(exc)})", path) from None
            if record is None:
                break
            n += 1
            content_type = _html_content_type(record)
            if content_type is None:
                continue
            found += 1
            doc = _record_document(record, content_type, f"{path}#{n}", max_bytes, on_reject)
            if doc is not None:
                yield doc
    if not found:
        raise Rejected("WARC file holds no HTML response records", path)


def _html_content_type(record: Any) -> str | None:
    """The Content-Type of a record holding an HTML page (a 200 response, or a resource), else None."""
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":  # a page stored without its HTTP exchange
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return content_type if content_type.split(";")[0].strip().lower() in _HTML_TYPES else None


def _record_document(
    record: Any, content_type: str, source: str, max_bytes: int, on_reject: OnReject
) -> RawDocument | None:
    """The document of one HTML record, or None after reporting why it was rejected."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(max_bytes + 1)
    try:
        if len(body) > max_bytes:
            raise Rejected(f"record too large (over {size_label(max_bytes)}): {url}", source)
        missing = getattr(record.raw_stream, "limit", 0)
        if len(body) <= max_bytes and missing:  # the archive ended inside this record
            raise Rejected(f"record truncated ({missing} bytes missing): {url}", source)
        if record.digest_checker.passed is False:
            problems = "; ".join(record.digest_checker.problems)
            raise Rejected(f"record corrupt ({problems}): {url}", source)
        charset = None
        if "charset=" in content_type.lower():
            charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
        doc = parse_html_bytes(body, source, url=url, charset=charset)
    except Rejected as exc:
        on_reject(Rejected(f"{exc.reason} ({url})" if url and url not in exc.reason else exc.reason, source))
        return None
    doc.url = doc.url or url
    doc.meta.update({"format": "warc", "warc_target": url})
    date = record.rec_headers.get_header("WARC-Date")
    if date:
        doc.meta["warc_date"] = date
    return doc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().split("\n") or [""])[0][:200]
