"""Story clustering benchmark: `storyline cluster` on ECB+ (train, dev) and BASIL, scored by the shared
scorer, plus articles per second at 1k, 10k and 100k articles.

The large corpora are made at bench time in a temp dir from the shared texts (never committed):
each copy of the shared articles gets its sentences shuffled, its capitalised names renamed and
its dates shifted, so that every copy is a new set of events of the same kinds.

usage: .venv/bin/python bench/bench_cluster.py [--check] [--scale]
  (default)  accuracy sets, then speed at 1k, 10k and 100k articles
  --check    accuracy sets and the 1k speed run only, against FLOORS; exit 1 when below
  --scale    speed runs only (1k, 10k, 100k)
Speed is the CPU time of the whole command (one process, CPU-bound: per-process throughput, not
moved by other jobs on the machine); wall time is printed beside it. Each speed run also scores the
clustering of the generated corpus against the copies' stories (synthetic_pairwise_f1).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import zlib
from datetime import date, timedelta
from pathlib import Path

from benchlib import check_floors, data_dir, read_rows, run_scorer, run_storyline_cpu

# Pinned a little below what was measured (train 0.877/0.896, dev 0.856/0.861, BASIL 0.971/0.981
# pairwise/B-cubed F1; 1k: 148-175 articles/s CPU on a busy machine; the speed floor is the
# issue's target), so CI fails on a real drop.
FLOORS = {
    "ecbplus-train": {"pairwise_f1": 0.86, "bcubed_f1": 0.88},
    "ecbplus-dev": {"pairwise_f1": 0.83, "bcubed_f1": 0.84},
    "basil": {"pairwise_f1": 0.95, "bcubed_f1": 0.97},
    "speed-1k": {"articles_per_s": 100.0},
}
SETS = {
    "ecbplus-train": ("ecbplus", "train.jsonl"),
    "ecbplus-dev": ("ecbplus", "dev.jsonl"),
    "basil": ("basil", "basil_2010_2015.jsonl"),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\b(?:[A-Za-z]{3,}|\d{1,6})\b")


def accuracy(tmp: Path) -> dict[str, dict]:
    """Run the command on each shared set and score it; return the figures per set."""
    figures = {}
    for name, (folder, filename) in SETS.items():
        gold = data_dir() / folder / filename
        out = tmp / f"{name}.out.jsonl"
        wall, cpu = run_storyline_cpu("cluster", gold, out)
        print(f"# {name}")
        figures[name] = run_scorer("score_clusters.py", gold, out)
        n = figures[name]["docs"]
        print(f"{name}: {n} articles, {cpu:.1f}s CPU = {n / cpu:.0f} articles/s ({wall:.1f}s wall, whole command)")
    return figures


def _suffix(copy: int) -> str:
    letters = ""
    copy += 1
    while copy:
        copy, rem = divmod(copy - 1, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rem]
    return letters


def variant(row: dict, copy: int, rng: random.Random, start: date) -> dict:
    """One article of copy number `copy`: a new event of the same kind as the original.

    Sentences are shuffled, every capitalised name and every number is changed, and about a third
    of the other words are swapped for copy-specific ones, so copies are alike in topic (as two
    earthquakes are) but neither near-identical texts nor the same event; dates move to the copy's days.
    """
    suffix = _suffix(copy)

    def rename(m: re.Match) -> str:
        word = m.group()
        if word[0].isdigit():
            return str(int(word) + copy + 1)
        if word[0].isupper() or zlib.crc32(f"{word}{copy}".encode()) % 3 == 0:
            return word + suffix
        return word

    sentences = _SENTENCE.split(row.get("text") or "")
    head, body = sentences[:1], sentences[1:]
    rng.shuffle(body)
    text = _WORD.sub(rename, " ".join(head + body))
    day = start + timedelta(days=copy * 10 + zlib.crc32(row["story"].encode()) % 4)
    out = {"id": f"{row['id']}~{copy}", "story": f"{row['story']}~{copy}", "text": text, "date": day.isoformat()}
    if row.get("title"):
        out["title"] = _WORD.sub(rename, row["title"])
    return out


def make_corpus(n: int, path: Path) -> int:
    """Write n articles made from the shared sets, in date order of their copies; return n."""
    base = [r for folder, filename in SETS.values() for r in read_rows(data_dir() / folder / filename)]
    rng = random.Random(13)
    start = date(2001, 1, 1)
    written = 0
    with open(path, "w", encoding="utf-8") as fh:
        copy = 0
        while written < n:
            rows = base[:]
            rng.shuffle(rows)
            for row in rows[: n - written]:
                fh.write(json.dumps(variant(row, copy, rng, start), ensure_ascii=False) + "\n")
                written += 1
            copy += 1
    return written


def speed(tmp: Path, sizes: list[int]) -> dict[str, dict]:
    """Articles per second of the whole command on generated corpora of the given sizes.

    articles_per_s counts CPU seconds of the command (one process, CPU-bound), so that other jobs
    on the machine do not move it; wall-clock figures are printed beside it.
    """
    figures = {}
    for n in sizes:
        path, out = tmp / f"scale{n}.jsonl", tmp / f"scale{n}.out.jsonl"
        make_corpus(n, path)
        wall, cpu = run_storyline_cpu("cluster", path, out)
        quality = run_scorer("score_clusters.py", path, out, quiet=True)
        row = {"benchmark": "cluster-speed", "articles": n, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
               "articles_per_s": round(n / cpu, 1), "wall_articles_per_s": round(n / wall, 1),
               "ms_per_article": round(1000 * cpu / n, 2), "synthetic_pairwise_f1": round(quality["pairwise_f1"], 4)}
        print(json.dumps(row))
        figures[f"speed-{n // 1000}k"] = row
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="story clustering benchmark")
    parser.add_argument("--check", action="store_true", help="accuracy and 1k speed against pinned floors")
    parser.add_argument("--scale", action="store_true", help="speed runs only (1k, 10k, 100k)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_cluster_") as name:
        tmp = Path(name)
        figures: dict[str, dict] = {}
        if not args.scale:
            figures.update(accuracy(tmp))
        figures.update(speed(tmp, [1000] if args.check else [1000, 10000, 100000]))
    if args.check:
        ok = all([check_floors(key, figures.get(key, {}), floors) for key, floors in FLOORS.items()])
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
