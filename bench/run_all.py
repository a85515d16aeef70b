#!/usr/bin/env python3
"""Run every benchmark script: `--check` runs the accuracy gates (make bench-check), else all figures.

usage: run_all.py [--check]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GATES = ["bench_cluster.py", "bench_times.py", "bench_quotes.py", "bench_stance.py"]
EXTRA = ["bench_load.py"]  # speed and load checks, run by `make bench` only


def main() -> int:
    check = "--check" in sys.argv[1:]
    failed = []
    for name in GATES + ([] if check else EXTRA):
        script = HERE / name
        if not script.is_file():
            print(f"== {name}: missing", flush=True)
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)] + (["--check"] if check else [])).returncode
        print(f"== {name}: {'ok' if code == 0 else 'FAILED'} in {time.perf_counter() - t0:.0f}s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
