"""Stance benchmark: FNC-1 development split (held-out bodies), ARC and Emergent (cross-domain).

usage: bench_stance.py [--check] [--only fnc|arc|emergent] [--topics]

For each set it writes FNC-1 style csv files to a temporary folder, converts them with the shared
fnc_to_jsonl.py, runs `storyline stance`, scores with the shared score_stance.py and prints the
scorer's JSON line and the speed. The FNC-1 development split is the part of the training bodies
that stance_train holds out (fixed seed), so the shipped model never saw it. Emergent pairs are
claim headline vs. article headline with for/against/observing read as agree/disagree/discuss.
--topics also trains a fresh model on part of the training topics and scores the held-out
topics (stance_train.topic_split; a few minutes): new claims as in the competition test, so a
better guide to held-out figures than the body split, whose headlines the model has seen.
Speed: pairs per second of the whole command (one process, model load included) and pairs per
CPU second of prediction in this process; both CPU-bound, measured on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

from storyline.compare.stance import StanceModel, load_model  # noqa: E402
from storyline.compare.stance_train import read_fnc, split_rows, topic_split, train, write_split  # noqa: E402

FLOORS = {
    "fnc": {"fnc_relative": 0.88, "macro_f1": 0.74, "f1_disagree": 0.50},
    "arc": {"fnc_relative": 0.55, "macro_f1": 0.34},
    "emergent": {"fnc_relative": 0.50},
}
EMERGENT_LABELS = {"for": "agree", "against": "disagree", "observing": "discuss"}


def fnc_dev(folder: Path) -> tuple[Path, Path]:
    """The held-out development bodies of FNC-1 as csv files."""
    src = benchlib.data_dir() / "fnc1"
    bodies, rows = read_fnc(src / "train_bodies.csv", src / "train_stances.csv")
    return write_split(bodies, split_rows(bodies, rows)[1], folder)


def arc(folder: Path) -> tuple[Path, Path]:
    """ARC is already in FNC-1 format."""
    src = benchlib.data_dir() / "arc"
    return src / "arc_bodies.csv", src / "arc_stances_train.csv"


def emergent(folder: Path) -> tuple[Path, Path]:
    """Emergent as FNC-1 csv files: the claim is the headline, the article headline the body."""
    with open(benchlib.data_dir() / "emergent" / "emergent_train.csv", encoding="utf-8") as fh:
        src = list(csv.DictReader(fh))
    body_ids: dict[str, str] = {}
    rows = []
    for r in src:
        bid = body_ids.setdefault(r["articleHeadline"], str(len(body_ids)))
        rows.append({"Headline": r["claimHeadline"], "Body ID": bid, "Stance": EMERGENT_LABELS[r["articleHeadlineStance"]]})
    return write_split({b: t for t, b in body_ids.items()}, rows, folder)


SETS = {"fnc": fnc_dev, "arc": arc, "emergent": emergent}


def in_process_speed(jsonl: Path) -> float:
    """Pairs per CPU second of `predict` in this process (model already loaded)."""
    rows = benchlib.read_rows(jsonl)
    pairs = [(r["headline"], r["body"]) for r in rows]
    model = load_model()
    t0 = time.process_time()
    model.predict(pairs)
    return len(pairs) / max(time.process_time() - t0, 1e-9)


def run(name: str, tmp: Path) -> dict:
    """Build, run and score one set; print its figures and speed; return the figures."""
    folder = tmp / name
    folder.mkdir()
    bodies, stances = SETS[name](folder)
    infile, outfile = folder / "in.jsonl", folder / "out.jsonl"
    benchlib.run_scorer("fnc_to_jsonl.py", bodies, stances, stdout_to=infile)
    seconds = benchlib.run_storyline("stance", infile, outfile)
    print(f"== {name}")
    figures = benchlib.run_scorer("score_stance.py", stances, outfile)
    cpu = in_process_speed(infile)
    print(f"speed {name}: {figures['pairs'] / seconds:.0f} pairs/s (command, load included), {cpu:.0f} pairs/CPU-s (predict)")
    return figures


def run_topics(tmp: Path) -> dict:
    """Train on part of the training topics, score the held-out topics (not part of --check)."""
    src = benchlib.data_dir() / "fnc1"
    bodies, rows = read_fnc(src / "train_bodies.csv", src / "train_stances.csv")
    train_rows, val_rows = topic_split(split_rows(bodies, rows)[0])
    t0 = time.process_time()
    model = StanceModel(*train(bodies, train_rows, log=lambda msg: None))
    print(f"== topics: trained on {len(train_rows)} pairs in {time.process_time() - t0:.0f} CPU-s")
    _, stances = write_split(bodies, val_rows, tmp / "topics")
    labels = model.predict([(r["Headline"], bodies[r["Body ID"]]) for r in val_rows])
    outfile = tmp / "topics" / "out.jsonl"
    outfile.write_text("".join(json.dumps({"id": str(i), "stance": s}) + "\n" for i, s in enumerate(labels)), encoding="utf-8")
    return benchlib.run_scorer("score_stance.py", stances, outfile)


def main() -> int:
    ap = argparse.ArgumentParser(description="stance benchmark")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its pinned floor")
    ap.add_argument("--only", choices=sorted(SETS), help="run one set only")
    ap.add_argument("--topics", action="store_true", help="also train on some topics and score the others")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench_stance_") as tmp:
        for name in [args.only] if args.only else list(SETS):
            figures = run(name, Path(tmp))
            if args.check:
                ok &= benchlib.check_floors(f"stance-{name}", figures, FLOORS[name])
        if args.topics:
            run_topics(Path(tmp))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
