"""Quotes and attributions on PolNeAR: scorer figures and articles per second.

usage: python bench/bench_quotes.py [--train] [--check]

Builds the input with the shared converter, runs `storyline quotes` in a fresh process, scores it
with the shared scorer and prints its JSON line and the speed. Speed is the whole command (model
load included) per CPU second of its one process, so that other jobs on the machine do not change
it; the wall-clock figure is printed too. With --check
(on dev) the figures are compared with FLOORS and the script exits 1 when one is below.

A split folder whose annotation file the shared reader cannot parse (one train file has a line
break inside an annotated text) is run without that document, through a folder of links in a
temporary directory; the script says which documents it left out.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

# pinned a little below the dev figures measured on 2026-11-22
FLOORS = {
    "direct_content_f1": 0.93,  # measured 0.946
    "direct_speaker_f1": 0.83,  # measured 0.852
    "all_content_f1": 0.77,  # measured 0.788
    "articles_per_s": 8.0,  # measured 14-15 per CPU second of the whole command (start-up included)
}


def readable_split(split: Path, workdir: Path) -> tuple[Path, list[str]]:
    """The split itself, or a folder of links to it without the documents the shared reader fails on."""
    sys.path.insert(0, str(benchlib.scorers_dir()))
    from polnear import read_ann  # the shared reader: what the scorer will use

    bad = []
    for ann in sorted((split / "attributions").glob("*.ann")):
        try:
            read_ann(str(ann))
        except (IndexError, ValueError, KeyError):
            bad.append(ann.name.rsplit("_", 1)[0])
    if not bad:
        return split, []
    copy = workdir / split.name
    for sub in ("text", "attributions"):
        (copy / sub).mkdir(parents=True)
        for f in (split / sub).iterdir():
            if not any(f.name.startswith(b + ("." if sub == "text" else "_")) for b in bad):
                os.symlink(f, copy / sub / f.name)
    return copy, bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="run on the train split instead of dev")
    parser.add_argument("--check", action="store_true", help="compare with the pinned floors (dev only)")
    args = parser.parse_args()
    split = benchlib.data_dir() / "polnear" / ("train" if args.train else "dev")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        split, skipped = readable_split(split, work)
        if skipped:
            print(f"left out {len(skipped)} document(s) the shared reader cannot parse: {', '.join(skipped)}")
        inp, out = work / "in.jsonl", work / "out.jsonl"
        benchlib.run_scorer("polnear_to_jsonl.py", split, stdout_to=inp)
        n_docs = sum(1 for line in inp.open(encoding="utf-8") if line.strip())
        seconds, cpu = benchlib.run_storyline_cpu("quotes", inp, out)
        figures = benchlib.run_scorer("score_quotes.py", split, out)
        empty_in, empty_out = work / "empty.jsonl", work / "empty.out.jsonl"
        empty_in.write_text('{"id": "empty", "text": "Nothing is quoted here."}\n', encoding="utf-8")
        _, startup = benchlib.run_storyline_cpu("quotes", empty_in, empty_out)  # start-up: imports, model load
    figures["articles_per_s"] = n_docs / cpu
    figures["articles_per_s_after_startup"] = n_docs / max(cpu - startup, 1e-6)
    print(f"speed: {n_docs} articles in {cpu:.1f} s of CPU = {figures['articles_per_s']:.1f} articles/s per process "
          f"(whole command, model load included; wall {seconds:.1f} s = {n_docs / seconds:.1f} articles/s "
          f"on a machine shared with other jobs)")
    print(f"start-up (imports, model load) {startup:.1f} s of CPU; after it "
          f"{figures['articles_per_s_after_startup']:.1f} articles/s per process")
    if args.check:
        if args.train:
            print("--check applies to dev only")
            return 2
        return 0 if benchlib.check_floors("quotes", figures, FLOORS) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
