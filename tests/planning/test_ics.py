"""recommender/ics.py: calendar files that calendar apps accept (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

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
