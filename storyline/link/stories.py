"""Online story clustering: each arriving article joins the story it best continues, or opens one.

An article is compared with the stories that share its most telling features (an inverted index,
so the cost does not grow with the number of stories). The comparison is a small logistic model
(fitted on ECB+ train by bench/tune_cluster.py) over IDF cosines of what the article is about
(words), who and where (capitalised names), when (dates written in the text), numbers and headline,
whether the names it is mostly about are in the story and the other way round, conflicting years,
and its closest recent article in the story; publication dates, when known, add or take evidence.
IDF is learned online. Stories whose last article is older than the time window go dormant: they
leave the index and can only be woken by an article that continues them clearly. Syndicated copies
(`copy_of`, the same URL, or near-identical text) join the story of their original.
"""

from __future__ import annotations

import gc
import math
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from sys import intern
from typing import Iterable, Iterator

from ..errors import Rejected
from .features import extract, sublinear

# Feature kind by the first two characters of a feature key ("e1:" names parts, "e:" name phrases).
GROUPS = {"h:": "title", "w:": "text", "e:": "names", "e1": "names", "t:": "when", "n:": "numbers"}
KINDS = ("text", "names", "when", "numbers", "title")
FEATURE_NAMES = (
    "text_cos", "names_cos", "when_cos", "numbers_cos", "title_cos", "both_dated",
    "top_names_in_story", "story_top_names_in_doc", "year_conflict", "log_size", "best_member_cos",
    "top_name_in_story", "story_top_name_in_doc",
)


@dataclass(frozen=True)
class Settings:
    """Thresholds and budgets of the clusterer; one set for every corpus."""

    # Logistic model over FEATURE_NAMES (fitted on ECB+ train by bench/tune_cluster.py): intercept first.
    coefficients: tuple[float, ...] = (
        -4.778, 1.26, 3.404, 4.017, 2.731, 0.163, -0.672, 1.153, 1.449, -1.274, -0.507, 2.552, 0.149, 1.152,
    )
    threshold: float = -0.5  # join the best story when its score (log-odds) is at or above this (best on train)
    wake_threshold: float = 2.0  # a dormant story needs a clearer match
    # Reports of one event are published within a few days of each other: publication dates further
    # apart than date_scale_days lower the score by date_penalty per date_scale_days (log-odds), so
    # that a development a week later (2.7) needs clearly more shared who/what than one the next day.
    date_scale_days: float = 3.0
    date_penalty: float = 2.0
    date_bonus: float = 1.0  # log-odds added when publication dates are within a day
    # IDF as if this many more articles had been seen without the feature: early in a stream (or in a
    # small collection) a feature shared by the first few articles is not yet taken as common.
    idf_prior_docs: int = 100
    top_names: int = 5  # the names an article or story is mostly about
    members: int = 5  # recent articles kept per story for article-to-article similarity
    member_size: int = 150  # features kept per remembered article
    window_days: float = 7.0  # a story with no article for this long goes dormant
    window_docs: int = 20000  # without dates: dormant after this many articles elsewhere
    query_keys: int = 30  # an article looks up stories by its this-many heaviest features
    story_keys: int = 60  # a story is indexed under its this-many heaviest features
    centroid_size: int = 400  # features kept per story
    candidates: int = 10  # stories (most shared key weight first) scored in full per article
    max_posting: int = 300  # index keys shared by more stories than this are not looked up
    sweep_every: int = 256  # articles between two sweeps of the window
    max_dormant: int = 50000  # dormant stories kept for waking (oldest forgotten first)
    dormant_size: int = 100  # features kept per dormant story
    # Above this many distinct features the rarest are forgotten (seen once, then twice, ...) down to
    # three quarters of it: their IDF barely moves, and a document-frequency table that grows with the
    # stream made every look-up dearer (100k articles cost 18% more per article than 10k).
    max_features: int = 200000
    max_remembered: int = 1000000  # ids, URLs and sketches remembered for copies
    copy_share: float = 0.5  # share of the text sketch that marks a near-identical copy


def _day(value: str | None) -> int | None:
    """Days since 1970 of an ISO date (time part ignored); None when absent or not a date."""
    if not value:
        return None
    try:
        return (Date.fromisoformat(value[:10]) - Date(1970, 1, 1)).days
    except ValueError:
        return None


