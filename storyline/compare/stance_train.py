"""Train the stance model from the FNC-1 training data and write it as plain arrays plus JSON.

    python -m storyline.compare.stance_train [--data DIR] [--out STEM]

The bodies are split into a training and a development part (disjoint bodies, as in the FNC-1
competition test; fixed seed); only the training part is used, so the development part stays an
honest check (bench/bench_stance.py scores it). Runs in a few minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from .stance import LABELS, MODEL_DIR, MODEL_NAME, StanceModel
from .stance_features import Featurizer, content_stems, words

SEED = 1
DEV_FRACTION = 0.2
TF_VOCAB = 5000
MIN_DF = 2
HIDDEN = 100
EPOCHS = 6
CLASS_WEIGHT = {"agree": 1.5, "disagree": 8.0, "discuss": 1.0, "unrelated": 1.0}
TREES_WEIGHT_UNRELATED = 0.5  # trees and network share the related/unrelated decision
TREES_WEIGHT_RELATED = 0.0  # the network alone splits agree/disagree/discuss

csv.field_size_limit(10**8)


def default_data_dir() -> Path:
    """The shared data folder: STORYLINE_DATA or ../shared/data next to the checkout."""
    return Path(os.environ.get("STORYLINE_DATA", MODEL_DIR.parent.parent.parent / "shared" / "data"))


def read_fnc(bodies_csv: Path, stances_csv: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Bodies by id and stance rows (Headline, Body ID, Stance) of an FNC-1 style pair of files."""
    try:
        with open(bodies_csv, encoding="utf-8") as fh:
            bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
        with open(stances_csv, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, KeyError) as exc:
        raise SystemExit(f"cannot read FNC-1 data {bodies_csv} / {stances_csv}: {exc}") from exc
    return bodies, rows


def dev_bodies(body_ids: list[str], fraction: float = DEV_FRACTION, seed: int = SEED) -> set[str]:
    """The body ids held out for development: a fixed random fraction of the bodies."""
    ids = sorted(body_ids, key=int)
    rng = np.random.default_rng(seed)
    return set(rng.choice(ids, size=int(round(len(ids) * fraction)), replace=False).tolist())


def split_rows(bodies: dict[str, str], rows: list[dict[str, str]]) -> tuple[list[dict], list[dict]]:
    """Stance rows of the training and the development bodies."""
    dev = dev_bodies(list(bodies))
    return [r for r in rows if r["Body ID"] not in dev], [r for r in rows if r["Body ID"] in dev]


