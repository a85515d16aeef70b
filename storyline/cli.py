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


# --- the store: ingest, stories, show, export, compare, serve ------------------------------------

def common_options(fn):
    """--db and --config on every command that opens the store."""
    fn = click.option("--db", default=None, help="SQLite store (default: setting 'db', storyline.db).")(fn)
    fn = click.option("--config", "config_file", default=None, help="Settings file (TOML).")(fn)
    return fn


def settings_from(db: str | None, config_file: str | None, **overrides):
    from .config import load_settings
    from .errors import ConfigError

    try:
        return load_settings({"db": db, **overrides}, config_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def open_store(settings, must_exist: bool = False):
    from pathlib import Path

    from .store import Store, StoreError

    if must_exist and not Path(settings.db).is_file():
        raise click.ClickException(f"{settings.db}: no store here yet (run `storyline ingest` first, or pass --db)")
    try:
        return Store(settings.db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def load_aliases(settings, store) -> dict[str, str]:
    """Aliases added in the workbench, then the user's alias file (TSV 'variant<TAB>canonical' or JSON)."""
    from pathlib import Path

    aliases = store.aliases()
    if settings.aliases:
        path = Path(settings.aliases)
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{path}: cannot read alias file ({exc})") from exc
        if path.suffix == ".json":
            try:
                aliases.update({str(k): str(v) for k, v in json.loads(content).items()})
            except (json.JSONDecodeError, AttributeError) as exc:
                raise click.ClickException(f"{path}: alias file must be a JSON object of variant: canonical") from exc
        else:
            for n, line in enumerate(content.splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) != 2:
                    raise click.ClickException(f"{path}:{n}: expected 'variant<TAB>canonical'")
                aliases[parts[0].strip()] = parts[1].strip()
    return aliases


def resolve_story(store, story: str) -> str:
    found = store.find_story(story)
    if not found:
        raise click.ClickException(f"no single story matches {story!r} (see `storyline stories`)")
    return found


def print_table(rows: list[dict], columns: list[str]) -> None:
    widths = {c: min(60, max([len(c)] + [len(str(r.get(c) or "")) for r in rows])) for c in columns}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in columns))
    for r in rows:
        cells = []
        for c in columns:
            value = str(r.get(c) if r.get(c) is not None else "")
            cells.append((value[: widths[c] - 1] + "…" if len(value) > widths[c] else value).ljust(widths[c]))
        click.echo("  ".join(cells).rstrip())


