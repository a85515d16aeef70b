"""Exact and near-copy detection: content ids, MinHash signatures of word shingles, and an LSH
index that finds syndicated copies (wire stories reprinted by several outlets) in constant time."""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NUM_PERM = 128  # values in a signature
BANDS = 16  # LSH bands of NUM_PERM // BANDS rows: pairs at Jaccard 0.8 collide with p = 0.95, 0.85 with 0.99
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
    """LSH index over signatures: `find` returns the id of an added article the text is a copy of.
    Each band of a signature is folded into one 64-bit key; buckets hold article positions, so
    100k articles take about 16 dict entries each and a lookup scores only the few that collide."""

    def __init__(self, threshold: float = COPY_THRESHOLD, bands: int = BANDS) -> None:
        if NUM_PERM % bands:
            raise ValueError(f"bands must divide {NUM_PERM}")
        self.threshold = threshold
        self.bands = bands
        self.rows = NUM_PERM // bands
        self._fold = np.array([_fold_multiplier(i) for i in range(self.rows)], dtype=np.uint64)
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._sigs = np.empty((1024, NUM_PERM), dtype=np.uint32)

    def __len__(self) -> int:
        return len(self._ids)

    def _band_keys(self, sig: np.ndarray) -> list[int]:
        with np.errstate(over="ignore"):
            folded = (sig.reshape(self.bands, self.rows).astype(np.uint64) * self._fold).sum(axis=1)
        return [int(k) for k in folded]

    def add(self, article_id: str, sig: list[int]) -> None:
        """Index an article's signature (adding the same id twice is a no-op)."""
        if article_id in self._pos:
            return
        arr = np.asarray(sig, dtype=np.uint32)
        if arr.shape != (NUM_PERM,):
            raise ValueError(f"signature must have {NUM_PERM} values")
        pos = len(self._ids)
        if pos == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.empty_like(self._sigs)])
        self._sigs[pos] = arr
        self._ids.append(article_id)
        self._pos[article_id] = pos
        for bucket, key in zip(self._buckets, self._band_keys(arr)):
            held = bucket.get(key)
            if held is None:
                bucket[key] = pos
            elif isinstance(held, list):
                held.append(pos)
            else:
                bucket[key] = [held, pos]

    def find(self, sig: list[int]) -> str | None:
        """The most similar indexed article with estimated Jaccard >= threshold, or None."""
        arr = np.asarray(sig, dtype=np.uint32)
        candidates: set[int] = set()
        for bucket, key in zip(self._buckets, self._band_keys(arr)):
            held = bucket.get(key)
            if held is None:
                continue
            candidates.update(held if isinstance(held, list) else (held,))
        if not candidates:
            return None
        order = sorted(candidates)
        sims = np.count_nonzero(self._sigs[order] == arr, axis=1) / NUM_PERM
        best = int(np.argmax(sims))
        return self._ids[order[best]] if sims[best] >= self.threshold else None


def _fold_multiplier(i: int) -> int:
    """Odd 64-bit multipliers that fold a band's values into one key."""
    return int.from_bytes(hashlib.sha256(f"storyline-band-{i}".encode()).digest()[:8], "big") | 1
