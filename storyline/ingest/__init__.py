"""Readers: files, folders, URLs, feeds, JSON/JSONL, WARC and stdin turned into RawDocuments.

One module per source kind (text, html, jsonl, feed, warc, url); `dispatch` picks the reader.
"""

from .common import MAX_BYTES, TIMEOUT, normalise_date
from .dispatch import iter_documents

__all__ = ["MAX_BYTES", "TIMEOUT", "iter_documents", "normalise_date"]
