"""Stance of a text towards a headline or claim: agree, disagree, discuss or unrelated.

A small model trained on FNC-1 (``python -m storyline.compare.stance_train`` rebuilds it): hand
features and term-frequency vectors (see stance_features) go into a one-hidden-layer network and
a gradient-boosted tree ensemble; both decide related vs. unrelated, the network alone splits
the related pairs into agree, disagree and discuss. The weights ship with the
package as plain arrays (stance_model.npz) plus a JSON vocabulary (stance_model.json), so loading
runs no pickled code and inference needs only numpy and scipy.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from ..errors import ConfigError
from .stance_features import Featurizer

LABELS = ("agree", "disagree", "discuss", "unrelated")
MODEL_DIR = Path(__file__).resolve().parent
MODEL_NAME = "stance_model"
BATCH = 2000


class Trees:
    """A gradient-boosted tree ensemble stored as flat node arrays, evaluated in numpy."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.feature = arrays["gb_feature"].astype(np.int64)
        self.threshold = arrays["gb_threshold"].astype(np.float64)
        self.left = arrays["gb_left"].astype(np.int64)
        self.right = arrays["gb_right"].astype(np.int64)
        self.value = arrays["gb_value"].astype(np.float64)
        self.leaf = arrays["gb_leaf"].astype(bool)
        self.missing_left = arrays["gb_missing_left"].astype(bool)
        self.roots = arrays["gb_roots"].astype(np.int64)
        self.tree_class = arrays["gb_tree_class"].astype(np.int64)
        self.baseline = arrays["gb_baseline"].astype(np.float64)
        self.depth = int(arrays["gb_depth"])

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Summed leaf values per class (before the softmax), shape (n, classes)."""
        n = x.shape[0]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth + 1):
            leaf = self.leaf[node]
            if leaf.all():
                break
            vals = x[rows, self.feature[node]]
            go_left = np.where(np.isnan(vals), self.missing_left[node], vals <= self.threshold[node])
            node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
        out = np.tile(self.baseline, (n, 1))
        leaf_values = self.value[node]
        for k in range(out.shape[1]):
            out[:, k] += leaf_values[:, self.tree_class == k].sum(axis=1)
        return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class StanceModel:
    """The shipped stance classifier; `predict` gives labels, `predict_proba` the four probabilities."""

    labels = LABELS

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]) -> None:
        if tuple(meta["labels"]) != LABELS:
            raise ConfigError(f"stance model labels {meta['labels']} differ from {LABELS}")
        self.meta = meta
        vocab = meta["tf_vocab"]
        self.featurizer = Featurizer(meta["idf"], {t: i for i, t in enumerate(vocab)}, meta["default_idf"])
        self.hand_mean = np.asarray(meta["hand_mean"], dtype=np.float32)
        self.hand_std = np.asarray(meta["hand_std"], dtype=np.float32)
        self.w0 = arrays["mlp_w0"].astype(np.float32)
        self.b0 = arrays["mlp_b0"].astype(np.float32)
        self.w1 = arrays["mlp_w1"].astype(np.float32)
        self.b1 = arrays["mlp_b1"].astype(np.float32)
        self.trees = Trees(arrays)
        self.trees_unrelated = float(meta["trees_weight_unrelated"])
        self.trees_related = float(meta["trees_weight_related"])
        self.n_vocab = len(vocab)

    @classmethod
    def from_files(cls, stem: Path) -> "StanceModel":
        """Load `stem`.json and `stem`.npz; a missing or broken file is a configuration error."""
        try:
            meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
            with np.load(stem.with_suffix(".npz"), allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            return cls(meta, arrays)
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                f"stance model {stem}.json/.npz cannot be loaded ({exc}); rebuild it with "
                "`python -m storyline.compare.stance_train`"
            ) from exc

    def mlp_proba(self, hand: np.ndarray, th: sparse.csr_matrix, tb: sparse.csr_matrix) -> np.ndarray:
        """Probabilities of the one-hidden-layer network on standardised features."""
        v = self.n_vocab
        z = th @ self.w0[:v] + tb @ self.w0[v : 2 * v] + ((hand - self.hand_mean) / self.hand_std) @ self.w0[2 * v :]
        return softmax(np.maximum(z + self.b0, 0.0) @ self.w1 + self.b1)

    def predict_proba(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Probabilities (n, 4) in the order of `labels` for (headline, body) pairs."""
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for start in range(0, len(pairs), BATCH):
            chunk = [(h or "", b or "") for h, b in pairs[start : start + BATCH]]
            hand, th, tb = self.featurizer.transform(chunk)
            p_mlp = self.mlp_proba(hand, th, tb)
            p_gb = softmax(self.trees.raw(hand.astype(np.float64)))
            out[start : start + len(chunk)] = self.combine(p_mlp, p_gb)
        return out

    def combine(self, p_mlp: np.ndarray, p_gb: np.ndarray) -> np.ndarray:
        """Two stages in one: related vs. unrelated from both models, then the split of the related
        mass over agree/disagree/discuss mostly from the network (the trees under-call disagree)."""
        u = (1.0 - self.trees_unrelated) * p_mlp[:, 3] + self.trees_unrelated * p_gb[:, 3]
        rel = (1.0 - self.trees_related) * p_mlp[:, :3] + self.trees_related * p_gb[:, :3]
        rel = rel / np.maximum(rel.sum(axis=1, keepdims=True), 1e-12)
        return np.hstack([rel * (1.0 - u)[:, None], u[:, None]])

    def predict(self, pairs: list[tuple[str, str]]) -> list[str]:
        """The most probable stance label for each (headline, body) pair."""
        if not pairs:
            return []
        return [LABELS[i] for i in self.predict_proba(pairs).argmax(axis=1)]


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """The stance model shipped in the package, loaded once per process."""
    return StanceModel.from_files(MODEL_DIR / MODEL_NAME)