def story_row(story) -> dict:
    return {"id": story.id, "headline": story.headline, "outlets": story.outlets,
            "articles": len(story.article_ids), "first_date": story.first_date, "last_date": story.last_date}


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@common_options
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Print each article once it is stored.")
@click.option("--no-analyze", is_flag=True, help="Skip entities, times, quotes and claims (faster).")
def ingest(inputs, db, config_file, quiet, as_json, verbose, no_analyze) -> None:
    """Read files, folders, feeds, URLs or '-' (stdin) into the store and update its stories."""
    from dataclasses import asdict

    from tqdm import tqdm

    from .pipeline import Pipeline

    settings = settings_from(db, config_file, analyze=False if no_analyze else None)
    store = open_store(settings)
    pipeline = Pipeline(store, settings, load_aliases(settings, store))
    # a progress bar only on a terminal: in a pipe or a log it would leave carriage-return debris
    bar = tqdm(desc="ingest", unit=" articles", disable=quiet or as_json or not sys.stderr.isatty(),
               file=sys.stderr, leave=False)

    def on_reject(err) -> None:
        bar.clear()
        click.echo(f"rejected: {err}", err=True)

    def on_article(article) -> None:
        bar.update(1)
        if verbose:
            bar.clear()
            click.echo(f"stored {article.id} {article.source}", err=True)

    report = pipeline.ingest(list(inputs), on_reject, on_article=on_article,
                             stdin=sys.stdin if "-" in inputs else None)
    bar.close()
    if as_json:
        click.echo(json.dumps(asdict(report), ensure_ascii=False))
    elif not quiet:
        click.echo(f"{report.added} added ({report.copies} copies), {report.unchanged} already stored, "
                   f"{len(report.rejected)} rejected, {report.recleaned} re-cleaned; {report.stories} stories "
                   f"in {settings.db}")
    if report.rejected:
        sys.exit(1)


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stories(db, config_file, as_json) -> None:
    """List stories: id, headline, outlets, article count, first and last date (newest first)."""
    store = open_store(settings_from(db, config_file), must_exist=True)
    rows = [story_row(s) for s in store.stories()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print_table([{**r, "outlets": ", ".join(r["outlets"])} for r in rows],
                ["id", "headline", "outlets", "articles", "first_date", "last_date"])


@main.command()
@click.argument("story")
@common_options
@click.option("--full", is_flag=True, help="Also print each article's cleaned text and what cleaning removed.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(story, db, config_file, full, as_json) -> None:
    """Show a story's articles with outlet, date and headline."""
    from .store import outlet_label

    store = open_store(settings_from(db, config_file), must_exist=True)
    story_id = resolve_story(store, story)
    info = store.story(story_id)
    articles = store.story_articles(story_id, annotations=False)
    if as_json:
        rows = [{"id": a.id, "outlet": a.outlet, "publisher": a.publisher, "date": a.date, "headline": a.headline,
                 "url": a.url, "source": a.source, "copy_of": a.copy_of,
                 **({"text": a.text, "removed": [asdict(r) for r in a.removed]} if full else {})} for a in articles]
        click.echo(json.dumps({**story_row(info), "articles": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{info.headline}\n{story_id} · {len(articles)} articles · {', '.join(info.outlets)} · "
               f"{info.first_date or '?'} – {info.last_date or '?'}\n")
    for a in articles:
        copy = f"  [copy of {a.copy_of}]" if a.copy_of else ""
        click.echo(f"- {a.date or '????-??-??'}  {outlet_label(a.outlet, a.publisher)}: {a.headline}{copy}")
        click.echo(f"  {a.id}  {a.url or a.source}")
        if full:
            click.echo("\n" + "\n".join("    " + line for line in a.text.splitlines()) + "\n")
            for r in a.removed:
                click.echo(f"  removed ({r.reason}): {' '.join(r.text.split())[:200]}")
            click.echo("")


@main.command()
@common_options
@click.argument("story_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json", show_default=True)
@click.option("-o", "--output", "outfile", default="-", help="Output file (default stdout).")
def export(db, config_file, story_ids, fmt, outfile) -> None:
    """Export stories (all, or the given ones) as JSON, CSV or a Markdown brief."""
    from .export import export_stories

    store = open_store(settings_from(db, config_file), must_exist=True)
    ids = [resolve_story(store, s) for s in story_ids] or [s.id for s in store.stories()]
    text = export_stories(store, ids, fmt)
    if outfile == "-":
        click.echo(text, nl=False)
    else:
        with open(outfile, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


@main.command()
@click.argument("story")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as JSON.")
def compare(story, db, config_file, as_json) -> None:
    """Line up what each outlet of a story says: agreement, conflict, only one outlet (with evidence)."""
    from .compare.align import format_claim_table
    from .pipeline import Pipeline

    settings = settings_from(db, config_file)
    store = open_store(settings, must_exist=True)
    story_id = resolve_story(store, story)
    verdicts = Pipeline(store, settings, load_aliases(settings, store)).compare(story_id)
    if as_json:
        click.echo(json.dumps([asdict(v) for v in verdicts], ensure_ascii=False, indent=2))
        return
    outlets = []
    for a in store.story_articles(story_id, annotations=False):
        if not a.copy_of and (a.outlet or a.publisher) not in outlets:
            outlets.append(a.outlet or a.publisher)
    click.echo(format_claim_table(verdicts, outlets))


@main.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", default=None, envvar="STORYLINE_TOKEN", help="Require this bearer token for write actions.")
def serve(db, config_file, host, port, token) -> None:
    """Serve the web workbench and the JSON API over the store."""
    from .web.server import serve as run_server

    settings = settings_from(db, config_file)
    open_store(settings).close()  # creates and migrates the store if needed
    run_server(settings.db, host, port, token)


@main.command(name="settings")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def show_settings(as_json: bool) -> None:
    """List the settings with their defaults (set them in storyline.toml, STORYLINE_<NAME> or flags)."""
    from .config import Settings

    if as_json:
        click.echo(json.dumps([{"name": n, "default": d, "help": h} for n, d, h in Settings.describe()], indent=2))
        return
    for name, default, help_text in Settings.describe():
        click.echo(f"{name:14} {default!r:22} {help_text}")


# --- analysis steps: JSONL in, JSONL out (contracts in the benchmark README) ---------------------


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def cluster(infile: str, outfile: str) -> None:
    """Group articles into stories: rows {id, text, title?, date?, source?, url?} -> {id, story}."""
    from .errors import Rejected
    from .link.stories import cluster_rows

    try:
        write_jsonl(({"id": i, "story": s} for i, s in cluster_rows(read_jsonl(infile))), outfile)
    except Rejected as exc:
        raise click.ClickException(f"{infile}: {exc}") from exc


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
def times(infile: str, outfile: str) -> None:
    """Find and normalize time expressions: rows {id, text, date, timezone?} -> {id, times: [...]}."""
    from .analyze.times import tag_times

    def rows():
        for r in read_jsonl(infile):
            found = tag_times(r.get("text") or "", r.get("date"), r.get("timezone") or r.get("tz"))
            yield {"id": r["id"], "times": [asdict(t) for t in found]}

    write_jsonl(rows(), outfile)


@main.command()
@click.argument("infile")
@click.option("-o", "--output", "outfile", default="-", help="Output JSONL (default stdout).")
@click.option("--processes", type=int, default=0, show_default=True,
              help="Worker processes for parsing; 0 picks one per core for large inputs.")
def quotes(infile: str, outfile: str, processes: int) -> None:
    """Extract quotes and attributions: rows {id, text} -> {id, quotes: [...]}."""
    import os

    from .analyze.quotes import extract_quotes

    rows = list(read_jsonl(infile))
    if processes <= 0:  # forking pays off only when there is enough to parse
        processes = min(2, os.cpu_count() or 1) if len(rows) >= 64 else 1
    found = extract_quotes((r.get("text") or "" for r in rows), n_process=processes)
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