class _Story:
    __slots__ = ("id", "centroid", "size", "first_day", "last_day", "last_seen", "keys", "norms", "norm_at",
                 "names", "years", "members")

    def __init__(self, story_id: str, seen: int):
        self.id = story_id
        self.centroid: dict[str, float] = {}
        self.size = 0
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.last_seen = seen
        self.keys: tuple[str, ...] = ()
        self.norms: dict[str, float] = {}
        self.norm_at = -1
        self.names: tuple[str, ...] = ()
        self.years: frozenset[str] = frozenset()
        self.members: list[dict[str, float]] = []  # IDF-weighted unit vectors of recent articles


@dataclass
class _Prepared:
    """An article as the clusterer sees it."""

    vec: dict[str, float]
    norms: dict[str, float]
    names: tuple[str, ...]
    years: frozenset[str]
    day: int | None
    sketch: tuple[int, ...]
    weighted: dict[str, float]  # IDF-weighted unit vector (heaviest features), for article-to-article cosines
    items: list[tuple[str, float, str]]  # (feature, value * idf^2, kind) for dot products with centroids
    idf: dict[str, float]
    query_keys: tuple[str, ...]  # heaviest features, to look stories up by


def _years(vec: dict[str, float]) -> frozenset[str]:
    return frozenset(k for k in vec if k.startswith("t:y:"))


def _story_state(story: _Story) -> list:
    return [story.id, story.centroid, story.size, story.first_day, story.last_day, story.last_seen, story.keys,
            story.norms, story.norm_at, story.names, sorted(story.years), story.members]


def _story_from(row: list) -> _Story:
    story = _Story(row[0], row[5])
    story.centroid = {intern(k): v for k, v in row[1].items()}
    story.size, story.first_day, story.last_day = row[2], row[3], row[4]
    story.keys = tuple(intern(k) for k in row[6])
    story.norms, story.norm_at = row[7], row[8]
    story.names = tuple(intern(k) for k in row[9])
    story.years = frozenset(intern(k) for k in row[10])
    story.members = [{intern(k): v for k, v in member.items()} for member in row[11]]
    return story


def _share(keys: tuple[str, ...], other: dict[str, float], idf) -> float:
    """IDF-weighted share of `keys` present in `other`."""
    total = found = 0.0
    for key in keys:
        w = idf(key)
        total += w
        if key in other:
            found += w
    return found / total if total else 0.0


