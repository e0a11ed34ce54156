"""Calendar files (iCalendar, RFC 5545) for planned outings, written with ``icalendar``.

A planned outing becomes an event the couple can open in any calendar app: by default
at 10:00 local time (a *floating* time, which calendars show as 10:00 wherever the
phone is), lasting as long as the activity takes, with a reminder the day before.
``icalendar`` (RFC 5545, well kept) does the escaping and the folding of long lines;
this module only removes what RFC 5545 forbids in text and ``icalendar`` lets through:
control characters (NUL, vertical tab...), which are dropped, and the Unicode line and
paragraph separators, which become ordinary line breaks.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from icalendar import Alarm, Calendar, Event, vText
from icalendar.parser import Contentline

from recommender.catalog.columns import Columns
from recommender.wording import cost_words, duration_words, slugify

CRLF: Final = "\r\n"
PRODID: Final = "-//Something new, together//couples-recommender//EN"
#: When a planned outing starts unless told otherwise (floating: local wherever they are).
DEFAULT_START: Final = time(10, 0)
#: How long before the start the reminder goes off unless told otherwise.
DEFAULT_REMINDER: Final = timedelta(days=1)
#: Longest an event may last in the calendar (a "weeks"-long idea is not one long block).
_LONGEST: Final = timedelta(hours=12)
_LINE_BREAKS: Final = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\t": " "}


def clean_text(value: object) -> str:
    """``value`` as text RFC 5545 accepts: control characters dropped, line breaks kept.

    Carriage returns and the Unicode line (U+2028) and paragraph (U+2029) separators become
    ``\\n``, a tab a space; every other control character (NUL, vertical tab, DEL, C1) and
    any unpaired surrogate is removed.
    """
    text = str(value)
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    return "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs", "Zl", "Zp"}
    )


def escape_text(value: str) -> str:
    """A TEXT value cleaned (:func:`clean_text`) and escaped (RFC 5545 section 3.3.11)."""
    return vText(clean_text(value)).to_ical().decode("utf-8")


def fold_line(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 section 3.1).

    Continuation lines start with a single space; multi-byte UTF-8 characters are never
    split (``icalendar``'s folding).
    """
    return Contentline(line).to_ical().decode("utf-8")


def event_ics(
    *,
    uid: str,
    title: str,
    day: date,
    description: str = "",
    stamp: datetime | None = None,
    start: time | None = None,
    duration: timedelta | None = None,
    reminder: timedelta | None = None,
) -> str:
    """One event as a complete ``.ics`` calendar: all day, or from ``start`` on ``day``.

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
        Free text; line breaks are kept, control characters dropped.
    stamp : datetime, optional
        When the file was made (``DTSTAMP``); defaults to now, in UTC.
    start : datetime.time, optional
        The local (floating) start time; without it the event lasts all day.
    duration : datetime.timedelta, optional
        How long a timed event lasts (default two hours, at most twelve).
    reminder : datetime.timedelta, optional
        How long before the start a reminder goes off (a ``VALARM``); none by default.

    Returns
    -------
    str
        The calendar text with CRLF line endings, ending in CRLF.
    """
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValueError(f"day must be a date (got {day!r})")
    if not clean_text(uid).strip():
        raise ValueError("uid must be a non-empty text")
    if start is not None and not isinstance(start, time):
        raise ValueError(f"start must be a time of day (got {start!r})")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)

    event = Event()
    event.add("uid", clean_text(uid))
    event.add("dtstamp", stamp)
    if start is None:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # all-day: the end is exclusive
        event.add("transp", "TRANSPARENT")
    else:
        begins = datetime.combine(day, start.replace(tzinfo=None))  # floating local time
        length = min(max(duration or timedelta(hours=2), timedelta(minutes=15)), _LONGEST)
        event.add("dtstart", begins)
        event.add("dtend", begins + length)
        event.add("transp", "OPAQUE")
    event.add("summary", clean_text(title))
    if description:
        event.add("description", clean_text(description))
    if reminder is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean_text(title))
        alarm.add("trigger", -abs(reminder))
        event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def outing_ics(
    activity: Mapping[str, object],
    day: date,
    *,
    plan_id: int | str,
    stamp: datetime | None = None,
    start: time | None = DEFAULT_START,
    reminder: timedelta | None = DEFAULT_REMINDER,
) -> str:
    """The ``.ics`` calendar for a planned outing of ``activity`` on ``day``.

    The event starts at ``start`` (10:00 local time by default; None for all day), lasts
    the activity's ``duration_hours`` and reminds them ``reminder`` before (the day before
    by default; None for no reminder). The description carries what they will do, the
    cost and time it takes, and the conversation starter, so the calendar entry is useful
    on its own.
    """
    c = Columns
    parts = [str(activity.get(c.DESCRIPTION, "") or "")]
    facts = []
    if activity.get(c.COST) is not None:
        facts.append(f"Cost: {cost_words(float(activity[c.COST]))}")  # type: ignore[arg-type]
    hours = activity.get(c.DURATION_HOURS)
    if hours is not None:
        facts.append(f"Time: {duration_words(float(hours))}")  # type: ignore[arg-type]
    if facts:
        parts.append(". ".join(facts) + ".")
    starter = activity.get(c.CONVERSATION_STARTER)
    if starter:
        parts.append(f"Ask each other: {starter}")
    length = None
    if isinstance(hours, (int, float)) and math.isfinite(hours) and hours > 0:
        length = timedelta(hours=min(float(hours), 24.0))
    return event_ics(
        uid=f"plan-{plan_id}-{activity[c.ACTIVITY_ID]}@couples-recommender",
        title=f"Together: {activity[c.TITLE]}",
        day=day,
        description="\n\n".join(p for p in parts if p),
        stamp=stamp,
        start=start,
        duration=length,
        reminder=reminder,
    )


def ics_filename(title: str, day: date) -> str:
    """A safe file name for the download: ``"2025-06-14-pottery-class.ics"``."""
    return f"{day:%Y-%m-%d}-{slugify(title) or 'outing'}.ics"
