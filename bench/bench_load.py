"""Load check for the web workbench: a store of 10,000 synthetic articles (about 2,500 stories, some
with verdicts), uvicorn on 127.0.0.1 in a subprocess, and 50 concurrent clients for 30 s against
story pages, the stories list, article pages and the API. Prints one JSON line with p50/p95 latency
and error counts per kind of page.

    .venv/bin/python bench/bench_load.py [--articles 10000] [--clients 50] [--seconds 30] [--keep DIR]

Target: story pages p95 under 200 ms, no errors. The mixed run's clients are Python (httpx) and on
2 cores take as much CPU as the server, which inflates every latency; so story pages are also
measured with wrk (Debian package wrk, a C load generator), 50 connections for the same time after
a 5 s warm-up, reported as `wrk_story_pages`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from storyline.model import Article, Entity, Quote, Removed, TimeExpr  # noqa: E402
from storyline.store import Store  # noqa: E402

FIRST = ["Ana", "Boris", "Chen", "Dana", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Malik",
         "Nora", "Omar", "Petra", "Quinn", "Rosa", "Samir", "Tove", "Umar", "Vera", "Wim", "Yara", "Zoran"]
LAST = ["Adler", "Berg", "Costa", "Dahl", "Eker", "Fonseca", "Gruber", "Haddad", "Ivanov", "Jensen", "Kowalski",
        "Lind", "Moreau", "Novak", "Okafor", "Park", "Quist", "Rahman", "Silva", "Tanaka", "Ueda", "Varga", "Weber"]
PLACES = ["Velmar", "Karsby", "Ostrava", "Pellamar", "Tirsa", "Dunmore", "Arvik", "Brelin", "Caldera", "Moravia",
          "Sundby", "Kelso", "Lorient", "Hvidby", "Zarek", "Talvik"]
OUTLETS = ["Coastal Herald", "Velmar Daily", "Nordic Wire", "Karsby Post", "Evening Ledger", "Morning Star",
           "Harbor Times", "Civic Chronicle", "Pellamar Post", "Valley Courier", "The Observer Desk", "Metro Bulletin"]
TOPICS = ["the harbour", "the new bridge", "the water tariffs", "the rail line", "the school budget", "the port strike",
          "the border crossing", "the power plant", "the election count", "the fishing quota"]
ROLES = ["minister", "mayor", "spokesperson", "director", "engineer", "official", "envoy", "union leader"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Builder:
    """Appends sentences to a text while recording entity, time and quote offsets."""

    def __init__(self) -> None:
        self.text = ""
        self.entities: list[Entity] = []
        self.times: list[TimeExpr] = []
        self.quotes: list[Quote] = []

    def add(self, *parts: object) -> None:
        """Parts are plain strings or (kind, text, extra) tuples to annotate."""
        for part in parts:
            if isinstance(part, str):
                self.text += part
                continue
            kind, piece, extra = part
            start = len(self.text)
            self.text += piece
            end = len(self.text)
            if kind == "time":
                self.times.append(TimeExpr(start, end, piece, "DATE", extra))
            elif kind == "quote":
                self.quotes.append(Quote(start, end, True, extra))
            else:
                self.entities.append(Entity(start, end, piece, kind, piece, extra))


def synthetic_article(i: int, story: int, rng: random.Random) -> Article:
    """One synthetic article of a story: names, places, dates and quotes vary with the story and outlet."""
    srng = random.Random(story)
    day = 1 + story % 700
    year, doy = 2024 + day // 365, day % 365
    month, mday = 1 + doy // 31, 1 + doy % 28
    date = f"{year}-{month:02d}-{mday:02d}"
    people = [f"{srng.choice(FIRST)} {srng.choice(LAST)}" for _ in range(3)]
    place, topic = srng.choice(PLACES), srng.choice(TOPICS)
    outlet = OUTLETS[(story * 7 + i) % len(OUTLETS)]
    b = Builder()
    b.add(("PERSON", people[0], srng.choice(ROLES)), " said on ", ("time", WEEKDAYS[mday % 7], date),
          f" that {topic} in ", ("GPE", place, None), f" would {'not ' if i % 2 else ''}be ready by ",
          ("time", f"{month}/{min(mday + 10, 28)}", f"{year}-{month:02d}-{min(mday + 10, 28):02d}"), ".\n\n")
    for k in range(rng.randint(6, 10)):
        who = people[k % 3]
        b.add("According to ", ("ORG", f"the {place} council", None), ", ", ("PERSON", who, srng.choice(ROLES)),
              f" met residents about {topic} for the {k + 1}th time this year, and the talks went on late. ")
        if k % 3 == 0:
            b.add('"', ("quote", f"We will not accept delays on {topic}, not this time", who), ',"',
                  f" {who.split()[1]} said.")
        b.add("\n\n")
    title = f"{people[0]}: {topic} in {place} {'delayed' if i % 2 else 'on track'} ({outlet})"
    return Article(id=f"a{i:06d}", text=b.text, source=f"synthetic/{i}", title=title, date=date, outlet=outlet,
                   url=f"https://example.org/{i}", removed=[Removed(f"Subscribe to {outlet}", "promo")],
                   entities=b.entities, times=b.times, quotes=b.quotes)


def verdicts_for(story: int) -> list[dict]:
    a, b = OUTLETS[(story * 7) % len(OUTLETS)], OUTLETS[(story * 7 + 1) % len(OUTLETS)]
    return [{"claim": f"The work will be ready on time (story {story})", "verdict": "conflict",
             "support": {a: ["It would be ready by the date."]}, "contradict": {b: ["It would not be ready."]},
             "silent": []},
            {"claim": "Residents met the council", "verdict": "agree",
             "support": {a: ["They met residents."], b: ["They met residents again."]}, "contradict": {}, "silent": []}]


def build(path: Path, articles: int, per_story: int = 4) -> tuple[list[str], list[str]]:
    """Write the synthetic store; return (story ids, article ids)."""
    rng = random.Random(7)
    store = Store(path)
    assignment: dict[str, str] = {}
    for i in range(articles):
        story = i // per_story
        a = synthetic_article(i, story, rng)
        store.add_article(a, raw=a.text, raw_hash=f"raw{i}", signature=None, paragraph_keys=[])
        assignment[a.id] = f"s{story:05d}"
    store.assign_stories(assignment)
    stories = sorted(set(assignment.values()))
    for n, sid in enumerate(stories):
        if n % 2 == 0:
            store.set_verdicts(sid, verdicts_for(n))
    store.close()
    return stories, list(assignment)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, cache: int, workers: int) -> subprocess.Popen:
    code = (f"from storyline.web.server import serve; serve({str(db)!r}, '127.0.0.1', {port}, cache_size={cache},"
            f" workers={workers})")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit("server exited during start")
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process and its live children have used, from /proc (0 without it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = [int(c) for f in Path(f"/proc/{pid}/task").glob("*/children") for c in f.read_text().split()]
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(process_cpu(c) for c in children)


def pick(rng: random.Random, stories: list[str], articles: list[str]) -> tuple[str, str]:
    """A (kind, path) drawn with the mix an analyst session has: mostly story pages."""
    r = rng.random()
    if r < 0.45:
        return "story_page", f"/stories/{rng.choice(stories)}"
    if r < 0.60:
        return "stories_list", rng.choice(["/", f"/?page={rng.randint(1, 50)}", f"/?outlet={rng.choice(OUTLETS)}",
                                           f"/?date_from=2025-0{rng.randint(1, 9)}-01"])
    if r < 0.80:
        return "api_story", f"/api/stories/{rng.choice(stories)}"
    if r < 0.90:
        return "api_stories", f"/api/stories?page={rng.randint(1, 50)}"
    return "article_page", f"/articles/{rng.choice(articles)}"


async def client(base: str, until: float, seed: int, stories: list[str], articles: list[str],
                 samples: dict[str, list[float]], errors: dict[str, int]) -> None:
    """One analyst: a keep-alive connection of its own, one request after another until `until`."""
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0, trust_env=False) as http:
        while time.monotonic() < until:
            kind, path = pick(rng, stories, articles)
            t0 = time.perf_counter()
            try:
                r = await http.get(path)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            samples.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1


async def run_load(base: str, clients: int, seconds: float, stories: list[str], articles: list[str]) -> dict:
    """`clients` concurrent clients for `seconds`; latency percentiles and errors per kind of page."""
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    until = time.monotonic() + seconds
    await asyncio.wait_for(asyncio.gather(*(client(base, until, n, stories, articles, samples, errors)
                                            for n in range(clients))), timeout=seconds + 60)
    return {kind: {"requests": len(v), "p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1),
                   "errors": errors.get(kind, 0)} for kind, v in sorted(samples.items())}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def run(coro):  # noqa: ANN001, ANN201
    """asyncio.run, on uvloop when it is installed (it halves the clients' own CPU use)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


WRK_SCRIPT = """
paths = {%s}
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK {\\"requests\\": %%d, \\"p50_ms\\": %%.1f, \\"p95_ms\\": %%.1f, \\"p99_ms\\": %%.1f, " ..
    "\\"errors\\": %%d}\\n", summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(base: str, paths: list[str], clients: int, seconds: float, folder: Path) -> dict | None:
    """Story pages under `clients` connections from wrk (a C load generator that leaves the CPU to the
    server), after a short warm-up; None when wrk is not installed (Debian package wrk)."""
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    script = folder / "story_pages.lua"
    script.write_text(WRK_SCRIPT % ",".join(json.dumps(p) for p in paths), encoding="utf-8")
    common = [wrk, "-t1", f"-c{clients}", "--timeout", "10s", "-s", str(script), base + "/"]
    subprocess.run(common[:1] + ["-d5s"] + common[1:], capture_output=True, timeout=60)  # warm-up
    out = subprocess.run(common[:1] + [f"-d{int(seconds)}s"] + common[1:], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("WRK ")), None)
    return json.loads(line[4:]) if line else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cache", type=int, default=2000, help="pages the server keeps between commits (0: none)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--keep", help="build (or reuse) the store in this folder instead of a temp dir")
    args = parser.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        result = measure(Path(args.keep) / "load.db", args)
    else:
        with tempfile.TemporaryDirectory(prefix="storyline-load-") as folder:
            result = measure(Path(folder) / "load.db", args)
    print(json.dumps(result))


def measure(db: Path, args: argparse.Namespace) -> dict:
    """Build (or reuse) the store, serve it, run the clients; the figures as a dict."""
    t0 = time.monotonic()
    if db.exists():
        store = Store(db)
        stories = [r[0] for r in store.conn.execute("SELECT id FROM stories")]
        articles = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        store.close()
    else:
        stories, articles = build(db, args.articles)
    built = time.monotonic() - t0
    port = free_port()
    server = start_server(db, port, args.cache, args.workers)
    load_before = os.getloadavg()[0]
    server_cpu, client_cpu = process_cpu(server.pid), time.process_time()
    try:
        kinds = run(run_load(f"http://127.0.0.1:{port}", args.clients, args.seconds, stories, articles))
        server_cpu, client_cpu = process_cpu(server.pid) - server_cpu, time.process_time() - client_cpu
        wrk = run_wrk(f"http://127.0.0.1:{port}", [f"/stories/{s}" for s in stories], args.clients, args.seconds,
                      db.parent)
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = sum(k["requests"] for k in kinds.values())
    story = kinds.get("story_page", {})
    return {"bench": "web_load", "articles": len(articles), "stories": len(stories), "clients": args.clients,
            "seconds": args.seconds, "page_cache": args.cache, "workers": args.workers, "build_s": round(built, 1),
            "cpus": os.cpu_count(), "loadavg_before": round(load_before, 2),
            "loadavg_after": round(os.getloadavg()[0], 2), "server_cpu_s": round(server_cpu, 1),
            "client_cpu_s": round(client_cpu, 1), "requests": total, "rps": round(total / args.seconds, 1),
            "errors": sum(k["errors"] for k in kinds.values()),
            "story_page_p95_ok": bool(story) and story["p95_ms"] < 200 and story["errors"] == 0, "kinds": kinds,
            "wrk_story_pages": wrk,
            "wrk_story_page_p95_ok": bool(wrk) and wrk["p95_ms"] < 200 and wrk["errors"] == 0}


if __name__ == "__main__":
    main()
