"""Mapping catalog-like records (some or all of the catalog's columns) onto the catalog.

Only a title is required (``title``, ``activity`` or ``name``; header case and spaces
do not matter). A missing category or tags are guessed from the title's words; other
missing columns get the documented defaults, counted so the preview can list them.
"""

from __future__ import annotations

from typing import Final

from recommender.catalog.columns import IDEA_PREFIX, Columns
from recommender.catalog.ids import idea_id
from recommender.catalog.problems import Problem
from recommender.ingest.shared import (
    DEFAULT_DESCRIPTION,
    DEFAULTS,
    Filler,
    Mapped,
    blank,
    norm_key,
    shown_value,
    starter_for,
)
from recommender.ingest.words import (
    CATEGORY_TAG,
    flag_reasons,
    guess_category,
    setting_for,
    tags_for,
)

C = Columns

#: Other names accepted for the title column.
TITLE_ALIASES: Final = (C.TITLE, "activity", "name")
_FILLED: Final = (C.COST, C.RISK, C.DURATION_HOURS, C.ENERGY, C.SEASONS)


def map_catalog_like(
    records: list[tuple[str, dict[str, object]]], source: str, filler: Filler
) -> Mapped:
    """Map catalog-like records; a record without a title becomes a problem, not a row."""
    out = Mapped([], [], [], [])
    for where, rec in records:
        values = {norm_key(k): v for k, v in rec.items()}
        title_value = next(
            (values[a] for a in TITLE_ALIASES if a in values and not blank(values[a])), None
        )
        if title_value is None:
            out.problems.append(
                Problem(
                    where,
                    C.TITLE,
                    "",
                    "is missing or empty (a title may also be called"
                    f" {' or '.join(TITLE_ALIASES[1:])})",
                )
            )
            continue
        title = " ".join(str(title_value).split())
        row: dict[str, object] = {C.TITLE: title}
        given = {c: values[c] for c in C.ALL if c in values and not blank(values[c])}
        raw_id = given.get(C.ACTIVITY_ID)
        row[C.ACTIVITY_ID] = idea_id(str(raw_id) if raw_id is not None else title)
        if C.DESCRIPTION in given:
            row[C.DESCRIPTION] = given[C.DESCRIPTION]
        else:
            row[C.DESCRIPTION] = filler.default(
                C.DESCRIPTION,
                DEFAULT_DESCRIPTION.format(title=title, source=source),
                DEFAULT_DESCRIPTION.format(title="<title>", source=source),
            )
        if C.CATEGORY in given:
            category = str(given[C.CATEGORY]).strip()
        else:
            guessed = guess_category(title)
            category = guessed or str(filler.default(C.CATEGORY, DEFAULTS[C.CATEGORY]))
        row[C.CATEGORY] = category
        if C.TAGS in given:
            row[C.TAGS] = given[C.TAGS]
        else:
            row[C.TAGS] = tags_for([], title, CATEGORY_TAG.get(category, "social"))
        if C.SETTING in given:
            row[C.SETTING] = given[C.SETTING]
        else:
            row[C.SETTING] = setting_for(title, category) or filler.default(
                C.SETTING, DEFAULTS[C.SETTING]
            )
        for column in _FILLED:
            row[column] = (
                given[column] if column in given else filler.default(column, DEFAULTS[column])
            )
        row[C.CONVERSATION_STARTER] = given.get(C.CONVERSATION_STARTER) or filler.default(
            C.CONVERSATION_STARTER, starter_for(category)
        )
        out.rows.append(row)
        out.wheres.append(where)
        out.reasons.append(flag_reasons(title))
    return out


def catalog_like_mapping(present: set[str]) -> dict[str, str]:
    """For each catalog column, where a catalog-like file's values come from, in words."""
    mapping: dict[str, str] = {}
    for column in C.ALL:
        if column == C.TITLE:
            mapping[column] = next((a for a in TITLE_ALIASES if a in present), C.TITLE)
        elif column in present:
            mapping[column] = column
        elif column == C.ACTIVITY_ID:
            mapping[column] = f"'{IDEA_PREFIX}' + the title as a slug"
        elif column == C.DESCRIPTION:
            mapping[column] = f"default: {DEFAULT_DESCRIPTION}"
        elif column == C.CATEGORY:
            mapping[column] = f"guessed from the title's words, else {DEFAULTS[C.CATEGORY]}"
        elif column == C.TAGS:
            mapping[column] = "guessed from the title's words, else the category's tag"
        elif column == C.SETTING:
            mapping[column] = f"outdoor when the title says so, else {DEFAULTS[C.SETTING]}"
        elif column == C.CONVERSATION_STARTER:
            mapping[column] = "one written for the idea's category"
        else:
            mapping[column] = f"default: {shown_value(DEFAULTS[column])}"
    return mapping
