"""A small store written for the web tests: two outlets on one harbour story (with a conflict),
an article whose title, text, entities and outlet carry script and onerror payloads, and an older story."""

from __future__ import annotations

from pathlib import Path

from storyline.model import Article, Entity, Quote, Removed, TimeExpr
from storyline.store import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

HARBOR_1 = (
    "Port director Mara Lind announced on Monday that the northern harbour of Velmar will close for repairs.\n\n"
    "\"We cannot wait any longer,\" Lind said at a press conference. The closure starts on March 20, 2026.\n\n"
    "Fishermen in Velmar said the repairs were long overdue."
)
HARBOR_2 = (
    "The northern harbour of Velmar will not close, mayor Tomas Berg told reporters on Tuesday.\n\n"
    "Port director Mara Lindt had said the harbour needed repairs, but Berg said the city would fund them "
    "while ships keep sailing. \"Velmar lives from its harbour,\" Berg said."
)
XSS_TEXT = (
    f"Officials in Karsby said {XSS_SCRIPT} the bridge reopened on Friday.\n\n"
    f"\"It is safe {XSS_IMG} again,\" said engineer Ola Dahl. "
    f"Traffic resumed on April 3, 2026 according to {XSS_SCRIPT}Dahl."
)
BRIDGE_2 = "The Karsby bridge reopened on Friday after two weeks of work, engineer Ola Dahl said on Saturday."
OLD_TEXT = "Velmar elected Tomas Berg as mayor on Sunday, officials said, after a close count."


def _span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _ent(text: str, piece: str, label: str, canonical: str | None = None, role: str | None = None,
         nth: int = 0) -> Entity:
    s, e = _span(text, piece, nth)
    return Entity(s, e, piece, label, canonical, role)


def _time(text: str, piece: str, value: str, kind: str = "DATE") -> TimeExpr:
    s, e = _span(text, piece)
    return TimeExpr(s, e, piece, kind, value)


def _quote(text: str, content: str, speaker: str, speaker_piece: str, cue: str) -> Quote:
    s, e = _span(text, content)
    ss, se = _span_after(text, speaker_piece, e)
    cs, ce = _span_after(text, cue, e)
    return Quote(s, e, True, speaker, ss, se, cs, ce)


def _span_after(text: str, piece: str, after: int) -> tuple[int, int]:
    start = text.index(piece, after)
    return start, start + len(piece)


