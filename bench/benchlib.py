"""Helpers shared by the benchmark scripts: where the shared data and scorers are, running the
storyline command and a scorer, and checking figures against pinned floors.

The data lives outside the repository: STORYLINE_DATA (default ../shared/data next to the
checkout) and STORYLINE_SCORERS (default ../shared/bench).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The shared development data; exits with a clear message when it is absent."""
    path = Path(os.environ.get("STORYLINE_DATA", REPO.parent / "shared" / "data"))
    if not path.is_dir():
        sys.exit(f"benchmark data not found at {path}: set STORYLINE_DATA to the shared data folder")
    return path


def scorers_dir() -> Path:
    """The shared scorers; exits with a clear message when they are absent."""
    path = Path(os.environ.get("STORYLINE_SCORERS", REPO.parent / "shared" / "bench"))
    if not (path / "common.py").is_file():
        sys.exit(f"benchmark scorers not found at {path}: set STORYLINE_SCORERS to the shared bench folder")
    return path


def run_storyline(step: str, infile: Path, outfile: Path) -> float:
    """Run `storyline STEP IN -o OUT` in a fresh process (models load as a user sees it); return seconds."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "storyline.cli", step, str(infile), "-o", str(outfile)], check=True)
    return time.perf_counter() - t0


def run_storyline_cpu(step: str, infile: Path, outfile: Path) -> tuple[float, float]:
    """`run_storyline`, returning (wall seconds, CPU seconds of the command's process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_storyline(step, infile, outfile)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_scorer(script: str, *args: str | Path, stdout_to: Path | None = None, quiet: bool = False) -> dict:
    """Run a shared scorer (or converter) script; print its output unless `quiet` and return the figures
    of its last JSON line (with `stdout_to`, a converter: its output goes to that file instead)."""
    cmd = [sys.executable, str(scorers_dir() / script), *map(str, args)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if stdout_to is not None:
        stdout_to.write_text(out, encoding="utf-8")
        return {}
    if not quiet:
        print(out, end="")
    return json.loads(out.strip().splitlines()[-1])


def read_rows(path: Path) -> list[dict]:
    """The rows of a JSONL file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def check_floors(name: str, figures: dict, floors: dict) -> bool:
    """Print each pinned floor against its figure; False when any figure is below its floor."""
    ok = True
    for key, floor in floors.items():
        value = figures.get(key)
        good = value is not None and value >= floor
        ok &= good
        print(f"[{'ok' if good else 'FAIL'}] {name} {key} = {value if value is None else round(value, 4)} (floor {floor})")
    return ok
