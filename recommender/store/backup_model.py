"""The backup format as one typed model (pydantic v2), with plain messages naming the field.

:func:`parse_export` checks a whole export document before anything is written and returns
each couple's rows ready for the database. A problem is reported with its place in the file,
``couples[0].outings[2]: rating_a must be one of 1, 2, 3, 4, 5 (got 9)``; pydantic's own
wording ("Input should be...") never reaches a person. The values are checked by the same
functions the store uses (:mod:`recommender.store.checks`), so a backup is held to exactly
the rules of the app's forms, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from recommender.catalog.columns import IDEA_PREFIX, Columns
from recommender.catalog.loading import CatalogError
from recommender.profiles import Couple, Partner, check_partner_key
from recommender.store import checks, ideas
from recommender.store.couples import checked_hemisphere, partner_fields
from recommender.store.errors import StoreError
from recommender.wording import Hemisphere

#: Identifies an export file, and the version of its layout.
EXPORT_FORMAT: Final = "couples-recommender-export"
EXPORT_FORMAT_VERSION: Final = 1
#: At most this many problems are listed in one message.
_MAX_LISTED: Final = 5


class _Record(BaseModel):
    # Fields are typed Any and checked by our own validators: pydantic's coercions
    # ("5" -> 5) and wording are not the app's rules.
    model_config = ConfigDict(extra="ignore", arbitrary_types_allowed=True)


class PartnerIn(_Record):
    """One partner's profile."""

    name: Any
    interests: Any
    risk_comfort: Any
    budget: Any

    @model_validator(mode="after")
    def _as_partner(self) -> PartnerIn:
        partner = Partner(
            name=self.name, interests=self.interests, risk_comfort=self.risk_comfort,
            budget=self.budget,
        )  # fmt: skip
        checks.short_text(partner.name, "name")
        for word in partner.interests:
            checks.short_text(word, "interests")
        checks.cost(partner.budget, "budget")
        self.name, self.interests = partner.name, partner.interests
        self.risk_comfort, self.budget = partner.risk_comfort, partner.budget
        return self


class PartnersIn(_Record):
    """Both partners, under their keys."""

    a: PartnerIn
    b: PartnerIn


class ReactionIn(_Record):
    """One reaction."""

    activity_id: Any
    partner: Any
    rating: Any
    at: Any

    _activity = field_validator("activity_id")(checks.activity_id)

    @field_validator("partner")
    @classmethod
    def _partner(cls, value: object) -> str:
        return check_partner_key(value)

    @field_validator("rating")
    @classmethod
    def _rating(cls, value: object) -> int:
        return checks.rating(value, "rating")

    @field_validator("at")
    @classmethod
    def _at(cls, value: object) -> datetime:
        return checks.to_db_time(value or "", "at")  # type: ignore[arg-type]


class OutingIn(_Record):
    """One outing."""

    activity_id: Any
    date: Any
    rating_a: Any
    rating_b: Any
    notes: Any = ""
    cost: Any = None

    _activity = field_validator("activity_id")(checks.activity_id)

    @field_validator("date")
    @classmethod
    def _date(cls, value: object) -> date:
        return checks.to_date(value)

    @field_validator("rating_a", "rating_b")
    @classmethod
    def _rating(cls, value: object, info: Any) -> int | None:
        # null: that partner had not rated it yet (each rates from their own phone).
        return None if value is None else checks.rating(value, info.field_name)

    @field_validator("notes")
    @classmethod
    def _notes(cls, value: object) -> str:
        return checks.long_text(value, "notes")

    @field_validator("cost")
    @classmethod
    def _cost(cls, value: object) -> float | None:
        return checks.cost(value)


class PlannedIn(_Record):
    """One planned outing."""

    activity_id: Any
    date: Any

    _activity = field_validator("activity_id")(checks.activity_id)

    @field_validator("date")
    @classmethod
    def _date(cls, value: object) -> date:
        return checks.to_date(value)


def _list_or_empty(value: object) -> object:
    return [] if value is None else value


