"""Exact and near-copy detection: content ids, MinHash signatures of word shingles, and an LSH
index that finds syndicated copies (wire stories reprinted by several outlets) in constant time."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict

import numpy as np

NUM_PERM = 128  # values in a signature
BANDS = 32  # LSH bands of NUM_PERM // BANDS rows: pairs at Jaccard 0.7 collide with p > 0.999
SHINGLE = 3  # words per shingle
COPY_THRESHOLD = 0.8  # estimated Jaccard at or above which two articles are copies
_PRIME = (1 << 61) - 1
_MASK = (1 << 32) - 1


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    """Hash-function coefficients derived from sha256, so signatures never change between runs or versions."""
    a, b = [], []
    for i in range(NUM_PERM):
        d = hashlib.sha256(f"storyline-minhash-{i}".encode()).digest()
        a.append(int.from_bytes(d[:4], "big") | 1)
        b.append(int.from_bytes(d[4:8], "big"))
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


_A, _B = _coefficients()


def normalised_words(text: str) -> list[str]:
    """Lower-case words with typographic quotes folded, the unit of comparison."""
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def content_id(text: str) -> str:
    """Stable id of a cleaned text: sha256 of its whitespace-normalised form, 16 hex chars."""
    canon = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def signature(text: str) -> list[int]:
    """MinHash signature (NUM_PERM 32-bit values) of the text's word SHINGLE-grams."""
    words = normalised_words(text)
    if len(words) >= SHINGLE:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    else:
        shingles = {" ".join(words)}
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    mixed = ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME) & _MASK
    return [int(v) for v in mixed.min(axis=1)]


def similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts: the share of equal signature values."""
    if len(sig_a) != len(sig_b) or not sig_a:
        return 0.0
    return float(np.count_nonzero(np.asarray(sig_a) == np.asarray(sig_b))) / len(sig_a)


class CopyIndex:
    """LSH index over signatures: `find` returns the id of an added article the text is a copy of."""

    def __init__(self, threshold: float = COPY_THRESHOLD, bands: int = BANDS) -> None:
        if NUM_PERM % bands:
            raise ValueError(f"bands must divide {NUM_PERM}")
        self.threshold = threshold
        self.bands = bands
        self.rows = NUM_PERM // bands
        self._buckets: list[dict[bytes, list[str]]] = [defaultdict(list) for _ in range(bands)]
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def _band_keys(self, sig: np.ndarray) -> list[bytes]:
        return [sig[i * self.rows : (i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def add(self, article_id: str, sig: list[int]) -> None:
        """Index an article's signature (adding the same id twice is a no-op)."""
        if article_id in self._sigs:
            return
        arr = np.asarray(sig, dtype=np.uint32)
        if arr.shape != (NUM_PERM,):
            raise ValueError(f"signature must have {NUM_PERM} values")
        self._sigs[article_id] = arr
        for bucket, key in zip(self._buckets, self._band_keys(arr)):
            bucket[key].append(article_id)

    def find(self, sig: list[int]) -> str | None:
        """The most similar indexed article with estimated Jaccard >= threshold, or None."""
        arr = np.asarray(sig, dtype=np.uint32)
        candidates: set[str] = set()
        for bucket, key in zip(self._buckets, self._band_keys(arr)):
            candidates.update(bucket.get(key, ()))
        best, best_sim = None, self.threshold
        for cid in sorted(candidates):
            sim = float(np.count_nonzero(self._sigs[cid] == arr)) / NUM_PERM
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = cid, sim
        return best
