"""Mapping Bored API records onto the catalog's columns.

A Bored API record (``activity``, ``type``, ``participants``, ``price``,
``accessibility``, ``duration``, ``kidFriendly``, ``link``, ``key``) becomes an idea
with a description in a plain sentence (never the source's own words for its types),
a conversation starter suited to its category, and a reason when it is meant for one
person, is a chore or a study topic, so the preview can leave it unticked.
"""

from __future__ import annotations

from typing import Final

from recommender.catalog.columns import IDEA_PREFIX, Columns
from recommender.catalog.ids import idea_id
from recommender.catalog.problems import Problem
from recommender.ingest.shared import DEFAULTS, Filler, Mapped, blank, number, starter_for
from recommender.ingest.words import flag_reasons, guess_category, setting_for, tags_for
from recommender.wording import slugify

C = Columns

#: Bored API ``price`` is relative, 0 (free) to 1 (the priciest); dollars = price x this.
BORED_PRICE_SCALE: Final = 100.0
#: Bored API ``duration`` words, in hours.
BORED_DURATION_HOURS: Final[dict[str, float]] = {
    "minutes": 0.5,
    "hours": 2.0,
    "days": 8.0,
    "weeks": 10.0,
}
#: Bored API ``accessibility`` -> (risk, energy) on the catalog's 1-5 scales.
BORED_ACCESSIBILITY: Final[dict[str, tuple[int, int]]] = {
    "few to no challenges": (1, 1),
    "minor challenges": (2, 2),
    "major challenges": (3, 3),
}
#: Bored API ``type`` -> (category or None to guess from the words, fallback tag, always add tag).
BORED_TYPES: Final[dict[str, tuple[str | None, str, bool]]] = {
    "education": ("learning", "science", False),
    "charity": ("volunteering", "community", True),
    "cooking": ("food-drink", "cooking", True),
    "music": ("music-performance", "music", True),
    "diy": ("arts-crafts", "diy", True),
    "busywork": ("at-home", "diy", False),
    "recreational": (None, "social", False),
    "social": (None, "social", True),
    "relaxation": (None, "relaxation", True),
}
#: When a vague type (or a catalog-like file) gives no category and no words match.
BORED_TYPE_FALLBACK_CATEGORY: Final[dict[str, str]] = {
    "recreational": "at-home",
    "social": "at-home",
    "relaxation": "wellness",
}

#: What each Bored API ``type`` is, as the first sentence of a description.
BORED_TYPE_SENTENCES: Final[dict[str, str]] = {
    "education": "Something new to learn together.",
    "charity": "A way to help others, side by side.",
    "cooking": "Something to cook or bake together.",
    "music": "Something musical to share.",
    "diy": "Something to make with your hands.",
    "busywork": "A job to get done together.",
    "recreational": "Something fun to do together.",
    "social": "Something to share with other people.",
    "relaxation": "A calm way to spend time together.",
}
#: Fields of a Bored API record that are read (others are listed as not used).
BORED_FIELDS: Final = frozenset(
    {
        "activity",
        "type",
        "key",
        "price",
        "duration",
        "accessibility",
        "participants",
        "kidFriendly",
        "link",
    }
)
#: Fields that together identify a Bored API file.
BORED_MARKERS: Final = frozenset({"activity", "type", "key"})

BORED_MAPPING: Final[dict[str, str]] = {
    C.ACTIVITY_ID: f"'{IDEA_PREFIX}bored-' + key (the same key is never imported twice)",
    C.TITLE: "activity",
    C.DESCRIPTION: "a plain sentence from type, participants, kidFriendly and link",
    C.CATEGORY: "type (education -> learning, charity -> volunteering, cooking -> food-drink,"
    " music -> music-performance, diy -> arts-crafts, busywork -> at-home); for recreational,"
    " social and relaxation, guessed from the activity's words, else at-home (relaxation:"
    " wellness)",
    C.TAGS: "vocabulary tags suggested by the activity's words, plus the type's tag",
    C.COST: f"price x {BORED_PRICE_SCALE:.0f} (price is 0 = free to 1 = priciest; dollars)",
    C.RISK: "accessibility: few to no challenges 1, minor 2, major 3",
    C.DURATION_HOURS: "duration: "
    + ", ".join(f"{k} {v:g}" for k, v in BORED_DURATION_HOURS.items()),
    C.SETTING: f"outdoor when the words say so (park, hike, walk...), else {DEFAULTS[C.SETTING]}",
    C.ENERGY: "accessibility: few to no challenges 1, minor 2, major 3",
    C.SEASONS: f"default: {DEFAULTS[C.SEASONS]}",
    C.CONVERSATION_STARTER: "one written for the idea's category",
}


def describe(kind: str, participants: int | None, kid_friendly: object, link: object) -> str:
    """The description of a Bored API idea, in plain sentences."""
    sentences = [BORED_TYPE_SENTENCES.get(kind, "Something to do together.")]
    if participants == 1:
        sentences.append("Usually done alone, so agree how you will share it.")
    elif participants == 2:
        sentences.append("Made for two.")
    elif participants is not None:
        sentences.append(f"Best with {participants} people, so invite friends along.")
    if str(kid_friendly).lower() == "false":
        sentences.append("Not for children.")
    if isinstance(link, str) and link.strip():
        sentences.append(f"More: {link.strip()}")
    return " ".join(sentences)


