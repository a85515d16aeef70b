"""Time expressions on the TempEval-3 training data (TimeBank + AQUAINT), scored TempEval-3 style.

usage: .venv/bin/python bench/bench_times.py [--check]

Converts ../shared/data/timeml with the shared converter, runs `storyline times` in a fresh process,
scores with score_times.py, prints the scorer's JSON line and the speed (documents per second of
one process's CPU time, start-up included; wall clock beside it). With --check, exits 1 when a figure is below its floor.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import check_floors, data_dir, run_scorer, run_storyline_cpu  # noqa: E402

# Pinned a little below the figures measured on the development data (value 0.825, strict 0.891,
# relaxed 0.946; 255-375 docs per CPU-second with start-up on a 2-core machine shared with others).
FLOORS = {"value_f1": 0.822, "strict_f1": 0.888, "relaxed_f1": 0.943, "docs_per_s": 180.0}


def main() -> int:
    gold = data_dir() / "timeml"
    with tempfile.TemporaryDirectory() as tmp:
        infile, outfile = Path(tmp) / "timeml.jsonl", Path(tmp) / "times.out.jsonl"
        run_scorer("timeml_to_jsonl.py", gold, stdout_to=infile)
        n_docs = sum(1 for line in infile.open(encoding="utf-8") if line.strip())
        seconds, cpu = run_storyline_cpu("times", infile, outfile)
        figures = run_scorer("score_times.py", gold, outfile)
    # CPU-bound throughput of the one process (start-up included): stable on a shared machine;
    # the wall-clock figure is printed beside it
    figures["docs_per_s"] = n_docs / max(cpu, 1e-6)
    print(json.dumps({"benchmark": "times-speed", "docs": n_docs, "cpu_seconds": round(cpu, 2),
                      "wall_seconds": round(seconds, 2), "docs_per_s": round(figures["docs_per_s"], 1),
                      "wall_docs_per_s": round(n_docs / seconds, 1)}))
    if "--check" in sys.argv[1:]:
        return 0 if check_floors("times", figures, FLOORS) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
