"""Calendar files (iCalendar, RFC 5545) for planned outings.

A planned outing becomes an all-day event the couple can open in any calendar
app. The text follows RFC 5545: CRLF line endings, TEXT values escaped
(backslash, semicolon, comma, newline) and lines folded at 75 octets without
splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from recommender.catalog.columns import Columns
from recommender.wording import cost_words, duration_words, slugify

CRLF = "\r\n"
_MAX_OCTETS = 75
PRODID = "-//Something new, together//couples-recommender//EN"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 section 3.1).

    Continuation lines start with a single space, which counts towards their 75
    octets; multi-byte UTF-8 characters are never split.
    """
    chunks: list[str] = []
    current = ""
    limit = _MAX_OCTETS
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, _MAX_OCTETS - 1
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def event_ics(
    *,
    uid: str,
    title: str,
    day: date,
    description: str = "",
    stamp: datetime | None = None,
) -> str:
    """One all-day event as a complete ``.ics`` calendar.

    Parameters
    ----------
    uid : str
        Globally unique id of the event; the same plan must always get the same
        uid so re-importing updates the event instead of duplicating it.
    title : str
        The event summary.
    day : datetime.date
        The day of the outing.
    description : str
        Free text; newlines are kept (escaped as ``\\n``).
    stamp : datetime, optional
        When the file was made (``DTSTAMP``); defaults to now, in UTC.

    Returns
    -------
    str
        The calendar text with CRLF line endings, ending in CRLF.
    """
    if not isinstance(day, date):
        raise ValueError(f"day must be a date (got {day!r})")
    if not str(uid).strip():
        raise ValueError("uid must be a non-empty text")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return CRLF.join(fold_line(line) for line in lines) + CRLF


def outing_ics(
    activity: Mapping[str, object],
    day: date,
    *,
    plan_id: int | str,
    stamp: datetime | None = None,
) -> str:
    """The ``.ics`` calendar for a planned outing of ``activity`` on ``day``.

    The description carries what they will do, the cost and time it takes, and
    the conversation starter, so the calendar entry is useful on its own.
    """
    c = Columns
    parts = [str(activity.get(c.DESCRIPTION, "") or "")]
    facts = []
    if activity.get(c.COST) is not None:
        facts.append(f"Cost: {cost_words(float(activity[c.COST]))}")  # type: ignore[arg-type]
    if activity.get(c.DURATION_HOURS) is not None:
        facts.append(f"Time: {duration_words(float(activity[c.DURATION_HOURS]))}")  # type: ignore[arg-type]
    if facts:
        parts.append(". ".join(facts) + ".")
    starter = activity.get(c.CONVERSATION_STARTER)
    if starter:
        parts.append(f"Ask each other: {starter}")
    return event_ics(
        uid=f"plan-{plan_id}-{activity[c.ACTIVITY_ID]}@couples-recommender",
        title=f"Together: {activity[c.TITLE]}",
        day=day,
        description="\n\n".join(p for p in parts if p),
        stamp=stamp,
    )


def ics_filename(title: str, day: date) -> str:
    """A safe file name for the download: ``"2025-06-14-pottery-class.ics"``."""
    return f"{day:%Y-%m-%d}-{slugify(title) or 'outing'}.ics"
