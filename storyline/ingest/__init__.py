"""Readers: files, folders, URLs, feeds, JSON/JSONL, WARC and stdin turned into RawDocuments.

One module per source kind (text, html, jsonl, feed, warc, url); `dispatch` picks the reader for each
input, and `iter_documents` is what the pipeline calls.
"""

from .common import MAX_BYTES, TIMEOUT, normalise_date
from .dispatch import iter_documents
from .html import parse_html
from .jsonl import record_to_document
from .text import parse_text

__all__ = ["MAX_BYTES", "TIMEOUT", "iter_documents", "normalise_date", "parse_html", "parse_text", "record_to_document"]
