"""The outing history as a list of short entries, readable on a phone as on a wide screen.

Each entry says what, when, how each partner rated it (by name), what it cost against
their budget and their notes: the same facts as the history table, in sentences that wrap
instead of columns that are cut off on a narrow screen. An outing one partner has not
rated yet says that it waits for their rating.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from recommender.catalog.columns import Columns
from recommender.profiles import PARTNER_KEYS, Couple
from recommender.wording import day_words, money


@dataclass(frozen=True)
class HistoryEntry:
    """One outing in words.

    Attributes
    ----------
    outing_id : int
        Which outing.
    title : str
        What they did (the activity's title, or its id when it no longer exists).
    when : str
        The day in words: ``"Saturday 14 June 2025"``.
    ratings : str
        ``"Ana 4/5 · Ben 5/5"``, or ``"Ana 4/5 · waiting for Ben's rating"``.
    cost : str
        ``"$42.50, within your $100 budget"``, ``"$180, $80 over your $100 budget"``,
        ``"Free"`` or ``"Cost not noted"``.
    notes : str
        Their notes as typed (may be empty).
    waiting_for : tuple of str
        Names of the partners whose rating is missing.
    """

    outing_id: int
    title: str
    when: str
    ratings: str
    cost: str
    notes: str
    waiting_for: tuple[str, ...] = ()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def cost_against_budget(cost: object, budget: float) -> str:
    """What an outing cost, said against the couple's budget (the lower of the two)."""
    if _missing(cost):
        return "Cost not noted"
    spent = float(cost)  # type: ignore[arg-type]
    if spent == 0:
        return "Free"
    if spent <= budget:
        return f"{money(spent)}, within your {money(budget)} budget"
    return f"{money(spent)}, {money(spent - budget)} over your {money(budget)} budget"


def history_entries(
    outings: pd.DataFrame, activities: pd.DataFrame, couple: Couple
) -> list[HistoryEntry]:
    """The couple's outings as entries, newest first.

    Parameters
    ----------
    outings : pandas.DataFrame
        ``Store.outings`` output; ``rating_a`` / ``rating_b`` may be empty (not rated yet).
    activities : pandas.DataFrame
        Catalog and ideas indexed by ``activity_id`` (``weekend.all_activities``).
    couple : Couple
        For the partners' names and the budget.
    """
    titles = activities[Columns.TITLE] if len(activities) else pd.Series(dtype=str)
    ordered = outings.sort_values(["date", "outing_id"], ascending=False)
    entries = []
    for row in ordered.to_dict("records"):
        said, waiting = [], []
        for key in PARTNER_KEYS:
            name = couple.partner(key).name
            rating = row[f"rating_{key}"]
            if _missing(rating):
                said.append(f"waiting for {name}'s rating")
                waiting.append(name)
            else:
                said.append(f"{name} {int(rating)}/5")
        aid = str(row[Columns.ACTIVITY_ID])
        entries.append(
            HistoryEntry(
                outing_id=int(row["outing_id"]),
                title=str(titles.get(aid, aid)),
                when=day_words(row["date"]),
                ratings=" · ".join(said),
                cost=cost_against_budget(row["cost"], couple.budget),
                notes="" if _missing(row["notes"]) else str(row["notes"]).strip(),
                waiting_for=tuple(waiting),
            )
        )
    return entries
