"""Time expressions: spans, TIMEX3 types and values, resolution against the publication date."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storyline.analyze.times import event_dates, tag_times, tag_times_batch
from storyline.model import TimeExpr

from shared_paths import SEEDS  # noqa: E402


def values(text: str, anchor: str | None = "2021-11-16", tz: str | None = None) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in tag_times(text, anchor, tz)}


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {path} not present")
    return path.read_text(encoding="utf-8")


# --- the seed articles ---------------------------------------------------------------------------


def test_seed_2021_11_16_resolves_sunday_and_trip_length():
    found = values(seed("000_8327242eeea26c4d.txt"), "2021-11-16")
    assert found["Sunday"] == ("DATE", "2021-11-14")
    assert found["10-day"] == ("DURATION", "P10D")
    assert found["November 16, 2021"] == ("DATE", "2021-11-16")


def test_seed_2021_11_12_resolves_relative_dates():
    text = seed("001_dff00bd6ecf5e833.txt").split("date 2021-11-12", 1)[1]
    found = tag_times(text, "2021-11-12", "Asia/Jerusalem")
    by_text = {}
    for t in found:
        by_text.setdefault(t.text, t.value)
    assert by_text["Last week"] == "2021-W44"
    assert by_text["Friday"] == "2021-11-12"
    assert by_text["Monday"] == "2021-11-08"
    assert by_text["June"] == "2021-06"
    assert by_text["November 29"] == "2021-11-29"
    for t in found:  # offsets point at the text they claim
        assert text[t.start:t.end] == t.text


# --- our own fixtures ----------------------------------------------------------------------------

WIRE = (
    "The port authority said on Tuesday that dredging, halted since June, would resume next week. "
    "Two years ago the same channel was closed for ten days. Officials met Friday morning and will "
    "meet again on Thursday. The harbour master, who has served for the past three years, expects "
    "a decision by December 3. Traffic rose 4 percent in the third quarter."
)


def test_weekdays_follow_tense():
    found = values(WIRE)  # 2021-11-16 is a Tuesday
    assert found["Tuesday"] == ("DATE", "2021-11-16")
    assert found["Friday morning"] == ("TIME", "2021-11-12TMO")
    assert found["Thursday"] == ("DATE", "2021-11-18")  # 'will meet' looks forward


def test_passive_takes_the_tense_of_its_auxiliary():
    assert [t.value for t in tag_times("The vote will be held on Sunday.", "2021-11-17")] == ["2021-11-21"]
    assert [t.value for t in tag_times("The body was found on Sunday.", "2021-11-17")] == ["2021-11-14"]


def test_scheduling_present_looks_forward_and_reporting_past_back():
    found = tag_times("The president travels to Asia on Monday. He said on Monday that talks failed.", "2021-11-17")
    assert [t.value for t in found] == ["2021-11-22", "2021-11-15"]


def test_relative_units_and_durations():
    found = values(WIRE)
    assert found["June"] == ("DATE", "2021-06")
    assert found["next week"] == ("DATE", "2021-W47")
    assert found["Two years ago"] == ("DATE", "2019")
    assert found["ten days"] == ("DURATION", "P10D")
    assert found["the past three years"] == ("DURATION", "P3Y")
    assert found["December 3"] == ("DATE", "2021-12-03")
    assert found["the third quarter"] == ("DATE", "2021-Q3")


@pytest.mark.parametrize(
    "text, span, kind, value",
    [
        ("Sales fell last year.", "last year", "DATE", "2020"),
        ("He arrived yesterday.", "yesterday", "DATE", "2021-11-15"),
        ("The mill is now closed.", "now", "DATE", "PRESENT_REF"),
        ("Prices have risen recently.", "recently", "DATE", "PAST_REF"),
        ("Growth slowed in the 1990s.", "the 1990s", "DATE", "199"),
        ("Output peaked in mid-2019.", "mid-2019", "DATE", "2019"),
        ("Work starts in the summer of 2022.", "the summer of 2022", "DATE", "2022-SU"),
        ("The ferry runs every week.", "every week", "SET", "P1W"),
        ("The board meets daily.", "daily", "SET", "P1D"),
        ("The vote lasted two hours.", "two hours", "DURATION", "PT2H"),
        ("It ended at 3 p.m. yesterday.", "3 p.m. yesterday", "TIME", "2021-11-15T15:00"),
        ("The plant closed on 2021-10-04.", "2021-10-04", "DATE", "2021-10-04"),
        ("Rents rose in the first half.", "the first half", "DATE", "2021-H1"),
        ("Revenue in Q3 2020 beat forecasts.", "Q3 2020", "DATE", "2020-Q3"),
        ("Talks resume on Christmas Day.", "Christmas Day", "DATE", "2021-12-25"),
        ("Last December the pier burned down.", "Last December", "DATE", "2020-12"),
        ("The deal should close by year-end.", "year-end", "DATE", "2021"),
        ("The index is up 5% since year-end.", "year-end", "DATE", "2020"),
        ("Prices may ease in the near term.", "the near term", "DATE", "FUTURE_REF"),
        ("Talks resume in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("Traders sold in the morning.", "the morning", "TIME", "2021-11-16TMO"),
        ("In January this year the union struck.", "January this year", "DATE", "2021-01"),
    ],
)
def test_expressions(text, span, kind, value):
    assert values(text).get(span) == (kind, value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ferry sails every other week.", {"every other week": ("SET", "P2W")}),
        ("Two thousand people marched.", {}),
        ("It was a second attempt.", {}),
        ("She hosts the show Five Minutes.", {}),
        ("After the fall of the old regime prices fall.", {}),
        ("Planting starts in the early spring.", {"the early spring": ("DATE", "2021-SP")}),
        ("The harvest failed last summer.", {"last summer": ("DATE", "2021-SU")}),
        ("Sales grew a year and a half ago.", {"a year and a half ago": ("DATE", "2020-05")}),
        ("The siege lasted a year and a half.", {"a year and a half": ("DURATION", "P1Y6M")}),
        ("The mayor, 52 years old, resigned.", {}),
        ("They hold a quarter of the market.", {}),
        ("The feud lasted a quarter of a century.", {"a quarter of a century": ("DURATION", "P25Y")}),
        ("The airline adds 350 flights a month.", {"a month": ("SET", "P1M")}),
        ("He worked there for a week.", {"a week": ("DURATION", "P1W")}),
        ('She spoke on the "This Week" show.', {}),
        ("The film High Noon was shown.", {}),
    ],
)
def test_lookalikes_and_less_common_forms(text, expected):
    """Look-alikes of time expressions are left alone; rarer forms get their TIMEX3 values."""
    assert values(text) == expected


def test_future_tense_keeps_a_later_month_in_the_future():
    found = values("The firm will open a new plant in December.", "1998-03-04")
    assert found["December"] == ("DATE", "1998-12")
    assert values("The firm opened a new plant in December.", "1998-03-04")["December"] == ("DATE", "1997-12")


def test_iso_week_of_this_week():
    assert values("Markets were calm this week.", "2021-11-12") == {"this week": ("DATE", "2021-W45")}


def test_numbers_in_other_roles_are_not_dates():
    text = ("Call 555-2021 for tickets. The team won 2-1 and 1998 fans cheered. "
            "The fund holds $2000 and 1,995 shares; a 6-year-old boy watched.")
    found = tag_times(text, "2021-11-16")
    assert found == []


def test_ranges_of_days_and_scores():
    found = tag_times("Talks will run April 24 and 25 and on Sept. 29-30; on May 3-2 was the score.", "2021-02-10")
    assert [(t.text, t.value) for t in found] == [
        ("April 24", "2021-04-24"), ("25", "2021-04-25"), ("Sept. 29", "2021-09-29"), ("30", "2021-09-30")]


def test_years_inside_names_are_not_dates():
    found = tag_times("He installed Windows 2000 and joined Horizon 1985 in 1998. That 1984 treaty held.", "1999-10-26")
    assert [t.text for t in found] == ["1998", "1984"]


def test_month_words_that_are_not_months():
    assert tag_times("You may march on if you wish.", "2021-11-16") == []


def test_without_anchor_relative_values_stay_unknown():
    found = values("He left on Friday and returns next month.", None)
    assert found["Friday"] == ("DATE", "XXXX-WXX-5")
    assert found["next month"] == ("DATE", "XXXX-XX")
    assert values("It was signed on March 5, 1998.", None)["March 5, 1998"] == ("DATE", "1998-03-05")


def test_timex_anchor_and_time_zone():
    # 22:30 UTC on the 12th is already the 13th (a Saturday) in Jerusalem
    assert values("The talks ended today.", "2021-11-12T22:30Z", "Asia/Jerusalem")["today"] == ("DATE", "2021-11-13")
    assert values("The talks ended today.", "2021-11-12T22:30Z")["today"] == ("DATE", "2021-11-12")
    assert values("The talks ended today.", "1998-11-20T09:00")["today"] == ("DATE", "1998-11-20")


def test_a_mentioned_date_anchors_later_ones():
    text = "The treaty was signed on March 5, 1998. Two days later, the parliament ratified it."
    assert values(text)["Two days later"] == ("DATE", "1998-03-07")


def test_a_full_date_sets_the_year_of_later_ones_in_its_sentence():
    text = "Talks began on March 5, 1998 and broke down on March 9. A deal is due on March 20."
    found = values(text)
    assert found["March 9"] == ("DATE", "1998-03-09")
    assert found["March 20"] == ("DATE", "2022-03-20")  # another sentence, and ahead: the next March


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("The ferry sailed at 0800 GMT on Monday.", "0800 GMT on Monday", "2021-11-15T08:00"),
        ("He spoke at 14:30 local time.", "14:30 local time", "2021-11-16T14:30"),
        ("Polls close at 8 p.m. Voters queued.", "8 p.m", "2021-11-16T20:00"),
        ("The ferry left at noon Thursday.", "noon Thursday", "2021-11-11T12:00"),
        ("The ferry docked at 9:20 a.m. (0620 GMT) Friday.", "9:20 a.m.", "2021-11-12T09:20"),
    ],
)
def test_clock_times(text, span, value):
    assert values(text).get(span) == ("TIME", value)


def test_quarters_follow_the_one_under_discussion():
    text = ("Profit rose in the third quarter from $3 million in the year-ago period. "
            "Sales in the quarter fell, and the 1988 period was weaker.")
    found = values(text, "1989-10-26")
    assert found["the third quarter"] == ("DATE", "1989-Q3")
    assert found["the year-ago period"] == ("DATE", "1988-Q3")
    assert found["the quarter"] == ("DATE", "1989-Q3")
    assert found["the 1988 period"] == ("DATE", "1988-Q3")


def test_offsets_survive_letters_that_lower_to_two_characters():
    text = "İstanbul officials met on Friday, İzmir ones on Monday."
    found = tag_times(text, "2021-11-16")
    assert [(text[t.start:t.end], t.value) for t in found] == [("Friday", "2021-11-12"), ("Monday", "2021-11-15")]


def test_later_in_the_day_takes_the_day_named_before():
    found = values("He arrived on Friday and spoke later in the day.", "2021-11-16")
    assert found["the day"] == ("DATE", "2021-11-12")


def test_batch_matches_single_calls():
    rows = [(WIRE, "2021-11-16", None), ("Nothing here.", None, None), ("He left Monday.", "2021-11-12", None)]
    assert list(tag_times_batch(rows)) == [tag_times(*r) for r in rows]


def test_event_dates_keeps_calendar_values_only():
    times = [
        TimeExpr(0, 1, "a", "DATE", "2021-11-14"), TimeExpr(0, 1, "b", "DURATION", "P10D"),
        TimeExpr(0, 1, "c", "DATE", "PRESENT_REF"), TimeExpr(0, 1, "d", "TIME", "2021-11-15T15:00"),
        TimeExpr(0, 1, "e", "DATE", "2021-W44"), TimeExpr(0, 1, "f", "DATE", "XXXX-06"),
        TimeExpr(0, 1, "g", "DATE", "2021-11-14"),
    ]
    assert event_dates(times) == ["2021-11-14", "2021-11-15", "2021-W44"]


def test_offsets_and_order_on_a_longer_text():
    text = (WIRE + "\n\n") * 3
    found = tag_times(text, "2021-11-16")
    assert all(text[t.start:t.end] == t.text for t in found)
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_run_on_text_stays_linear():
    import time

    text = "Friday, " * 10000 + "Windows 2000 " * 3000 + "the year " * 5000
    t0 = time.process_time()
    found = tag_times(text, "2021-11-16")
    assert len(found) == 15000
    assert time.process_time() - t0 < 10  # about 0.3 s; a quadratic step takes minutes


def test_cli_times_command(tmp_path):
    infile, outfile = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text(json.dumps({"id": "a1", "text": "Officials met on Sunday.", "date": "2021-11-16"}) + "\n")
    subprocess.run([sys.executable, "-m", "storyline.cli", "times", str(infile), "-o", str(outfile)], check=True)
    row = json.loads(outfile.read_text())
    assert row["id"] == "a1"
    assert row["times"] == [{"start": 17, "end": 23, "text": "Sunday", "type": "DATE", "value": "2021-11-14"}]


def test_a_weekday_night_is_valued_as_the_day():
    found = values("The council met late on Monday night to approve the budget.", "2021-11-17")
    assert found["Monday night"] == ("DATE", "2021-11-15")
    assert values("Crews worked through Sunday morning.", "2021-11-17")["Sunday morning"] == ("TIME", "2021-11-14TMO")


def test_effective_and_as_early_as_look_forward():
    found = values("The new tariff schedule, effective March 1, raised prices.", "2021-11-17")
    assert found["March 1"] == ("DATE", "2022-03-01")
    assert values("Officials said a ruling could come as early as Friday.", "2021-11-17")["Friday"] == ("DATE", "2021-11-19")


def test_until_looks_forward_unless_fronted():
    found = values("The agency gave the owners until 5 p.m. Friday to respond.", "2021-11-17")
    assert found["5 p.m. Friday"] == ("TIME", "2021-11-19T17:00")
    found = values("Until Monday, the mayor had refused to comment.", "2021-11-17")
    assert found["Monday"] == ("DATE", "2021-11-15")


def test_the_period_a_year_back_is_the_quarter_under_discussion_a_year_earlier():
    text = ("The brewer earned $5 million in the second quarter. That compares with $4 million in the "
            "same period last year. Sales for last year's quarter were flat.")
    found = values(text, "2021-08-02")
    assert found["the second quarter"] == ("DATE", "2021-Q2")
    assert found["the same period last year"] == ("DATE", "2020-Q2")
    assert found["last year's quarter"] == ("DATE", "2020-Q2")


def test_the_quarter_ended_a_date_is_the_calendar_quarter_closing_nearest_it():
    found = values("The retailer lost $2 million in the quarter ended July 31, it said.", "2021-10-20")
    assert found["the quarter"] == ("DATE", "2021-Q2")
    found = values("Profit rose in the quarter ended Sept. 30, the bank said.", "2021-10-20")
    assert found["the quarter"] == ("DATE", "2021-Q3")


def test_that_day_after_a_month_is_an_unknown_day_of_that_month():
    found = values("The plant closed in March 2019. Workers were told that same day.", "2021-11-17")
    assert found["that same day"] == ("DATE", "2019-03-XX")


def test_a_rate_adverb_after_an_amount_is_not_a_set():
    assert tag_times("Sales should grow 7% annually through 2025.", "2021-11-17")[0].text == "2025"
    assert values("The fair is held here annually.", "2021-11-17")["annually"] == ("SET", "P1Y")


def test_spoken_years_after_a_month_or_season():
    found = values("Prices peaked in March nineteen eighty-one and again in the summer of nineteen ninety.", "2021-11-17")
    assert found["March nineteen eighty-one"] == ("DATE", "1981-03")
    assert found["the summer of nineteen ninety"] == ("DATE", "1990-SU")


def test_the_week_of_a_day_is_its_iso_week():
    found = values("Hearings are set for the week of Jan. 10, officials said.", "2021-11-17")
    assert found["the week of Jan. 10"] == ("DATE", "2022-W02")


def test_the_day_before_a_weekday_is_one_expression():
    found = values("Talks broke down the day before last Friday's vote.", "2021-11-17")
    assert found["day before last Friday"] == ("DATE", "2021-11-11")


def test_last_year_in_a_quarterly_comparison_is_the_quarter_a_year_back():
    text = ("The insurer earned $40 million in the third quarter, compared with $31 million last year. "
            "Last year was hard for the whole industry.")
    found = values(text, "2021-10-28")
    assert found["last year"] == ("DATE", "2020-Q3")
    assert found["Last year"] == ("DATE", "2020")


def test_the_latest_quarter_becomes_the_quarter_under_discussion():
    text = ("Analysts expect gains in the fourth quarter. In the latest quarter, the bank earned $9 million, "
            "up from $7 million a year earlier.")
    found = values(text, "2021-10-28")
    assert found["the latest quarter"] == ("DATE", "2021-Q3")
    assert found["a year earlier"] == ("DATE", "2020-Q3")


def test_a_plan_in_the_past_perfect_looks_back():
    # 2021-11-17 is a Wednesday: the deadline that 'had been set' was last Friday, one that 'is set' is next Friday
    found = tag_times("The bid had been scheduled to lapse on Friday, but the buyer extended it.", "2021-11-17")
    assert [t.value for t in found] == ["2021-11-12"]
    found = tag_times("The bid is scheduled to lapse on Friday.", "2021-11-17")
    assert [t.value for t in found] == ["2021-11-19"]


def test_a_modified_part_of_day_is_a_time_of_its_day():
    found = values("By mid-afternoon the square was empty; at mid morning yesterday it had been full.", "2021-11-16")
    assert found["mid-afternoon"] == ("TIME", "2021-11-16TAF")
    assert found["mid morning yesterday"] == ("TIME", "2021-11-15TMO")
    assert values("Late evening storms are forecast.", "2021-11-16")["Late evening"] == ("TIME", "2021-11-16TEV")


def test_election_day_is_the_tuesday_after_the_first_monday_of_november():
    assert values("Voters will go to the polls on Election Day.", "2022-10-20")["Election Day"] == ("DATE", "2022-11-08")


def test_a_later_date_is_a_future_reference():
    assert values("The hearing was put off to a later date.")["a later date"] == ("DATE", "FUTURE_REF")


def test_the_latest_year_is_the_last_one_completed():
    found = values("Exports grew 5% in the latest fiscal year and 2% in the latest quarter.", "2021-11-16")
    assert found["the latest fiscal year"] == ("DATE", "2020")
    assert found["the latest quarter"] == ("DATE", "2021-Q3")


def test_in_the_morning_takes_the_day_of_the_sentence_before():
    found = values("Shares slid on Friday. Traders sold heavily in the morning, then bought.", "2021-11-16")
    assert found["Friday"] == ("DATE", "2021-11-12")
    assert found["the morning"] == ("TIME", "2021-11-12TMO")
    found = values("Traders sold heavily in the morning.", "2021-11-16")  # no day named: the publication day
    assert found["the morning"] == ("TIME", "2021-11-16TMO")
    found = values("The strike began on Friday. By 10 a.m. the docks were idle.", "2021-11-16")
    assert found["10 a.m."] == ("TIME", "2021-11-12T10:00")


def test_the_previous_weekday_counts_back_from_the_day_under_discussion():
    found = values("Shares closed Friday 3% below the previous Friday.", "2021-11-16")
    assert found["Friday"] == ("DATE", "2021-11-12")
    assert found["the previous Friday"] == ("DATE", "2021-11-05")
    found = values("The court heard the case on Nov. 3 and ruled the following Monday.", "2021-11-16")
    assert found["the following Monday"] == ("DATE", "2021-11-08")
    assert values("The index fell from the previous Friday.", "2021-11-16")["the previous Friday"] == (
        "DATE", "2021-11-12")  # no day under discussion: the one before publication


def test_one_day_after_a_modal_or_subject_is_some_day():
    assert values("Analysts say the port will one day rival Rotterdam.")["one day"] == ("DATE", "FUTURE_REF")
    assert values("The strike lasted one day.")["one day"] == ("DURATION", "P1D")


def test_the_plain_form_of_a_scheduling_verb_looks_ahead():
    # 2021-11-17 is a Wednesday
    assert [t.value for t in tag_times("The two leaders meet Monday in Geneva.", "2021-11-17")] == ["2021-11-22"]
    assert [t.value for t in tag_times("The two leaders did not meet Monday.", "2021-11-17")] == ["2021-11-15"]


def test_a_participle_before_by_is_not_a_past_tense():
    # 2021-02-10: 'will' points ahead; 'untouched by' describes the markets and must not pull back
    found = values("The airline will nearly double its flights between the two cities by August in a search for "
                   "markets untouched by the slump.", "2021-02-10")
    assert found["August"] == ("DATE", "2021-08")


def test_last_or_next_before_a_month_and_day_is_one_date():
    found = values("The clinic was attacked last Oct. 23 and reopens next Jan. 5.", "2021-11-16")
    assert found["last Oct. 23"] == ("DATE", "2021-10-23")
    assert found["next Jan. 5"] == ("DATE", "2022-01-05")
    assert values("The plant closed last Dec. 3.", "2021-11-16")["last Dec. 3"] == ("DATE", "2020-12-03")


def test_a_holiday_takes_its_nearest_year_and_easter_week_its_week():
    # 2000-04-17: Easter fell on April 23; a past-tense verb does not push a holiday six days off into 1999
    found = values("Crowds gathered as Easter week began.", "2000-04-17")
    assert found["Easter week"] == ("DATE", "2000-W16")
    assert values("Crowds gathered on Easter.", "2000-04-17")["Easter"] == ("DATE", "2000-04-23")
    assert values("Shops closed on Christmas Day.", "2000-04-17")["Christmas Day"] == ("DATE", "1999-12-25")