class CoupleIn(_Record):
    """One couple with everything of theirs; ideas are checked by the catalog's rules later."""

    name: Any
    partners: PartnersIn
    #: Missing in backups from before the setting: they were all made in the north.
    hemisphere: Any = Hemisphere.NORTH.value
    reactions: list[ReactionIn] = []
    outings: list[OutingIn] = []
    planned: list[PlannedIn] = []
    ideas: list[dict[str, Any]] = []

    _lists = field_validator("reactions", "outings", "planned", "ideas", mode="before")(
        _list_or_empty
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: object) -> str:
        return checks.couple_name(value)

    @field_validator("hemisphere")
    @classmethod
    def _hemisphere(cls, value: object) -> str:
        return checked_hemisphere(value).value

    @field_validator("ideas")
    @classmethod
    def _idea_ids(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for j, idea in enumerate(value):
            aid = idea.get(Columns.ACTIVITY_ID)
            if not (isinstance(aid, str) and aid.startswith(IDEA_PREFIX)):
                raise ValueError(
                    f"[{j}].activity_id: must start with '{IDEA_PREFIX}' (got {aid!r})"
                )
        return value


class ExportIn(_Record):
    """A whole export."""

    couples: list[CoupleIn]


@dataclass
class CouplePlan:
    """One couple of an export, checked, as the database's rows."""

    name: str
    partners: dict[str, object]
    hemisphere: str
    reactions: list[dict[str, object]]
    outings: list[dict[str, object]]
    planned: list[dict[str, object]]
    ideas: list[dict[str, object]]


def _place(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(error: ErrorDetails) -> str:
    """One pydantic error in the app's words, with its place: ``couples[0].name: ...``."""
    loc = tuple(p for p in error["loc"] if p != "couples" or error["loc"][0] == "couples")
    kind = error["type"]
    if kind == "missing":
        return f"{_place(loc[:-1]) or 'file'}: missing field '{loc[-1]}'"
    where = _place(loc)
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        if message.startswith("["):  # a list's validator naming an item: ideas[0].activity_id
            return f"{where}{message}"
        field = str(loc[-1]) if loc else ""
        parent = _place(loc[:-1])
        if parent and message.startswith(f"{field} "):
            return f"{parent}: {message}"
        return f"{where}: {message}"
    if kind == "list_type":
        return f"{where}: must be a list (got {type(error['input']).__name__})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: must be an object with fields (got {error['input']!r:.60})"
    return f"{where}: is not valid here (got {error['input']!r:.60})"


def _check_header(data: object) -> None:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f'not an export of couples-recommender (expected "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(f"format_version: must be a whole number (got {version!r})")
    if version > EXPORT_FORMAT_VERSION:
        raise StoreError(
            f"format_version {version} was written by a newer version of couples-recommender;"
            f" this version reads up to {EXPORT_FORMAT_VERSION}. Upgrade the app to import it."
        )


def parse_export(data: object) -> list[CouplePlan]:
    """Check a whole export before anything is written; StoreError names every bad field.

    Raises
    ------
    StoreError
        When it is not an export, from a newer format, or has bad values (up to five
        listed, each with its place, e.g. ``couples[0].outings[2]: rating_a ...``).
    """
    _check_header(data)
    try:
        export = ExportIn.model_validate(data)
    except ValidationError as exc:
        problems = [describe(e) for e in exc.errors(include_url=False)]
        more = len(problems) - _MAX_LISTED
        message = "\n".join(problems[:_MAX_LISTED])
        if more > 0:
            message += f"\n(and {more} more problem{'s' if more > 1 else ''})"
        raise StoreError(message) from None
    plans: list[CouplePlan] = []
    names: set[str] = set()
    for i, couple in enumerate(export.couples):
        at = f"couples[{i}]"
        if couple.name in names:
            raise StoreError(f"{at}.name: {couple.name!r} appears twice in the file")
        names.add(couple.name)
        partners = Couple(
            *(Partner(**p.model_dump()) for p in (couple.partners.a, couple.partners.b))
        )
        idea_rows: list[dict[str, object]] = []
        if couple.ideas:
            try:
                frame = ideas.prepare(
                    couple.ideas,
                    source=f"{at}.ideas",
                    where=[f"{at}.ideas[{j}]" for j in range(len(couple.ideas))],
                )
            except CatalogError as exc:
                raise StoreError(str(exc)) from None
            idea_rows = [ideas.row_values(v) for v in frame.to_dict("records")]
        plans.append(
            CouplePlan(
                name=couple.name,
                partners=partner_fields(partners),
                hemisphere=couple.hemisphere,
                reactions=[r.model_dump() for r in couple.reactions],
                outings=[o.model_dump() for o in couple.outings],
                planned=[p.model_dump() for p in couple.planned],
                ideas=idea_rows,
            )
        )
    return plans
