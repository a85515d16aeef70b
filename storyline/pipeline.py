"""Composes the stages: read -> clean -> dedupe -> analyze -> store -> link stories -> compare.

The stages are pure functions over dataclasses; this module and the store do the IO around them.
Models load once per process and articles go through spaCy in batches (`nlp.pipe`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from typing import Callable, Iterable, Iterator, TextIO

from .config import Settings
from .errors import ConfigError, Rejected
from .model import Article, RawDocument, Verdict
from .store import Store

log = logging.getLogger("storyline")


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    copies: int = 0
    recleaned: int = 0
    rejected: list[str] = field(default_factory=list)
    stories: int = 0


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def raw_hash(raw: RawDocument) -> str:
    """Hash of what a source delivered, so the same input ingested twice is recognised."""
    h = hashlib.sha256()
    for part in (raw.text or raw.html or "", raw.title or "", raw.url or "", raw.date or ""):
        h.update(" ".join(part.split()).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def analyze_articles(articles: list[Article], batch_size: int = 32) -> None:
    """Add entities, time expressions, quotes and claims to each article (one spaCy parse each)."""
    from .analyze.claims import claims_from_doc
    from .analyze.entities import entities_from_doc
    from .analyze.nlp import load_nlp
    from .analyze.quotes import quotes_from_doc
    from .analyze.times import tag_times

    nlp = load_nlp()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size)):
        article.entities = entities_from_doc(doc)
        article.times = tag_times(article.text, article.date, article.timezone)
        article.quotes = quotes_from_doc(doc)
        article.claims = claims_from_doc(doc, article.entities, article.quotes, times=article.times)


def compare_story(articles: list[Article], aliases: dict[str, str]) -> list[Verdict]:
    """Merge the story's actors (setting Entity.canonical) and align its claims across outlets."""
    from .compare.align import align_claims
    from .link.actors import merge_actors

    actors = merge_actors(articles, aliases)
    try:
        from .compare.stance import load_model

        stance = load_model()
    except (ImportError, OSError, ConfigError) as exc:  # the stance model is one signal among several
        log.warning("stance model unavailable (%s); comparing without it", exc)
        stance = None
    independent = [a for a in articles if not a.copy_of]
    return align_claims(independent, actors, stance)