class StoryClusterer:
    """Online engine: `add` an article, get the id of its story (the id of the story's first article)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.n_docs = 0
        self.df: dict[str, int] = {}
        self.ldf: dict[str, float] = {}  # log(df + 1), kept beside df for speed
        self._log_n1 = 0.0
        self.active: dict[str, _Story] = {}
        self.index: dict[str, set[str]] = {}
        self.dormant: OrderedDict[str, _Story] = OrderedDict()
        self.dormant_index: dict[str, set[str]] = {}
        self.doc_story: OrderedDict[str, str] = OrderedDict()
        self.url_story: OrderedDict[str, str] = OrderedDict()
        self.sketch_story: OrderedDict[int, str] = OrderedDict()
        self.clock_day: int | None = None
        self._since_sweep = 0

    # --- state: a store's clustering continues where it stopped ---------------------------------

    def state(self) -> dict:
        """What the stream has learned, as JSON-able data; `from_state` continues from it exactly as
        if the articles were replayed (ingest then clusters only the new articles)."""
        return {
            "n_docs": self.n_docs, "df": self.df, "clock_day": self.clock_day, "since_sweep": self._since_sweep,
            "active": [_story_state(s) for s in self.active.values()],
            "dormant": [_story_state(s) for s in self.dormant.values()],
            "doc_story": list(self.doc_story.items()), "url_story": list(self.url_story.items()),
            "sketch_story": list(self.sketch_story.items()),
        }

    @classmethod
    def from_state(cls, state: dict, settings: Settings | None = None) -> "StoryClusterer":
        engine = cls(settings=settings)
        engine.n_docs = state["n_docs"]
        engine.df = {intern(k): n for k, n in state["df"].items()}
        engine.ldf = {k: math.log(n + 1) for k, n in engine.df.items()}
        if engine.n_docs:
            engine._log_n1 = math.log(engine.n_docs + engine.settings.idf_prior_docs + 1)
        engine.clock_day, engine._since_sweep = state["clock_day"], state["since_sweep"]
        for row in state["active"]:
            story = engine.active[row[0]] = _story_from(row)
            engine._index(story, engine.index)
        for row in state["dormant"]:
            story = engine.dormant[row[0]] = _story_from(row)
            engine._index(story, engine.dormant_index, names_only=True)
        engine.doc_story.update(state["doc_story"])
        engine.url_story.update(state["url_story"])
        engine.sketch_story.update((int(h), sid) for h, sid in state["sketch_story"])
        return engine

    # --- weights ------------------------------------------------------------------------------

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency, learned from the articles seen so far."""
        return self._log_n1 - self.ldf.get(key, 0.0) + 1.0

    def _norms(self, vec: dict[str, float]) -> dict[str, float]:
        sums: dict[str, float] = {}
        log_n1, ldf = self._log_n1 + 1.0, self.ldf
        for key, value in vec.items():
            group = GROUPS[key[:2]]
            w = value * (log_n1 - ldf.get(key, 0.0))
            sums[group] = sums.get(group, 0.0) + w * w
        return {g: math.sqrt(s) for g, s in sums.items()}

    def _by_weight(self, vec: dict[str, float]) -> list[str]:
        """The keys of a feature vector (a story's centroid), heaviest (value times IDF) first."""
        log_n1, ldf = self._log_n1 + 1.0, self.ldf
        return sorted(vec, key=lambda k: vec[k] * (log_n1 - ldf.get(k, 0.0)), reverse=True)

    def _top_names(self, ranked: list[str]) -> tuple[str, ...]:
        """The first `top_names` name parts in `ranked` (features heaviest first)."""
        return tuple([k for k in ranked if k.startswith("e1:")][: self.settings.top_names])

    def _story_norms(self, story: _Story) -> dict[str, float]:
        if story.norm_at < 0 or self.n_docs > story.norm_at * 1.05 + 5:
            story.norms = self._norms(story.centroid)
            story.norm_at = self.n_docs
        return story.norms

    def pair_features(self, art: "_Prepared", story: _Story) -> list[float]:
        """Evidence that an article continues a story, in the order of FEATURE_NAMES."""
        dots = dict.fromkeys(KINDS, 0.0)
        centroid = story.centroid
        get = centroid.get
        for key, value, group in art.items:
            other = get(key)
            if other is not None:
                dots[group] += value * other
        snorms = self._story_norms(story)
        norms = art.norms
        cosines = []
        for group in KINDS:
            denom = norms.get(group, 0.0) * snorms.get(group, 0.0)
            cosines.append(dots[group] / denom if denom > 0.0 else 0.0)
        both_dated = float("when" in norms and "when" in snorms)
        names_in_story = _share(art.names, centroid, art.idf.__getitem__)
        story_names_in_doc = _share(story.names, art.vec, self.idf)
        year_conflict = float(bool(art.years) and bool(story.years) and not (art.years & story.years))
        best_member = 0.0
        weighted = art.weighted
        wget = weighted.get
        for member in story.members:
            if len(member) < len(weighted):
                dot = sum([v * wget(k, 0.0) for k, v in member.items()])
            else:
                mget = member.get
                dot = sum([v * mget(k, 0.0) for k, v in weighted.items()])
            if dot > best_member:
                best_member = dot
        top_in_story = float(bool(art.names) and art.names[0] in centroid)
        story_top_in_doc = float(bool(story.names) and story.names[0] in art.vec)
        return [*cosines, both_dated, names_in_story, story_names_in_doc, year_conflict,
                math.log(story.size) if story.size else 0.0, best_member, top_in_story, story_top_in_doc]

    def scores(self, art: "_Prepared", stories: list[_Story], dated: bool = True) -> list[float]:
        """Log-odds that the article belongs to each story (logistic model, minus a date-gap penalty
        unless `dated` is False, as when waking a dormant story, which is old by definition)."""
        coef = self.settings.coefficients
        return [
            coef[0] + sum(c * v for c, v in zip(coef[1:], self.pair_features(art, story)))
            - (self._date_factor(story, art.day) if dated else 0.0)
            for story in stories
        ]

    # --- the stream ---------------------------------------------------------------------------

    def prepare(self, text: str, title: str | None = None, date: str | None = None) -> "_Prepared":
        """Features of an article, counted into the online document frequencies."""
        feats = extract(text or "", title)
        # one string object per feature for the whole stream: stories, members, indexes and the
        # frequency table share it instead of each keeping the copy of the article it came from
        counts = {intern(k): v for k, v in feats.counts.items()}
        self.n_docs += 1
        self._log_n1 = math.log(self.n_docs + self.settings.idf_prior_docs + 1)
        df, ldf = self.df, self.ldf
        for key in counts:
            n = df[key] = df.get(key, 0) + 1
            ldf[key] = math.log(n + 1)
        vec = sublinear(counts)
        length = math.sqrt(sum([v * v for v in vec.values()])) or 1.0
        log_n1 = self._log_n1 + 1.0
        idf = {k: log_n1 - ldf[k] for k in vec}
        vec = {k: v / length for k, v in vec.items()}
        items = [(k, v * idf[k] * idf[k], GROUPS[k[:2]]) for k, v in vec.items()]
        weighted = {k: v * idf[k] for k, v in vec.items()}
        ranked = sorted(weighted, key=weighted.__getitem__, reverse=True)
        norm = math.sqrt(sum([w * w for w in weighted.values()])) or 1.0
        member = {k: weighted[k] / norm for k in ranked[: self.settings.member_size]}
        return _Prepared(vec, self._norms(vec), self._top_names(ranked), _years(vec), _day(date), feats.sketch, member,
                         items, idf, tuple(ranked[: self.settings.query_keys]))

    def add(
        self,
        doc_id: str,
        text: str,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        url: str | None = None,
        copy_of: str | None = None,
    ) -> str:
        """Place one article: return the id of the story it joins (or opens, named after it)."""
        art = self.prepare(text, title, date)
        if art.day is not None and (self.clock_day is None or art.day > self.clock_day):
            self.clock_day = art.day

        story = self._known_copy(doc_id, copy_of, url, art.sketch)
        if story is None:
            story = self._best_story(art)
        if story is None:
            story = _Story(doc_id, self.n_docs)
            self.active[doc_id] = story
        elif story.id in self.dormant:
            self._wake(story)
        self._absorb(story, art)
        self._remember(doc_id, url, art.sketch, story.id)
        self._since_sweep += 1
        if self._since_sweep >= self.settings.sweep_every:
            self._sweep()
        return story.id

    def _story(self, story_id: str | None) -> _Story | None:
        if story_id is None:
            return None
        return self.active.get(story_id) or self.dormant.get(story_id)

    def _known_copy(self, doc_id: str, copy_of: str | None, url: str | None, sketch: tuple[int, ...]) -> _Story | None:
        """The story of the original when this article is a copy or an update of a known one."""
        for story_id in (self.doc_story.get(doc_id), copy_of and self.doc_story.get(copy_of), url and self.url_story.get(url)):
            story = self._story(story_id)
            if story is not None:
                return story
        if sketch:
            hits: dict[str, int] = {}
            for h in sketch:
                sid = self.sketch_story.get(h)
                if sid is not None:
                    hits[sid] = hits.get(sid, 0) + 1
            if hits:
                sid, n = max(hits.items(), key=lambda kv: kv[1])
                if n >= max(2, self.settings.copy_share * len(sketch)):
                    return self._story(sid)
        return None

    def _candidates(self, keys: list[str], index: dict[str, set[str]], pool: dict[str, _Story]) -> list[_Story]:
        votes: dict[str, float] = {}
        cap = self.settings.max_posting
        for key in keys:
            posting = index.get(key)
            if posting and len(posting) <= cap:  # a key shared by very many stories tells nothing
                w = self.idf(key)
                for sid in posting:
                    votes[sid] = votes.get(sid, 0.0) + w
        # ties go to the smaller story id: postings are sets, whose order changes with string hashing (PYTHONHASHSEED)
        best = sorted(votes, key=lambda sid: (-votes[sid], sid))[: self.settings.candidates]
        return [pool[sid] for sid in best]

    def _date_factor(self, story: _Story, day: int | None) -> float:
        """Log-odds taken off when the article's publication date lies outside the story's dates
        (added when it lies within a day of them: reports of one event cluster in time)."""
        if day is None or story.first_day is None:
            return 0.0
        gap = max(0, story.first_day - day, day - story.last_day)
        if gap <= 1:
            return -self.settings.date_bonus
        return self.settings.date_penalty * max(0.0, gap - self.settings.date_scale_days) / self.settings.date_scale_days

    def _best_story(self, art: "_Prepared") -> _Story | None:
        """The active story the article continues best, else a dormant one it clearly continues, else None."""
        keys = art.query_keys
        stories = self._candidates(keys, self.index, self.active)
        ranked = sorted(zip(self.scores(art, stories), range(len(stories))), reverse=True)
        if ranked and ranked[0][0] >= self.settings.threshold:
            return stories[ranked[0][1]]
        if self.dormant_index:
            stories = self._candidates(keys, self.dormant_index, self.dormant)
            ranked = sorted(zip(self.scores(art, stories, dated=False), range(len(stories))), reverse=True)
            if ranked and ranked[0][0] >= self.settings.wake_threshold:
                return stories[ranked[0][1]]
        return None

    def _absorb(self, story: _Story, art: "_Prepared") -> None:
        """Add an article's vector to its story, re-trim the centroid and re-index the story."""
        centroid = story.centroid
        for key, value in art.vec.items():
            centroid[key] = centroid.get(key, 0.0) + value
        story.size += 1
        story.last_seen = self.n_docs
        day = art.day
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        self._reindex(story)
        story.members.append(art.weighted)
        if len(story.members) > self.settings.members:
            del story.members[0]

    def _reindex(self, story: _Story) -> None:
        """Trim the centroid to its heaviest features and re-index the story under its top keys."""
        centroid = story.centroid
        ranked = self._by_weight(centroid)
        if len(ranked) > self.settings.centroid_size:
            for key in ranked[self.settings.centroid_size :]:
                del centroid[key]
        story.norm_at = -1
        self._unindex(story, self.index)
        story.keys = tuple(ranked[: self.settings.story_keys])
        self._index(story, self.index)
        story.names = self._top_names(ranked)
        story.years = _years(centroid)

    def _index(self, story: _Story, index: dict[str, set[str]], names_only: bool = False) -> None:
        for key in story.names if names_only else story.keys:
            index.setdefault(key, set()).add(story.id)

    def _unindex(self, story: _Story, index: dict[str, set[str]], names_only: bool = False) -> None:
        for key in story.names if names_only else story.keys:
            posting = index.get(key)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del index[key]

    def _remember(self, doc_id: str, url: str | None, sketch: tuple[int, ...], story_id: str) -> None:
        limit = self.settings.max_remembered
        self.doc_story[doc_id] = story_id
        if url:
            self.url_story[url] = story_id
        for h in sketch:
            self.sketch_story.setdefault(h, story_id)
        for memory in (self.doc_story, self.url_story, self.sketch_story):
            while len(memory) > limit:
                memory.popitem(last=False)

    def _stale(self, story: _Story) -> bool:
        if self.clock_day is not None and story.last_day is not None:
            return self.clock_day - story.last_day > self.settings.window_days
        return self.n_docs - story.last_seen > self.settings.window_docs

    def _sweep(self) -> None:
        """Move stories that the window has passed to the dormant store."""
        self._since_sweep = 0
        settings = self.settings
        for story in [s for s in self.active.values() if self._stale(s)]:
            self._unindex(story, self.index)
            del self.active[story.id]
            self._shrink(story)
            self.dormant[story.id] = story
            self._index(story, self.dormant_index, names_only=True)
        while len(self.dormant) > settings.max_dormant:
            _, old = self.dormant.popitem(last=False)
            self._unindex(old, self.dormant_index, names_only=True)
        rarest = 1
        while len(self.df) > settings.max_features * (0.75 if rarest > 1 else 1.0):
            for key in [k for k, n in self.df.items() if n <= rarest]:
                del self.df[key]
                del self.ldf[key]
            rarest += 1

    def _shrink(self, story: _Story) -> None:
        """Keep only what waking a dormant story needs: its heaviest features and its last article."""
        keep = self.settings.dormant_size
        centroid = story.centroid
        story.centroid = {k: centroid[k] for k in self._by_weight(centroid)[:keep]}
        if story.members:
            last = story.members[-1]
            story.members = [dict(sorted(last.items(), key=lambda kv: kv[1], reverse=True)[:keep])]
        story.norm_at = -1

    def _wake(self, story: _Story) -> None:
        self._unindex(story, self.dormant_index, names_only=True)
        del self.dormant[story.id]
        self.active[story.id] = story
        self._index(story, self.index)


@contextmanager
def _refcount_only() -> Iterator[None]:
    """Pause the cyclic garbage collector (and restore its state after). The clusterer keeps
    hundreds of thousands of long-lived objects and makes no reference cycles; each full collection
    would walk all of them for nothing (at 40k articles about a tenth of the time per article)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cluster_rows(rows: Iterable[dict], clusterer: StoryClusterer | None = None) -> Iterator[tuple[str, str]]:
    """Rows {id, text, title?, date?, source?, url?, copy_of?} in arrival order -> (id, story id) per row
    (continuing `clusterer` when given, else a new stream)."""
    clusterer = clusterer or StoryClusterer()
    with _refcount_only():
        for n, row in enumerate(rows, 1):
            if not isinstance(row, dict) or row.get("id") is None:
                raise Rejected(f"row {n} has no 'id'")
            doc_id = str(row["id"])
            text = row.get("text") or ""
            if not isinstance(text, str):
                raise Rejected(f"row {n} ({doc_id}): 'text' is not a string")
            yield doc_id, clusterer.add(
                doc_id,
                text,
                title=row.get("title"),
                date=row.get("date"),
                source=row.get("source"),
                url=row.get("url"),
                copy_of=row.get("copy_of"),
            )
