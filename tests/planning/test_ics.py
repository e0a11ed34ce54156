"""recommender/planning/ics.py: calendar files that calendar apps accept (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from recommender.planning.ics import escape_text, event_ics, fold_line, ics_filename, outing_ics

STAMP = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def test_event_is_a_complete_all_day_calendar_with_crlf_lines():
    text = event_ics(uid="plan-1@x", title="Pottery", day=date(2025, 6, 14), stamp=STAMP)
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert "DTSTART;VALUE=DATE:20250614" in lines
    assert "DTEND;VALUE=DATE:20250615" in lines  # all-day: the end is exclusive
    assert "DTSTAMP:20250601T093000Z" in lines
    assert "UID:plan-1@x" in lines


def test_text_values_are_escaped():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    text = event_ics(uid="u", title="Wine, cheese; more", day=date(2025, 1, 1), stamp=STAMP)
    assert "SUMMARY:Wine\\, cheese\\; more" in text


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_outing_event_carries_what_to_know():
    activity = {
        "activity_id": "pottery-class",
        "title": "Pottery class",
        "description": "Throw a bowl each.",
        "cost": 60.0,
        "duration_hours": 2.0,
        "conversation_starter": "What would you make for me?",
    }
    text = outing_ics(activity, date(2025, 6, 14), plan_id=7, stamp=STAMP).replace("\r\n ", "")
    assert "UID:plan-7-pottery-class@couples-recommender" in text
    assert "SUMMARY:Together: Pottery class" in text
    assert "about $60 for two" in text and "about 2 hours" in text
    assert "Ask each other: What would you make for me?" in text


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="day must be a date"):
        event_ics(uid="u", title="t", day="2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="uid must be a non-empty text"):
        event_ics(uid=" ", title="t", day=date(2025, 1, 1))


def test_filename_is_safe():
    assert ics_filename("Café: night/out!", date(2025, 6, 14)) == "2025-06-14-cafe-night-out.ics"
    assert ics_filename("!!!", date(2025, 6, 14)) == "2025-06-14-outing.ics"


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


ACTIVITY = {
    "activity_id": "pottery-class",
    "title": "Pottery class",
    "description": "Throw a bowl each.",
    "cost": 60.0,
    "duration_hours": 2.5,
    "conversation_starter": "What would you make for me?",
}


def test_a_planned_outing_starts_at_ten_local_time_and_reminds_them_the_day_before():
    text = unfold(outing_ics(ACTIVITY, date(2025, 6, 14), plan_id=7, stamp=STAMP))
    lines = text.split("\r\n")
    # Floating local time (no Z, no TZID): 10:00 wherever their phones are.
    assert "DTSTART:20250614T100000" in lines
    assert "DTEND:20250614T123000" in lines  # lasts the activity's 2.5 hours
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM") + 1]
    assert "ACTION:DISPLAY" in alarm and "TRIGGER:-P1D" in alarm
    assert "DESCRIPTION:Together: Pottery class" in alarm


def test_the_start_and_reminder_can_be_chosen_or_left_out():
    text = outing_ics(
        ACTIVITY,
        date(2025, 6, 14),
        plan_id=7,
        stamp=STAMP,
        start=time(18, 30),
        reminder=timedelta(hours=2),
    )
    assert "DTSTART:20250614T183000" in text and "TRIGGER:-PT2H" in text
    all_day = outing_ics(
        ACTIVITY, date(2025, 6, 14), plan_id=7, stamp=STAMP, start=None, reminder=None
    )
    assert "DTSTART;VALUE=DATE:20250614" in all_day and "VALARM" not in all_day


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("tab\x0bvertical", "tabvertical"),  # vertical tab
        ("nul\x00byte", "nulbyte"),
        ("line\u2028separator", "line\\nseparator"),
        ("para\u2029graph", "para\\n\\ngraph"),
        ("bell\x07 and del\x7f", "bell and del"),
        ("c1\x85next", "c1next"),
        ("esc\x1b[31mred", "esc[31mred"),
        ("cr\r\nlf\rx", "cr\\nlf\\nx"),
        ("lone \ud800 surrogate", "lone  surrogate"),
    ],
)
def test_control_characters_never_reach_the_calendar_file(raw: str, kept: str):
    activity = {**ACTIVITY, "title": raw, "description": raw, "conversation_starter": raw}
    text = outing_ics(activity, date(2025, 6, 14), plan_id=raw, stamp=STAMP)
    data = text.encode("utf-8")  # a lone surrogate would fail here
    octets = data.replace(b"\r\n", b"")
    assert not [b for b in octets if b < 0x20 or b == 0x7F], "a control octet is left"
    assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text
    assert f"SUMMARY:Together: {kept}" in unfold(text)
    # A calendar parser reads it back, with the line breaks where they were.
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Together: " + kept.replace("\\n", "\n")


def test_hostile_text_still_folds_within_75_octets_and_round_trips():
    title = "Café; night, out\\ " * 20 + "\x00\x0b\u2028"
    text = event_ics(uid="u@x", title=title, day=date(2025, 6, 14), stamp=STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Café; night, out\\ " * 20 + "\n"