def map_bored(records: list[tuple[str, dict[str, object]]], filler: Filler) -> Mapped:
    """Map Bored API records; a record with a bad value becomes problems, not a row."""
    out = Mapped([], [], [], [])
    for where, rec in records:
        bad: list[Problem] = []

        def problem(
            fld: str, value: object, message: str, _bad: list[Problem] = bad, _at: str = where
        ) -> None:
            shown = "" if value is None else str(value)
            _bad.append(Problem(_at, fld, shown if len(shown) <= 80 else "", message))

        activity = rec.get("activity")
        if not isinstance(activity, str) or not activity.strip():
            problem("activity", activity, "is missing or empty; every activity needs its text")
            out.problems.extend(bad)
            continue
        title = " ".join(activity.split())
        kind = str(rec.get("type") or "").strip().lower()
        category_fixed, type_tag, always = BORED_TYPES.get(kind, (None, "social", False))

        row: dict[str, object] = {C.TITLE: title}
        key = rec.get("key")
        if blank(key):
            row[C.ACTIVITY_ID] = idea_id(f"bored-{slugify(title)}")
        else:
            row[C.ACTIVITY_ID] = idea_id(f"bored-{key}")

        category = (
            category_fixed
            or guess_category(title)
            or BORED_TYPE_FALLBACK_CATEGORY.get(kind)
            or DEFAULTS[C.CATEGORY]
        )
        row[C.CATEGORY] = category
        row[C.TAGS] = tags_for([type_tag] if always else [], title, type_tag)

        price = rec.get("price")
        if blank(price):
            row[C.COST] = filler.default(C.COST, DEFAULTS[C.COST])
        else:
            value = number(price)
            if value is None or not 0 <= value <= 1:
                problem("price", price, "must be a number from 0 (free) to 1 (the priciest)")
            else:
                row[C.COST] = round(value * BORED_PRICE_SCALE)

        duration = rec.get("duration")
        if blank(duration):
            row[C.DURATION_HOURS] = filler.default(C.DURATION_HOURS, DEFAULTS[C.DURATION_HOURS])
        else:
            hours = BORED_DURATION_HOURS.get(str(duration).strip().lower())
            if hours is None:
                problem("duration", duration, f"must be one of {', '.join(BORED_DURATION_HOURS)}")
            else:
                row[C.DURATION_HOURS] = hours

        access = rec.get("accessibility")
        if blank(access):
            row[C.RISK] = filler.default(C.RISK, DEFAULTS[C.RISK])
            row[C.ENERGY] = filler.default(C.ENERGY, DEFAULTS[C.ENERGY])
        else:
            levels = accessibility_levels(access)
            if levels is None:
                allowed = ", ".join(f"'{a.capitalize()}'" for a in BORED_ACCESSIBILITY)
                problem("accessibility", access, f"must be {allowed} or a number from 0 to 1")
            else:
                row[C.RISK], row[C.ENERGY] = levels

        participants: int | None = None
        raw_participants = rec.get("participants")
        if not blank(raw_participants):
            count = number(raw_participants)
            if count is None or not count.is_integer() or not 1 <= count <= 1000:
                problem("participants", raw_participants, "must be a whole number, 1 or more")
            else:
                participants = int(count)
        kid = rec.get("kidFriendly")
        if (
            not blank(kid)
            and not isinstance(kid, bool)
            and str(kid).lower() not in ("true", "false")
        ):
            problem("kidFriendly", kid, "must be true or false")
        link = rec.get("link")
        if not blank(link) and not isinstance(link, str):
            problem("link", link, "must be text (a web address)")
            link = None
        if bad:
            out.problems.extend(bad)
            continue

        row[C.DESCRIPTION] = f"{title}. {describe(kind, participants, kid, link)}"
        setting = setting_for(title, category)
        row[C.SETTING] = setting or filler.default(C.SETTING, DEFAULTS[C.SETTING])
        row[C.SEASONS] = filler.default(C.SEASONS, DEFAULTS[C.SEASONS])
        row[C.CONVERSATION_STARTER] = filler.default(C.CONVERSATION_STARTER, starter_for(category))
        out.rows.append(row)
        out.wheres.append(where)
        out.reasons.append(flag_reasons(title, participants=participants, chore=kind == "busywork"))
    return out


def accessibility_levels(value: object) -> tuple[int, int] | None:
    """(risk, energy) for a Bored API ``accessibility`` word or 0-1 number, or None."""
    level = number(value)
    if level is not None:  # the older API's 0 (accessible) .. 1 (hard) number
        if not 0 <= level <= 1:
            return None
        levels = list(BORED_ACCESSIBILITY.values())
        return levels[0] if level < 0.3 else levels[1] if level < 0.7 else levels[2]
    # The public file has stray quotes on a couple of values ("'Minor challenges").
    words = " ".join(str(value).strip().strip("'\"").lower().split())
    return BORED_ACCESSIBILITY.get(words)