def topic_split(rows: list[dict[str, str]], fraction: float = 0.3, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """Split stance rows by topic, for model selection closer to the competition test (new claims).

    Headlines and bodies joined by a related pair form one topic (connected components); a
    fraction of the topics is held out: validation rows have a held-out body, training rows have
    neither body nor headline in a held-out topic.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        if r["Stance"] != "unrelated":
            parent[find("h" + r["Headline"])] = find("b" + r["Body ID"])
    topics = sorted({find("b" + r["Body ID"]) for r in rows})
    rng = np.random.default_rng(seed)
    held = set(rng.choice(topics, size=int(len(topics) * fraction), replace=False).tolist())
    val = [r for r in rows if find("b" + r["Body ID"]) in held]
    train_rows = [r for r in rows if find("b" + r["Body ID"]) not in held and find("h" + r["Headline"]) not in held]
    return train_rows, val


def write_split(bodies: dict[str, str], rows: list[dict[str, str]], folder: Path) -> tuple[Path, Path]:
    """Write rows and their bodies as FNC-1 csv files (bodies.csv, stances.csv) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    used = sorted({r["Body ID"] for r in rows}, key=int)
    bpath, spath = folder / "bodies.csv", folder / "stances.csv"
    with open(bpath, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerows([b, bodies[b]] for b in used)
    with open(spath, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows([r["Headline"], r["Body ID"], r["Stance"]] for r in rows)
    return bpath, spath


def build_vocabulary(texts: list[str]) -> tuple[dict[str, float], list[str], float]:
    """IDF of every stem seen in at least MIN_DF texts, the TF_VOCAB most frequent stems, default IDF."""
    df: Counter[str] = Counter()
    freq: Counter[str] = Counter()
    for t in texts:
        stems = content_stems(words(t))
        df.update(set(stems))
        freq.update(stems)
    n = len(texts)
    idf = {t: round(math.log((1 + n) / (1 + c)) + 1.0, 4) for t, c in df.items() if c >= MIN_DF}
    tf_vocab = [t for t, _ in freq.most_common(TF_VOCAB)]
    return idf, tf_vocab, round(math.log((1 + n) / 2) + 1.0, 4)


def export_trees(gb, n_classes: int) -> dict[str, np.ndarray]:
    """Flatten a fitted HistGradientBoostingClassifier into node arrays (no pickle needed)."""
    feats, thr, left, right, val, leaf, miss, roots, tclass = [], [], [], [], [], [], [], [], []
    offset, depth = 0, 0
    for per_iter in gb._predictors:
        for k, pred in enumerate(per_iter):
            nodes = pred.nodes
            roots.append(offset)
            tclass.append(k)
            feats.append(nodes["feature_idx"])
            thr.append(nodes["num_threshold"])
            left.append(nodes["left"].astype(np.int64) + offset)
            right.append(nodes["right"].astype(np.int64) + offset)
            val.append(nodes["value"])
            leaf.append(nodes["is_leaf"])
            miss.append(nodes["missing_go_to_left"])
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
    baseline = np.asarray(gb._baseline_prediction, dtype=np.float64).reshape(-1)
    if baseline.shape[0] != n_classes:
        raise RuntimeError(f"unexpected tree baseline shape {baseline.shape}")
    return {
        "gb_feature": np.concatenate(feats).astype(np.int32),
        "gb_threshold": np.concatenate(thr).astype(np.float64),
        "gb_left": np.concatenate(left).astype(np.int32),
        "gb_right": np.concatenate(right).astype(np.int32),
        "gb_value": np.concatenate(val).astype(np.float32),
        "gb_leaf": np.concatenate(leaf).astype(bool),
        "gb_missing_left": np.concatenate(miss).astype(bool),
        "gb_roots": np.asarray(roots, dtype=np.int32),
        "gb_tree_class": np.asarray(tclass, dtype=np.int8),
        "gb_baseline": baseline,
        "gb_depth": np.asarray(depth),
    }


def train(bodies: dict[str, str], rows: list[dict[str, str]], log=print) -> tuple[dict, dict[str, np.ndarray]]:
    """Fit vocabulary, network and trees on the given stance rows; return (meta, arrays)."""
    from threadpoolctl import threadpool_limits

    from sklearn.exceptions import ConvergenceWarning

    with threadpool_limits(1), warnings.catch_warnings():  # one thread: OpenMP on a busy 2-core box is far slower
        warnings.simplefilter("ignore", ConvergenceWarning)  # the network stops after EPOCHS on purpose
        return _fit(bodies, rows, log)


def _fit(bodies: dict[str, str], rows: list[dict[str, str]], log) -> tuple[dict, dict[str, np.ndarray]]:
    from scipy import sparse
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.neural_network import MLPClassifier

    t0 = time.perf_counter()
    used = sorted({r["Body ID"] for r in rows})
    texts = [bodies[b] for b in used] + sorted({r["Headline"] for r in rows})
    idf, tf_vocab, default_idf = build_vocabulary(texts)
    feat = Featurizer(idf, {t: i for i, t in enumerate(tf_vocab)}, default_idf)
    pairs = [(r["Headline"], bodies[r["Body ID"]]) for r in rows]
    hand, th, tb = feat.transform(pairs)
    y = np.array([LABELS.index(r["Stance"]) for r in rows])
    weight = np.array([CLASS_WEIGHT[r["Stance"]] for r in rows])
    log(f"features for {len(pairs)} pairs in {time.perf_counter() - t0:.0f}s")

    mean, std = hand.mean(axis=0), hand.std(axis=0) + 1e-6
    x = sparse.hstack([th, tb, sparse.csr_matrix((hand - mean) / std)]).tocsr()
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=1e-2, batch_size=min(256, len(rows)), learning_rate_init=1e-3,
                        max_iter=EPOCHS, random_state=SEED, tol=0.0)
    mlp.fit(x, y, sample_weight=weight)
    log(f"network trained at {time.perf_counter() - t0:.0f}s")
    gb = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1, max_leaf_nodes=31,
                                        l2_regularization=1.0, random_state=SEED, early_stopping=False)
    gb.fit(hand, y, sample_weight=weight)
    log(f"trees trained at {time.perf_counter() - t0:.0f}s")

    meta = {
        "labels": list(LABELS),
        "idf": idf,
        "default_idf": default_idf,
        "tf_vocab": tf_vocab,
        "hand_mean": mean.round(6).tolist(),
        "hand_std": std.round(6).tolist(),
        "trees_weight_unrelated": TREES_WEIGHT_UNRELATED,
        "trees_weight_related": TREES_WEIGHT_RELATED,
        "trained_on": {"pairs": len(rows), "bodies": len(used), "seed": SEED, "dev_fraction": DEV_FRACTION},
    }
    arrays = {
        "mlp_w0": mlp.coefs_[0].astype(np.float16),
        "mlp_b0": mlp.intercepts_[0].astype(np.float32),
        "mlp_w1": mlp.coefs_[1].astype(np.float32),
        "mlp_b1": mlp.intercepts_[1].astype(np.float32),
        **export_trees(gb, len(LABELS)),
    }
    check = StanceModel(meta, arrays)
    sample = pairs[:: max(1, len(pairs) // 500)]
    exported = softmax_check(check, gb, feat, sample)
    log(f"exported trees match sklearn within {exported:.2e}")
    return meta, arrays


def softmax_check(model: StanceModel, gb, feat: Featurizer, pairs: list[tuple[str, str]]) -> float:
    """Largest difference between sklearn's tree probabilities and the exported numpy trees."""
    from .stance import softmax

    hand, _, _ = feat.transform(pairs)
    diff = np.abs(softmax(model.trees.raw(hand.astype(np.float64))) - gb.predict_proba(hand)).max()
    if diff > 1e-4:
        raise RuntimeError(f"exported trees disagree with sklearn by {diff}")
    return float(diff)


def save(meta: dict, arrays: dict[str, np.ndarray], stem: Path) -> None:
    """Write stem.json (vocabulary, settings) and stem.npz (weights)."""
    stem.with_suffix(".json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    np.savez_compressed(stem.with_suffix(".npz"), **arrays)


def main(argv: list[str] | None = None) -> int:
    """Command line: train on the training part of FNC-1 and write the model files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="shared data folder (default: STORYLINE_DATA or ../shared/data)")
    ap.add_argument("--out", type=Path, default=MODEL_DIR / MODEL_NAME, help="output path without suffix")
    args = ap.parse_args(argv)
    fnc = (args.data or default_data_dir()) / "fnc1"
    bodies, rows = read_fnc(fnc / "train_bodies.csv", fnc / "train_stances.csv")
    train_rows, dev_rows = split_rows(bodies, rows)
    print(f"training on {len(train_rows)} pairs, holding out {len(dev_rows)} pairs of {len(dev_bodies(list(bodies)))} bodies")
    t0 = time.perf_counter()
    meta, arrays = train(bodies, train_rows)
    save(meta, arrays, args.out)
    size = sum(args.out.with_suffix(s).stat().st_size for s in (".json", ".npz"))
    print(f"wrote {args.out}.json/.npz ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