class Pipeline:
    """Ingests sources into one store and keeps its stories and comparisons up to date."""

    def __init__(self, store: Store, settings: Settings, aliases: dict[str, str] | None = None):
        self.store = store
        self.settings = settings
        self.aliases = aliases or {}
        self._copy_index = None
        self._repeated: dict[str, set[str]] = {}  # learned boilerplate per publishing site, this run

    @property
    def copy_index(self):
        """Near-copy index over every stored article, built once per process from stored signatures."""
        if self._copy_index is None:
            from .clean import CopyIndex

            self._copy_index = CopyIndex()
            for article_id, sig in self.store.signatures():
                self._copy_index.add(article_id, sig)
        return self._copy_index

    def ingest(self, inputs: list[str], on_reject: Callable[[Rejected], None],
               on_article: Callable[[Article], None] | None = None, stdin: TextIO | None = None) -> IngestReport:
        """Read, clean, dedupe, analyze and store every input; then relink stories and compare them."""
        from .ingest import iter_documents

        report = IngestReport()

        def reject(err: Rejected) -> None:
            report.rejected.append(str(err))
            on_reject(err)

        outlets: set[str] = set()
        seen: dict[str, tuple | None] = {}  # input hashes and article ids of this run
        documents = iter_documents(inputs, reject, stdin=stdin, max_bytes=self.settings.max_bytes,
                                   timeout=self.settings.fetch_timeout)
        for batch in batched(documents, self.settings.batch_size):
            fresh = []
            for raw in batch:
                try:
                    prepared = self.prepare(raw, seen)
                except Rejected as err:
                    reject(err if err.source else Rejected(err.reason, raw.source))
                    continue
                if prepared is None:
                    report.unchanged += 1
                else:
                    fresh.append(prepared)
            if self.settings.analyze and fresh:
                analyze_articles([p[0] for p in fresh], self.settings.batch_size)
            for article, raw_text, digest, sig, keys in fresh:
                self.store.add_article(article, raw_text, digest, sig, keys)
                report.added += 1
                report.copies += bool(article.copy_of)
                if article.site:
                    outlets.add(article.site)
                    self._repeated.pop(article.site, None)
                if on_article:
                    on_article(article)
        report.recleaned = self.reclean(outlets)
        if report.added or report.recleaned:
            self.relink()
        report.stories = len(self.store.stories())
        return report

    def prepare(self, raw: RawDocument, seen: dict[str, tuple | None]):
        """Clean one document; None when it is already stored (same input, or same cleaned text)."""
        from .clean import clean_document, content_id, paragraph_keys, signature

        digest = raw_hash(raw)
        if digest in seen or self.store.has_raw(digest):
            return None
        article = clean_document(raw)
        if article.site:
            repeated = self.repeated(article.site)
            if repeated:
                article = clean_document(raw, repeated)
        if not article.text.strip():
            raise Rejected("no article text left after cleaning", raw.source)
        stored = self.store.article(article.id, annotations=False)
        first = seen.get(article.id) or (stored and (stored.outlet, stored.publisher))
        if first:
            if first == (article.outlet, article.publisher):
                return None  # the same article again
            # the same text from another outlet: a syndicated copy, stored as its own article
            article.copy_of = article.id
            article.id = content_id(f"{article.id} {article.site} {raw.url or raw.source}")
        seen[digest] = None
        seen[article.id] = (article.outlet, article.publisher)
        sig = signature(article.text)
        article.copy_of = article.copy_of or self.copy_index.find(sig)
        self.copy_index.add(article.id, sig)
        return article, raw.text or raw.html or "", digest, sig, paragraph_keys(raw.text or "")

    def repeated(self, outlet: str) -> set[str]:
        """Paragraph keys learned as boilerplate of this outlet from the articles stored so far
        (kept until an article of that outlet is stored)."""
        if outlet not in self._repeated:
            self._repeated[outlet] = self._learn_repeated(outlet)[0]
        return self._repeated[outlet]

    def _learn_repeated(self, outlet: str) -> tuple[set[str], dict[str, list[str]]]:
        """The outlet's repeated paragraph keys, and the key sets of the articles that could carry them."""
        from .clean import REPEAT_MIN_ARTICLES, repeated_keys

        candidates = self.store.outlet_key_sets(outlet, REPEAT_MIN_ARTICLES)
        return repeated_keys(candidates.values(), REPEAT_MIN_ARTICLES), candidates

    def reclean(self, outlets: Iterable[str]) -> int:
        """Re-clean stored articles of these outlets whose paragraphs have since been learned as repeated."""
        from .clean import clean_document

        changed = []
        for outlet in outlets:
            repeated, candidates = self._learn_repeated(outlet)
            for article_id in (a for a, keys in candidates.items() if repeated.intersection(keys)):
                old = self.store.article(article_id, annotations=False)
                stored = self.store.raw_of(article_id)
                raw = RawDocument(source=stored["source"], text=stored["raw"], title=stored["title"],
                                  date=stored["date"], url=stored["url"])
                new = clean_document(raw, repeated)
                if new.text != old.text and new.text.strip():
                    changed.append(replace(old, text=new.text, removed=new.removed))
        if self.settings.analyze and changed:
            analyze_articles(changed, self.settings.batch_size)
        for article in changed:
            self.store.update_article(article)
        return len(changed)

    def relink(self) -> set[str]:
        """Cluster the articles stored since the last relink, continuing the saved clusterer state (all
        stored articles in arrival order when there is none, or it was learned with other settings or
        before a re-clean); save the state; compare the stories that changed."""
        from .link.stories import Settings as LinkSettings
        from .link.stories import StoryClusterer, cluster_rows

        settings = LinkSettings(window_days=self.settings.window_days)
        key = json.dumps(asdict(settings), sort_keys=True)
        saved = self.store.link_state(key)
        upto, clusterer = (saved[0], StoryClusterer.from_state(saved[1], settings)) if saved \
            else (0, StoryClusterer(settings=settings))
        last = [upto]

        def rows() -> Iterator[dict]:
            for row in self.store.link_rows(after=upto):
                last[0] = row["rowid"]
                yield row

        assignment = dict(cluster_rows(rows(), clusterer=clusterer))
        if not assignment:
            return set()
        # assignments first: a process killed before the state is saved replays these articles next time
        changed = self.store.assign_stories(assignment)
        self.store.save_link_state(last[0], key, clusterer.state())
        if self.settings.analyze:
            for story_id in sorted(changed):
                self.compare(story_id)
        return changed

    def compare(self, story_id: str) -> list[Verdict]:
        """Align a story's claims across its outlets and store the verdicts with the story."""
        return refresh_verdicts(self.store, story_id, self.aliases)


def refresh_verdicts(store: Store, story_id: str, aliases: dict[str, str]) -> list[Verdict]:
    """Compare a story's stored articles again (after ingest or an analyst's merge or split) and store it."""
    articles = store.story_articles(story_id)
    if not articles:
        return []
    verdicts = compare_story(articles, aliases)
    store.set_canonical_names({(a.id, e.start, e.end): e.canonical
                               for a in articles for e in a.entities if e.canonical})
    store.set_verdicts(story_id, [asdict(v) for v in verdicts])
    return verdicts
