"""Checking what a couple types into a form, field by field.

Each ``*_from_form`` function either returns a valid value or raises
:class:`FormError` whose ``fields`` map each field at fault to a message meant
for the person filling the form in, so an app can show every problem next to its
field at once and save nothing until all are fixed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from recommender.catalog.columns import LIST_SEPARATOR, Columns
from recommender.catalog.loading import CatalogError, validate_activities
from recommender.profiles import (
    PARTNER_KEYS,
    RATING_MAX,
    RATING_MIN,
    RISK_MAX,
    RISK_MIN,
    Couple,
    Partner,
)
from recommender.wording import slugify

MAX_NAME = 40
MAX_INTEREST = 40
MAX_NOTES = 2000
#: A budget above this (dollars, one outing for two) is asked about before it is saved:
#: more likely a slip of the keyboard than a plan.
BUDGET_CONFIRM_ABOVE = 5_000
#: No budget or cost above this is accepted at all.
MONEY_MAX = 1_000_000
#: A field key for problems that belong to the form as a whole.
WHOLE_FORM = ""


class FormError(ValueError):
    """A form has problems; ``fields`` maps each field key to its message.

    Parameters
    ----------
    fields : mapping of str to str
        Field key (e.g. ``"a.name"``, ``"title"``) -> what is wrong and how to fix it.
    """

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        listed = "; ".join(f"{k or 'form'}: {v}" for k, v in self.fields.items())
        super().__init__(f"please fix {len(self.fields)} field(s): {listed}")


def partner_field(partner: str, name: str) -> str:
    """The field key of a partner's field in the profile form: ``("a", "name")`` -> ``"a.name"``."""
    return f"{partner}.{name}"


def default_couple_name(couple: Couple) -> str:
    """The name a couple is saved under unless they choose one: ``"Ana & Ben"``."""
    return f"{couple.a.name} & {couple.b.name}"


def budget_problem(budget: object, *, confirmed: bool = False) -> str | None:
    """What is wrong with a budget typed in (dollars per outing), or None when it is fine.

    Negative, not a number, above :data:`MONEY_MAX`, or above :data:`BUDGET_CONFIRM_ABOVE`
    without ``confirmed``: each gets a message saying what to do.
    """
    if (
        isinstance(budget, bool)
        or not isinstance(budget, (int, float))
        or not math.isfinite(budget)
        or budget < 0
    ):
        return "Write the budget as a number of dollars, 0 or more (0 means free things only)."
    if budget > MONEY_MAX:
        return f"That is more than ${MONEY_MAX:,} for one outing; please check the number."
    if budget > BUDGET_CONFIRM_ABOVE and not confirmed:
        return (
            f"${budget:,.0f} for one outing is a lot. If you mean it, tick 'Yes, we mean it' "
            "below and save again; otherwise correct the number."
        )
    return None


def plan_day_from_form(day: object, *, today: date | None = None) -> date:
    """Check the day a plan is for: today or later.

    Raises
    ------
    FormError
        Keyed ``day``.
    """
    today = today or date.today()
    if not isinstance(day, date):
        raise FormError({"day": "Pick the day you want to do it."})
    if day < today:
        raise FormError(
            {"day": "That day has passed. Pick today or a later day (or log it as done)."}
        )
    return day


def couple_from_form(
    a: Mapping[str, object], b: Mapping[str, object], *, confirm_budget: bool = False
) -> Couple:
    """Build a couple from the two halves of the profile form.

    Parameters
    ----------
    a, b : mapping
        Each with ``name`` (str), ``interests`` (list of str), ``risk_comfort``
        (1-5) and ``budget`` (dollars, 0 or more).
    confirm_budget : bool
        The couple confirmed a budget above :data:`BUDGET_CONFIRM_ABOVE`.

    Returns
    -------
    Couple

    Raises
    ------
    FormError
        With keys like ``"a.name"`` or ``"b.interests"``; every field is checked
        before raising.
    """
    problems: dict[str, str] = {}
    partners: dict[str, Partner] = {}
    for key, values in zip(PARTNER_KEYS, (a, b), strict=True):
        label = "your" if key == "a" else "your partner's"
        name = str(values.get("name") or "").strip()
        if not name:
            problems[partner_field(key, "name")] = f"Please write {label} name."
        elif len(name) > MAX_NAME:
            problems[partner_field(key, "name")] = (
                f"Please keep the name to {MAX_NAME} characters (it has {len(name)})."
            )
        interests = [str(i).strip() for i in (values.get("interests") or []) if str(i).strip()]
        too_long = [i for i in interests if len(i) > MAX_INTEREST]
        if not interests:
            problems[partner_field(key, "interests")] = (
                "Pick at least one interest, or type your own, so we know where to start."
            )
        elif too_long:
            problems[partner_field(key, "interests")] = (
                f"Keep each interest to a few words (at most {MAX_INTEREST} characters):"
                f" '{too_long[0][:20]}...' is too long."
            )
        risk = values.get("risk_comfort")
        if not isinstance(risk, int) or isinstance(risk, bool) or not RISK_MIN <= risk <= RISK_MAX:
            problems[partner_field(key, "risk_comfort")] = (
                f"Choose a comfort level from {RISK_MIN} to {RISK_MAX}."
            )
        budget = values.get("budget")
        problem = budget_problem(budget, confirmed=confirm_budget)
        if problem:
            problems[partner_field(key, "budget")] = problem
        if not any(k.startswith(f"{key}.") for k in problems):
            partners[key] = Partner(
                name=name,
                interests=tuple(interests),
                risk_comfort=int(risk),  # type: ignore[arg-type]
                budget=float(budget),  # type: ignore[arg-type]
            )
    if (
        "a.name" not in problems
        and "b.name" not in problems
        and str(a.get("name") or "").strip().casefold()
        == str(b.get("name") or "").strip().casefold()
    ):
        problems[partner_field("b", "name")] = (
            "Use a different name from your partner's, so you can tell your ratings apart."
        )
    if problems:
        raise FormError(problems)
    return Couple(partners["a"], partners["b"])