def articles() -> list[Article]:
    """The fixture articles, with annotations at real offsets."""
    h1 = Article(id="art-harbor-1", text=HARBOR_1, source="fixture/h1.txt", title="Velmar harbour to close for repairs",
                 date="2026-03-10", url="https://herald.example/harbour", outlet="Coastal Herald", author="Ana Sol",
                 removed=[Removed("Photo: the harbour at dawn (Herald)", "caption")])
    h1.entities = [_ent(HARBOR_1, "Mara Lind", "PERSON", "Mara Lind", "announcer"),
                   _ent(HARBOR_1, "Velmar", "GPE", "Velmar"), _ent(HARBOR_1, "Lind", "PERSON", "Mara Lind", "speaker", 1)]
    h1.times = [_time(HARBOR_1, "Monday", "2026-03-09"), _time(HARBOR_1, "March 20, 2026", "2026-03-20")]
    h1.quotes = [_quote(HARBOR_1, "We cannot wait any longer,", "Mara Lind", "Lind", "said")]
    h2 = Article(id="art-harbor-2", text=HARBOR_2, source="fixture/h2.txt", title="Mayor: Velmar harbour stays open",
                 date="2026-03-11", url="https://daily.example/harbour", outlet="Velmar Daily", publisher="News Wire")
    h2.entities = [_ent(HARBOR_2, "Velmar", "GPE", "Velmar"), _ent(HARBOR_2, "Tomas Berg", "PERSON", "Tomas Berg", "mayor"),
                   _ent(HARBOR_2, "Mara Lindt", "PERSON", None, "port director")]
    h2.times = [_time(HARBOR_2, "Tuesday", "2026-03-10")]
    h2.quotes = [_quote(HARBOR_2, "Velmar lives from its harbour,", "Tomas Berg", "Berg", "said")]
    xss = Article(id="art-xss", text=XSS_TEXT, source="fixture/xss.txt", title=f"{XSS_SCRIPT} Bridge {XSS_IMG}",
                  date="2026-04-04", outlet=f"Karsby {XSS_IMG} Post", author=XSS_SCRIPT,
                  url="javascript:alert(1)", removed=[Removed(f"Ad {XSS_SCRIPT}", "promo")])
    xss.entities = [_ent(XSS_TEXT, "Karsby", "GPE", "Karsby"),
                    _ent(XSS_TEXT, XSS_SCRIPT, "PERSON", f"Evil {XSS_SCRIPT}", "<b>role</b>"),
                    _ent(XSS_TEXT, "Ola Dahl", "PERSON", "Ola Dahl", "engineer")]
    xss.times = [_time(XSS_TEXT, "Friday", "2026-04-03"), _time(XSS_TEXT, "April 3, 2026", "2026-04-03")]
    s, e = _span(XSS_TEXT, f"It is safe {XSS_IMG} again,")
    xss.quotes = [Quote(s, e, True, f"Ola {XSS_IMG}Dahl", *_span_after(XSS_TEXT, "Ola Dahl", e),
                        *_span_after(XSS_TEXT, "said", e))]
    bridge = Article(id="art-bridge-2", text=BRIDGE_2, source="fixture/b2.txt", title="Karsby bridge open again",
                     date="2026-04-05", outlet="Nordic Wire")
    bridge.entities = [_ent(BRIDGE_2, "Karsby", "GPE", "Karsby"), _ent(BRIDGE_2, "Ola Dahl", "PERSON", "Ola Dahl", "engineer")]
    bridge.times = [_time(BRIDGE_2, "Friday", "2026-04-03"), _time(BRIDGE_2, "Saturday", "2026-04-04"),
                    _time(BRIDGE_2, "two weeks", "P2W", "DURATION"), _time(BRIDGE_2, "after", "XXXX-XX-XX", "DATE")]
    old = Article(id="art-old", text=OLD_TEXT, source="fixture/old.txt", title="Berg elected mayor of Velmar",
                  date="2025-11-02", outlet="Coastal Herald")
    old.entities = [_ent(OLD_TEXT, "Velmar", "GPE", "Velmar"), _ent(OLD_TEXT, "Tomas Berg", "PERSON", "Tomas Berg", "mayor")]
    old.times = [_time(OLD_TEXT, "Sunday", "2025-11-02")]
    return [h1, h2, xss, bridge, old]


STORIES = {"art-harbor-1": "story-harbor", "art-harbor-2": "story-harbor", "art-xss": "story-bridge",
           "art-bridge-2": "story-bridge", "art-old": "story-election"}

HARBOR_VERDICTS = [
    {"claim": "The northern harbour of Velmar will close for repairs", "verdict": "conflict",
     "support": {"Coastal Herald": ["Port director Mara Lind announced on Monday that the northern harbour of "
                                    "Velmar will close for repairs."]},
     "contradict": {"Velmar Daily": ["The northern harbour of Velmar will not close, mayor Tomas Berg told "
                                     "reporters on Tuesday."]}, "silent": []},
    {"claim": "The harbour needs repairs", "verdict": "agree",
     "support": {"Coastal Herald": ["Fishermen in Velmar said the repairs were long overdue."],
                 "Velmar Daily": ["Port director Mara Lindt had said the harbour needed repairs."]},
     "contradict": {}, "silent": []},
    {"claim": "The closure starts on March 20", "verdict": "only_one",
     "support": {"Coastal Herald": ["The closure starts on March 20, 2026."]}, "contradict": {},
     "silent": ["Velmar Daily"]},
]
BRIDGE_VERDICTS = [
    {"claim": f"The bridge reopened {XSS_SCRIPT}", "verdict": "agree",
     "support": {f"Karsby {XSS_IMG} Post": [f"Officials in Karsby said {XSS_SCRIPT} the bridge reopened on Friday."],
                 "Nordic Wire": ["The Karsby bridge reopened on Friday after two weeks of work."]},
     "contradict": {}, "silent": []},
]


def build_store(path: Path) -> Path:
    """Write the fixture store at `path` and return the path."""
    store = Store(path)
    for a in articles():
        store.add_article(a, raw=a.text, raw_hash="raw-" + a.id, signature=None, paragraph_keys=[])
    store.assign_stories(STORIES)
    store.set_verdicts("story-harbor", HARBOR_VERDICTS)
    store.set_verdicts("story-bridge", BRIDGE_VERDICTS)
    store.close()
    return path
