"""Thin command-line front end: each command parses options and calls the library."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Iterable, Iterator

import click


def read_jsonl(path: str) -> Iterator[dict]:
    """Rows of a JSONL file ('-' for stdin); a bad line is a one-line error naming file and line."""
    fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{n}: not valid JSON ({exc.msg})") from exc


def write_jsonl(rows: Iterable[dict], path: str) -> int:
    fh = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
    n = 0
    try:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    return n


@click.group()
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: group news from many outlets into stories and compare what each outlet says."""


# --- analysis steps: JSONL in, JSONL out (contracts in the benchmark README) ---------------------


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def cluster(infile: str, outfile: str) -> None:
    """Group articles into stories: rows {id, text, title?, date?, source?, url?} -> {id, story}."""
    from .link.stories import cluster_rows

    write_jsonl(({"id": i, "story": s} for i, s in cluster_rows(read_jsonl(infile))), outfile)


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def times(infile: str, outfile: str) -> None:
    """Find and normalize time expressions: rows {id, text, date} -> {id, times: [...]}."""
    from .analyze.times import tag_times

    def rows():
        for r in read_jsonl(infile):
            found = tag_times(r.get("text") or "", r.get("date"))
            yield {"id": r["id"], "times": [asdict(t) for t in found]}

    write_jsonl(rows(), outfile)


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def quotes(infile: str, outfile: str) -> None:
    """Extract quotes and attributions: rows {id, text} -> {id, quotes: [...]}."""
    from .analyze.quotes import extract_quotes

    rows = list(read_jsonl(infile))
    found = extract_quotes(r.get("text") or "" for r in rows)
    write_jsonl(({"id": r["id"], "quotes": [asdict(q) for q in qs]} for r, qs in zip(rows, found)), outfile)


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def stance(infile: str, outfile: str) -> None:
    """Stance of a body towards a headline: rows {id, headline, body} -> {id, stance}."""
    from .compare.stance import load_model

    rows = list(read_jsonl(infile))
    labels = load_model().predict([(r.get("headline") or "", r.get("body") or "") for r in rows])
    write_jsonl(({"id": r["id"], "stance": s} for r, s in zip(rows, labels)), outfile)


if __name__ == "__main__":
    main()
