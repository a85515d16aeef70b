"""Helpers every reader shares: size caps, decoding bytes to text with clear rejections, and dates."""

from __future__ import annotations

import os
import re
import time
from datetime import date, datetime
from email.utils import parsedate
from typing import Any, BinaryIO

from ..analyze.times_lexicon import MONTHS
from ..errors import Rejected

MAX_BYTES = 10 * 1024 * 1024  # largest file, page or record we read (untrusted input)
TIMEOUT = 20.0  # seconds for one HTTP request

# Magic numbers of common binary formats, to say what a rejected file is.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)


def size_label(n: int) -> str:
    """'10 MB' style label for a byte count, for error messages."""
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_bytes(data: bytes, source: str) -> None:
    """Rejected when `data` is empty, only whitespace, or binary (a known binary format or NUL bytes)."""
    if not data.strip():
        raise Rejected("empty file" if not data else "empty file (only whitespace)", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NUL bytes but is not binary
        return
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Rejected(f"binary file ({kind}), not text", source)
    if b"\x00" in data[:65536]:
        raise Rejected("binary file (contains NUL bytes), not text", source)


def decode_text(data: bytes, source: str, charset: str | None = None) -> str:
    """Bytes to text: UTF-8, else the declared charset; newlines normalised; Rejected if empty or binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Rejected(f"not valid UTF-16 ({exc.reason} at byte offset {exc.start})", source) from None
        if not text.strip():
            raise Rejected("empty file (only whitespace)", source)
        return _normalise_newlines(text)
    check_bytes(data, source)
    try:  # UTF-8 first: text that decodes as UTF-8 is UTF-8, whatever a server or <meta> claims
        return _normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        codec = _codec(charset)
        if codec is None or codec == "utf-8":
            bad = data[exc.start : exc.start + 1].hex()
            raise Rejected(f"not valid UTF-8 (byte 0x{bad} at byte offset {exc.start})", source) from None
    return _normalise_newlines(data.decode(codec, errors="replace"))


def _codec(label: str | None) -> str | None:
    """Python's codec name for a declared charset label, or None when unknown or absent."""
    import codecs

    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def open_file(path: str) -> BinaryIO:
    """Open a file for binary reading; Rejected naming the file when it cannot be opened."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise Rejected("no such file or folder", path) from None
    except PermissionError:
        raise Rejected("permission denied", path) from None
    except IsADirectoryError:
        raise Rejected("is a folder", path) from None
    except OSError as exc:
        raise Rejected(f"cannot read ({exc.strerror or exc})", path) from None


def read_file(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file, refusing (by its size, before reading) anything over `max_bytes`."""
    with open_file(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise Rejected(f"file too large ({size_label(size)}, limit {size_label(max_bytes)})", path)
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise Rejected(f"cannot read ({exc.strerror or exc})", path) from None
    if len(data) > max_bytes:  # grew while we read it
        raise Rejected(f"file too large (over {size_label(max_bytes)})", path)
    return data


# --- dates -------------------------------------------------------------------------------------

_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
# Each pattern matches a date at the start of a string; named groups y, m or mon, d.
DATE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])",  # 2021-11-12, 2021-11-12T10:00Z
        r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b",  # 2021/11/12
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})\b",  # 20211112
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b",  # 12.11.2021 (day first, European)
        _WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b",  # November 16, 2021
        _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})\b",  # 16 November 2021
    )
]


def match_date(text: str) -> tuple[str, int] | None:
    """A date at the very start of `text`: (ISO date, characters it used), or None."""
    for pattern in DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["m"]) if parts.get("m") else MONTHS[parts["mon"].lower().rstrip(".")]
        try:
            return date(int(parts["y"]), month, int(parts["d"])).isoformat(), m.end()
        except ValueError:
            continue
    return None


def normalise_date(value: Any) -> str | None:
    """ISO YYYY-MM-DD from a date string (ISO, RFC 822, 'November 16, 2021', ...), datetime or struct_time."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
        except ValueError:
            return None
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    found = match_date(text)
    if found:
        return found[0]
    parsed = parsedate(text)  # RFC 822: 'Tue, 16 Nov 2021 10:00:00 GMT'
    if parsed and parsed[0] > 0:
        try:
            return date(*parsed[:3]).isoformat()
        except ValueError:
            return None
    return None
