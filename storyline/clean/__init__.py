"""Cleaning stage: boilerplate removal, outlet detection, dedupe. Pure functions, no IO."""

from .boilerplate import REPEAT_MIN_ARTICLES, paragraph_keys, repeated_keys
from .core import clean_document
from .dedupe import CopyIndex, content_id, signature, similarity
from .outlet import host_outlet, resolve_outlet, timezone_of

__all__ = [
    "REPEAT_MIN_ARTICLES",
    "CopyIndex",
    "clean_document",
    "content_id",
    "host_outlet",
    "paragraph_keys",
    "repeated_keys",
    "resolve_outlet",
    "signature",
    "similarity",
    "timezone_of",
]
