"""Cleaning rules, outlet detection, time zones, learned repeated paragraphs, and the seeds end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Collection

import pytest

from storyline.clean import (
    REPEAT_MIN_ARTICLES,
    CopyIndex,
    clean_document,
    host_outlet,
    paragraph_keys,
    repeated_keys,
    resolve_outlet,
    signature,
    timezone_of,
)
from storyline.clean.boilerplate import classify_line, dateline_date, is_caption
from storyline.clean.outlet import credit_outlet, desk_note_outlet, wire_outlet
from storyline.errors import Rejected
from storyline.model import Article, RawDocument

from shared_paths import SEEDS  # noqa: E402

BODY = (
    "The harbour authority of Porto Velha closed the northern pier on Tuesday after a crane collapsed.\n\n"
    "No one was hurt, the authority's spokeswoman, Ines Calado, told reporters at the scene.\n\n"
    "Repairs are expected to take at least three weeks, she said."
)


def clean(text: str, repeated: Collection[str] = (), **kw: Any) -> Article:
    return clean_document(RawDocument(source="test.txt", text=text, **kw), repeated)


def reasons(article: Article) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in article.removed:
        out.setdefault(r.reason, []).append(r.text)
    return out


# --- line rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Workers inspect the damaged pier in Porto Velha, March 4, 2024. (Harbour Authority)",
        "Rescue teams search the rubble on Tuesday. (AFP via Getty Images)",
        "Photo: Marta Quintal / The Coastal Ledger",
        "File photo of the northern pier at dusk.",
        "FILE PHOTO: The minister arrives at the summit venue.",
        "Getty Images",
        "(AP Photo/Lena Moraes)",
        "[Image via screengrab]",
        "AFP PHOTO/HARBOUR TV",
        "A patrol boat passes the breakwater at Porto Velha.  Lena Moraes / Getty Images",
    ],
)
def test_captions_are_recognised(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the talks were 'constructive' (though no deal was reached).",
        "Turnout was lower than in 2019 (about 48 percent), officials said.",
        "Repairs are expected to take at least three weeks, she said.",
        "He thanked the Harbour Workers Union (HWU)",
        "The mayor said no and tore up the letter. (Via)",
        "Related coverage of the strike appeared in every paper on Tuesday.",
        "She posted a photo from the pier on Twitter.",
        "Pictures from the harbour showed the damaged cranes.",
        "AFP",
        "Video: Ferry users say the new timetable is chaos. The hashtag #ferrygate trended. Ana Vidal reports.",
    ],
)
def test_article_sentences_are_not_captions(line: str) -> None:
    assert not is_caption(line)
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("line", "iso", "update"),
    [
        ("November 16, 2021", "2021-11-16", False),
        ("16/11/2021", "2021-11-16", False),
        ("Tuesday, 5 March 2024", "2024-03-05", False),
        ("2024-03-04", "2024-03-04", False),
        ("Updated: March 5, 2024 10:42 AM", "2024-03-05", True),
        ("Published on Nov. 3, 2023 at 4:15 p.m. EST", "2023-11-03", False),
    ],
)
def test_datelines_give_iso_dates(line: str, iso: str, update: bool) -> None:
    assert dateline_date(line) == (iso, update)
    assert classify_line(line) == "dateline"


def test_sentence_with_a_date_is_not_a_dateline() -> None:
    assert dateline_date("On November 16, 2021 the envoy arrived in the capital.") is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("© 2024 The Coastal Ledger. All rights reserved.", "copyright"),
        ("Copyright 2023 Meridian Wire Service", "copyright"),
        ("All rights reserved.", "copyright"),
        ("—Copyright the Meridian Wire Service", "copyright"),
        ("Follow us on Telegram for breaking news from the coast.", "promo"),
        ("Follow Ana Ribeiro on Twitter @anaribeiro.", "promo"),
        ("Subscribe to our morning briefing.", "promo"),
        ("Read more: How the port became the region's busiest", "promo"),
        ("Click here to get the app.", "promo"),
        ("USING A MOBILE DEVICE? CLICK HERE TO SEE THE VIDEO.", "promo"),
        ("Scroll down for video", "promo"),
        ("RELATED COVERAGE", "promo"),
        ("—— >> Follow Ana Ribeiro (@anaribeiro) on Twitter", "promo"),
        ("Have something to add to this story? Share it in the comments.", "promo"),
        ("(Reporting by Ana Ribeiro; Editing by Tomas Vidal)", "credit"),
    ],
)
def test_footer_and_promo_lines(line: str, reason: str) -> None:
    assert classify_line(line) == reason


def test_clean_document_removes_and_records_each_piece() -> None:
    text = (
        "Cranes stand idle at the northern pier. (Harbour Authority)\n\n"
        "March 5, 2024\n\n" + BODY + "\n\n"
        "Subscribe to our morning briefing.\n\n"
        "© 2024 The Coastal Ledger. All rights reserved."
    )
    art = clean(text)
    assert art.text == BODY
    got = reasons(art)
    assert set(got) == {"caption", "dateline", "promo", "copyright"}
    assert got["dateline"] == ["March 5, 2024"]
    assert art.date == "2024-03-05"


def test_metadata_date_wins_over_dateline_and_fields_carry_over() -> None:
    art = clean("March 5, 2024\n\n" + BODY, date="2024-03-06", title="Crane collapses", author="Ines Calado")
    assert art.date == "2024-03-06"
    assert (art.title, art.author) == ("Crane collapses", "Ines Calado")


def test_sentences_are_kept_exactly_and_id_is_stable() -> None:
    a, b = clean(BODY), clean("  " + BODY.replace("\n\n", "\n \n") + "\n\n")
    for sentence in BODY.split("\n\n"):
        assert sentence in a.text
    assert a.id == b.id and len(a.id) == 16
    assert clean(BODY + " Extra.").id != a.id


def test_single_newline_text_is_one_paragraph_per_line() -> None:
    art = clean(BODY.replace("\n\n", "\n") + "\nAll rights reserved.")
    assert art.text == BODY


def test_byline_is_removed_and_gives_the_author() -> None:
    art = clean("By Vera Kallis, Pellamar Post\n\n" + BODY)
    assert (art.text, art.author) == (BODY, "Vera Kallis")
    assert reasons(art)["header"] == ["By Vera Kallis, Pellamar Post"]
    assert classify_line("By the time rescuers arrived, the pier had collapsed.") is None


def test_headline_repeated_as_first_line_is_removed() -> None:
    art = clean("Crane collapses at northern pier\n\n" + BODY, title="Crane collapses at northern pier")
    assert reasons(art)["header"] == ["Crane collapses at northern pier"]
    assert art.text == BODY


def test_empty_or_all_boilerplate_is_rejected() -> None:
    with pytest.raises(Rejected):
        clean("   \n\n ")
    with pytest.raises(Rejected):
        clean("March 5, 2024\n\nAll rights reserved.")


# --- outlets ----------------------------------------------------------------------------------


def test_about_footer_and_following_paragraph_name_the_publisher() -> None:
    art = clean(BODY + "\n\nAbout Coastal Watch\n\nCoastal Watch is an independent platform run by volunteers.")
    assert art.text == BODY
    footer = ["About Coastal Watch", "Coastal Watch is an independent platform run by volunteers."]
    assert reasons(art)["footer"] == footer
    assert (art.outlet, art.publisher) == ("Coastal Watch", None)


def test_about_heading_early_in_the_text_is_content() -> None:
    text = "About Porto Velha\n\n" + BODY + "\n\nMore paragraphs.\n\nAnd more.\n\nAnd the end."
    assert "About Porto Velha" in clean(text).text


def test_reprint_records_original_outlet_and_publisher() -> None:
    text = BODY + "\n\nThe Harbor Ledger\n\nAbout Coastal Watch\n\nCoastal Watch collects regional reporting."
    art = clean(text)
    assert (art.outlet, art.publisher) == ("The Harbor Ledger", "Coastal Watch")
    assert reasons(art)["credit"] == ["The Harbor Ledger"]
    assert "Harbor Ledger" not in art.text


def test_person_name_at_the_end_is_not_an_outlet_credit() -> None:
    assert credit_outlet("Ines Calado") is None
    assert credit_outlet("John Baker.") is None
    assert credit_outlet("Source: NATO.") is None
    assert credit_outlet("– Jillian") is None and credit_outlet("(Reddit)") is None
    assert credit_outlet("Jean-Luc Ferraz") is None
    assert credit_outlet("Velmora Nightly") is None
    assert credit_outlet("Velmora Nightly", strict=False) == "Velmora Nightly"


def test_any_short_name_right_above_an_about_footer_is_the_credit() -> None:
    art = clean(BODY + "\n\nVelmora Nightly\n\nAbout Coastal Watch\n\nCoastal Watch republishes local news.")
    assert (art.outlet, art.publisher) == ("Velmora Nightly", "Coastal Watch")
    art = clean(BODY + "\n\nIes Calado", site="Coastal Watch")
    assert art.outlet == "Coastal Watch"


@pytest.mark.parametrize(
    ("line", "name"),
    [("— Reuters", "Reuters"), ("Source: Meridian Wire", "Meridian Wire"), ("(AFP)", "Agence France-Presse"),
     ("This article originally appeared in The Valley Courier.", "The Valley Courier"),
     ("(With the Associated Press)", "Associated Press"), ("With files from The Valley Courier", "The Valley Courier"),
     ("— Bloomberg", "Bloomberg"), ("PTI", "PTI")],
)
def test_credit_line_forms(line: str, name: str) -> None:
    assert credit_outlet(line) == name


def test_desk_note_names_outlet_and_is_removed() -> None:
    note = "(Harbor Ledger's European desk is keeping you updated overnight. All times are Portuguese time.)"
    assert desk_note_outlet(note) == "Harbor Ledger"
    art = clean(BODY + "\n\n" + note, url="https://www.example-aggregator.net/x")
    assert (art.outlet, art.publisher) == ("Harbor Ledger", None)
    assert art.timezone == "Europe/Lisbon"
    assert note not in art.text and reasons(art)["promo"] == [note]


def test_outlet_from_site_and_url_host() -> None:
    assert host_outlet("https://www.harborledger.com/news/1") == "Harbor Ledger"
    assert host_outlet("http://nydailynews.com/a") == "NY Daily News"
    assert host_outlet("https://news.example.co.uk/a") == "Example"
    assert host_outlet(None) is None
    assert host_outlet("https://harborwatch.blogspot.com/2024/03/x.html") == "Harbor Watch"
    assert host_outlet("http://harborwatch.blogspot.nl/x") == "Harbor Watch"
    site_and_host = resolve_outlet(site="The Valley Courier", url="https://www.harborledger.com/")
    assert site_and_host == ("The Valley Courier", None)
    assert resolve_outlet(url="https://www.harborledger.com/") == ("Harbor Ledger", None)
    assert clean(BODY, url="https://valleycourier.org/p/9").outlet == "Valley Courier"


def test_wire_dateline_makes_the_wire_the_outlet() -> None:
    assert wire_outlet("PORTO VELHA (AP) — A crane collapsed on Tuesday.") == "Associated Press"
    assert wire_outlet("Lisbon (Meridian Wire) - The minister arrived.") == "Meridian Wire"
    assert wire_outlet("The minister (left) arrived on Tuesday.") is None
    art = clean("PORTO VELHA (Reuters) - " + BODY, site="Coastal Watch")
    assert (art.outlet, art.publisher) == ("Reuters", "Coastal Watch")


@pytest.mark.parametrize(
    ("text", "zone"),
    [("The time on all our articles is Israeli time.", "Asia/Jerusalem"),
     ("All times are Eastern Standard Time.", "America/New_York"),
     ("Times shown in Greek time.", "Europe/Athens"),
     ("The meeting took some time.", None)],
)
def test_timezone_from_text(text: str, zone: str | None) -> None:
    assert timezone_of(text) == zone


# --- learned repeated paragraphs ---------------------------------------------------------------

FOOTER = "The Coastal Ledger is a member of the Independent Regional Press Council."


TOPICS = ["ferry strike", "school budget", "forest fire", "harbour dredging", "mayoral race", "river flood",
          "bridge repairs", "hospital wing"]


def _article(n: int) -> str:
    t = TOPICS[n]
    return f"The {t} dominated the council session.\n\nResidents said the {t} would shape the year.\n\n{FOOTER}"


def test_repeated_paragraph_needs_enough_different_articles() -> None:
    keys = [paragraph_keys(_article(n)) for n in range(REPEAT_MIN_ARTICLES)]
    footer_key = paragraph_keys(FOOTER)[0]
    assert footer_key in repeated_keys(keys)
    assert footer_key not in repeated_keys(keys[: REPEAT_MIN_ARTICLES - 1])


def test_updates_of_one_article_do_not_make_boilerplate() -> None:
    base = _article(1)
    updates = [base + f"\n\nUpdate {i}: officials confirmed the figures." for i in range(5)]
    assert repeated_keys(paragraph_keys(u) for u in updates) == set()


def test_paragraph_keys_fold_case_digits_and_punctuation() -> None:
    assert paragraph_keys("© 2023 Ledger, all rights.") == paragraph_keys("©  2024 LEDGER all rights")
    assert len(paragraph_keys(_article(1))) == 3


def test_learned_footer_is_removed_only_when_passed_in() -> None:
    keys = repeated_keys(paragraph_keys(_article(n)) for n in range(4))
    art = clean(_article(7), repeated=keys)
    assert FOOTER not in art.text and reasons(art)["repeated"] == [FOOTER]
    assert FOOTER in clean(_article(7)).text


def test_long_repeated_paragraph_inside_the_body_is_kept() -> None:
    background = " ".join(["The port has handled record cargo volumes since the new terminal opened."] * 4)
    text = f"Lede of the day.\n\n{background}\n\nClosing paragraph with new facts."
    art = clean(text, repeated=set(paragraph_keys(background)))
    assert background in art.text


# --- the seeds end to end ----------------------------------------------------------------------


def _seed(prefix: str) -> str:
    files = sorted(SEEDS.glob(prefix + "*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("seeds not available")
    return files[0].read_text(encoding="utf-8")


def test_seed_000_reprint() -> None:
    raw = _seed("000")
    art = clean(raw)
    assert (art.outlet, art.publisher, art.date) == ("Asharq Al-Awsat", "Track Persia", "2021-11-16")
    got = reasons(art)
    assert set(got) == {"caption", "dateline", "credit", "footer"}
    assert got["credit"] == ["Asharq Al-Awsat"] and got["footer"][0] == "About Track Persia"
    assert "(GPO)" not in art.text and "Track Persia" not in art.text
    assert not art.text.rstrip().endswith("Asharq Al-Awsat")
    assert art.text.startswith("The United States special envoy for Iran")
    for piece in got["caption"] + got["footer"]:
        assert piece in raw


def test_seed_001_desk_note_and_timezone() -> None:
    raw = _seed("001")
    text = raw.split(" date 2021-11-12 ", 1)[1]
    art = clean(text, date="2021-11-12")
    assert (art.outlet, art.publisher, art.timezone, art.date) == ("Arutz Sheva", None, "Asia/Jerusalem", "2021-11-12")
    assert "keeping you updated" not in art.text
    assert any("keeping you updated" in r.text for r in art.removed)
    assert art.text.endswith("Price stated.")
    assert len(art.removed) == 1


# --- the example corpus ------------------------------------------------------------------------

from shared_paths import EXAMPLES  # noqa: E402


def _example_articles() -> dict[str, Article]:
    from storyline.ingest.dispatch import iter_documents

    rejected: list[Rejected] = []
    files = [str(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".txt", ".html", ".jsonl")]
    raws = list(iter_documents(files, rejected.append))
    assert not rejected
    return {Path(r.source).name: clean_document(r) for r in raws}


def test_example_corpus_outlets_and_styles() -> None:
    arts = _example_articles()
    expected = {name for group in json.loads((Path(__file__).parent / "fixtures" / "expected_examples.json").read_text()) for name in group}
    assert set(arts) == expected and len(arts) == 16
    outlets = {(a.outlet, a.publisher) for a in arts.values()}
    assert ("The Valley Sentinel", "Regional Digest") in outlets
    assert ("Meridian Wire", "Coastal Courier Daily") in outlets  # the wire reprint
    assert len({a.publisher or a.outlet for a in arts.values()}) == 7
    for quake in ("castro-alvo", "morvane"):  # the Lantern's articles with a desk note
        art = arts[f"northern-lantern_{quake}-quake.txt"]
        assert (art.outlet, art.timezone) == ("Northern Lantern", "Europe/Berlin")
        assert "keeping you updated" not in art.text
    for name, art in arts.items():
        assert art.date and art.date.startswith("2024-"), name
        assert art.removed or name.endswith(".html"), name  # trafilatura already drops page chrome
        assert "©" not in art.text and "Photo:" not in art.text and "Read more" not in art.text, name


def test_example_wire_copy_is_found_and_footer_is_learned() -> None:
    arts = _example_articles()
    index = CopyIndex()
    for name, art in arts.items():
        if not name.startswith("coastal-courier-daily"):
            index.add(name, signature(art.text))
    copy = arts["coastal-courier-daily_castro-alvo-quake.txt"]
    assert index.find(signature(copy.text)) == "meridian-wire_castro-alvo-quake.txt"
    assert index.find(signature(arts["coastal-courier-daily_ferry-strike.txt"].text)) is None
    ledger = sorted(p for p in EXAMPLES.glob("harbor-ledger_*.txt"))
    assert len(ledger) >= REPEAT_MIN_ARTICLES
    keys = repeated_keys(paragraph_keys(p.read_text(encoding="utf-8")) for p in ledger)
    raw = RawDocument(source="x", text=ledger[0].read_text(encoding="utf-8").split("\n\n", 1)[1])
    cleaned = clean_document(raw, keys)
    assert [r.reason for r in cleaned.removed].count("repeated") == 1
    assert "reader-funded" not in cleaned.text


def test_odd_inputs_do_not_crash_and_keep_their_text() -> None:
    for text in ("One line only.", "A\r\nB\r\n\r\nC", "\u00a0\n\nWord\n\n\u00a0",
                 "Related:\n\nRelated:\n\nBody text here.", "x" * 5000, "(GPO)\n\nBody.",
                 "Body.\n\nReuters\n\nReuters"):
        art = clean(text)
        assert art.text and all(line.strip() in text for line in art.text.split("\n"))