def idea_from_form(values: Mapping[str, object]) -> dict[str, object]:
    """Check an idea typed into the "add an idea" form, by the catalog's rules.

    Parameters
    ----------
    values : mapping
        The catalog's columns except ``activity_id`` (the store makes it from the
        title); list values such as tags may be given as lists.

    Returns
    -------
    dict
        The record without ``activity_id``, ready for ``Store.add_idea``.

    Raises
    ------
    FormError
        Keyed by catalog column; every field is checked before raising.
    """
    record: dict[str, object] = {column: values.get(column, "") for column in Columns.ALL}
    title = str(values.get(Columns.TITLE) or "").strip()
    problems: dict[str, str] = {}
    # A stand-in id, only so the catalog's rules can be applied to the rest of the row.
    record[Columns.ACTIVITY_ID] = slugify(title) or "idea"
    if title and not slugify(title):
        problems[Columns.TITLE] = "Use at least one letter or digit in the title."
    # Empty choices get a plain request rather than the catalog's list of allowed values.
    for column, request in _EMPTY_CHOICE.items():
        if not _as_list(values.get(column)):
            problems[column] = request
    starter = str(values.get(Columns.CONVERSATION_STARTER) or "").strip()
    if starter and not starter.endswith("?"):
        problems[Columns.CONVERSATION_STARTER] = "Write it as a question, ending in '?'."
    try:
        validate_activities([record], source="your idea")
    except CatalogError as exc:
        for problem in exc.problems:
            problems.setdefault(problem.column or WHOLE_FORM, _friendly(problem.message))
    if problems:
        raise FormError(problems)
    del record[Columns.ACTIVITY_ID]
    return record


_EMPTY_CHOICE = {
    Columns.CATEGORY: "Choose the kind of activity.",
    Columns.TAGS: "Pick at least one thing it involves.",
    Columns.SETTING: "Choose indoors, outdoors or either.",
    Columns.SEASONS: "Pick the seasons it suits, or 'any'.",
}


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.split(LIST_SEPARATOR) if v.strip()]
    return [str(v) for v in value if str(v).strip()]  # type: ignore[attr-defined]


def _friendly(message: str) -> str:
    text = message[0].upper() + message[1:] if message else message
    if text.startswith("Is empty"):
        return "Please fill this in."
    return text.rstrip(".") + "."


@dataclass(frozen=True)
class OutingForm:
    """A checked outing: what the "we did it" and "log an outing" forms produce."""

    day: date
    #: None: that partner rates it later, on their own phone (hosted mode).
    rating_a: int | None
    rating_b: int | None
    cost: float | None
    notes: str


def outing_from_form(
    *,
    day: object,
    rating_a: object,
    rating_b: object,
    cost: object = None,
    notes: object = "",
    today: date | None = None,
    later: str | None = None,
) -> OutingForm:
    """Check an outing's date, both ratings, cost and notes.

    ``later`` ("a" or "b") names the partner who rates it afterwards on their own phone:
    their rating must be empty (None) then.

    Raises
    ------
    FormError
        Keyed ``day``, ``rating_a``, ``rating_b``, ``cost`` or ``notes``.
    """
    today = today or date.today()
    problems: dict[str, str] = {}
    if not isinstance(day, date):
        problems["day"] = "Pick the day you did it."
    elif day > today:
        problems["day"] = "That day is still to come; plan it instead, and rate it afterwards."
    ratings: dict[str, int | None] = {}
    for key, value in (("rating_a", rating_a), ("rating_b", rating_b)):
        if later is not None and key == f"rating_{later}" and value is None:
            ratings[key] = None
            continue
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or not RATING_MIN <= value <= RATING_MAX:  # type: ignore[operator]
            problems[key] = f"Give a rating from {RATING_MIN} to {RATING_MAX}."
        else:
            ratings[key] = int(value)  # type: ignore[arg-type]
    spent: float | None = None
    if cost is not None and cost != "":
        try:
            spent = float(cost)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            spent = math.nan
        if not math.isfinite(spent) or spent < 0:
            problems["cost"] = "Write what it cost in dollars, 0 or more, or leave it empty."
        elif spent > MONEY_MAX:
            problems["cost"] = f"That is more than ${MONEY_MAX:,}; please check the number."
    text = str(notes or "").strip()
    if len(text) > MAX_NOTES:
        problems["notes"] = f"Notes can be at most {MAX_NOTES} characters (these have {len(text)})."
    if problems:
        raise FormError(problems)
    return OutingForm(day, ratings["rating_a"], ratings["rating_b"], spent, text)  # type: ignore[arg-type]
