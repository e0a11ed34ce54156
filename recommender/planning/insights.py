"""The data behind the Explore dashboard: filtered catalog, and what a couple has done.

Every function returns a small tidy frame ready for a chart or a table, with the
words a couple reads (names, risk in words, "done" / "not yet") already in it, so
the page only draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

import pandas as pd

from recommender.catalog.columns import (
    CATEGORIES,
    LIST_SEPARATOR,
    RISK_NAMES,
    Columns,
    RecColumns,
    Season,
)
from recommender.catalog.loading import expand_seasons, split_list
from recommender.profiles import Couple
from recommender.wording import count_words, pretty_label, setting_words

DONE = "done"
NOT_YET = "not yet"
#: How far apart dots of the same risk level are spread so they do not overlap.
_JITTER = 0.3


def filter_catalog(
    catalog: pd.DataFrame,
    *,
    text: str = "",
    categories: Collection[str] = (),
    cost: tuple[float, float] | None = None,
    risk: tuple[int, int] | None = None,
    max_hours: float | None = None,
    settings: Collection[str] = (),
    seasons: Collection[str] = (),
) -> pd.DataFrame:
    """The activities that pass every filter given (an empty filter lets everything through).

    Parameters
    ----------
    catalog : pandas.DataFrame
        A validated catalog.
    text : str
        Words searched in title, description and tags (all words must appear).
    categories : collection of str
        Keep these categories.
    cost : (low, high), optional
        Inclusive cost range in dollars.
    risk : (low, high), optional
        Inclusive risk range, 1-5.
    max_hours : float, optional
        Longest duration.
    settings : collection of str
        ``indoor`` / ``outdoor`` / ``either``; an ``either`` activity matches any.
    seasons : collection of str
        Keep activities that suit at least one of these seasons.
    """
    c = Columns
    keep = pd.Series(True, index=catalog.index)
    words = [w for w in str(text).casefold().split() if w]
    if words:
        haystack = (
            catalog[c.TITLE]
            + " "
            + catalog[c.DESCRIPTION]
            + " "
            + catalog[c.TAGS].str.replace(LIST_SEPARATOR, " ")
        ).str.casefold()
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    if categories:
        keep &= catalog[c.CATEGORY].isin(list(categories))
    if cost is not None:
        keep &= catalog[c.COST].between(cost[0], cost[1])
    if risk is not None:
        keep &= catalog[c.RISK].between(risk[0], risk[1])
    if max_hours is not None:
        keep &= catalog[c.DURATION_HOURS] <= max_hours
    if settings:
        wanted = set(settings)
        keep &= catalog[c.SETTING].isin(wanted) | (
            (catalog[c.SETTING] == "either") & bool(wanted & {"indoor", "outdoor"})
        )
    if seasons:
        wanted_seasons = set(seasons)
        keep &= catalog[c.SEASONS].map(
            lambda cell: bool(wanted_seasons & set(expand_seasons(cell)))
        )
    return catalog[keep]


def season_list_words(seasons: str) -> str:
    """The seasons an activity suits, in words: ``"Any season"`` when it suits all four."""
    listed = expand_seasons(seasons)
    if set(listed) >= {s.value for s in Season}:
        return "Any season"
    return ", ".join(s.capitalize() for s in listed)


def browse_table(catalog: pd.DataFrame, done_ids: Collection[str] = ()) -> pd.DataFrame:
    """The catalog as a table for reading: words instead of codes, one row per activity."""
    c = Columns
    done = set(done_ids)
    return pd.DataFrame(
        {
            "Activity": catalog[c.TITLE],
            "Kind": catalog[c.CATEGORY].map(pretty_label),
            "Cost for two ($)": catalog[c.COST],
            "Risk": catalog[c.RISK].map(lambda r: f"{r} · {RISK_NAMES[int(r)]}"),
            "Hours": catalog[c.DURATION_HOURS],
            "Where": catalog[c.SETTING].map(lambda s: setting_words(s).capitalize()),
            "When": catalog[c.SEASONS].map(season_list_words),
            "Involves": catalog[c.TAGS].map(lambda s: ", ".join(map(pretty_label, split_list(s)))),
            "Done it?": catalog[c.ACTIVITY_ID].map(lambda a: "yes" if a in done else ""),
        }
    ).reset_index(drop=True)


def _jitter(activity_id: str) -> float:
    # Stable per activity (not random) so the chart does not jump on every rerun.
    digest = hashlib.blake2b(str(activity_id).encode(), digest_size=2).digest()
    return (int.from_bytes(digest, "big") / 65535 - 0.5) * 2 * _JITTER


def catalog_map(catalog: pd.DataFrame, done_ids: Collection[str] = ()) -> pd.DataFrame:
    """One point per activity for the cost-by-risk chart, with done ones marked.

    Returns
    -------
    pandas.DataFrame
        ``title``, ``category`` (words), ``cost``, ``risk``, ``risk_name``,
        ``risk_plot`` (risk spread a little so dots do not sit on top of each
        other), ``status`` (``"done"`` / ``"not yet"``).
    """
    c = Columns
    done = set(done_ids)
    return pd.DataFrame(
        {
            "title": catalog[c.TITLE].to_numpy(),
            "category": catalog[c.CATEGORY].map(pretty_label).to_numpy(),
            "cost": catalog[c.COST].to_numpy(),
            "risk": catalog[c.RISK].to_numpy(),
            "risk_name": catalog[c.RISK].map(lambda r: RISK_NAMES[int(r)]).to_numpy(),
            "risk_plot": (catalog[c.RISK] + catalog[c.ACTIVITY_ID].map(_jitter)).to_numpy(),
            "status": catalog[c.ACTIVITY_ID]
            .map(lambda a: DONE if a in done else NOT_YET)
            .to_numpy(),
        }
    ).sort_values("status", ascending=False, kind="stable")  # done last: drawn on top


def categories_tried(catalog: pd.DataFrame, done_ids: Collection[str]) -> pd.DataFrame:
    """Per category: how many activities there are, how many the couple has done.

    Returns
    -------
    pandas.DataFrame
        ``category`` (words), ``available``, ``tried``, ``not_tried``, ``label``
        ("2 of 25 tried"), every category in the catalog's vocabulary order.
    """
    c = Columns
    done = set(done_ids)
    counts = catalog.groupby(c.CATEGORY)[c.ACTIVITY_ID].agg(
        available="count", tried=lambda ids: int(sum(i in done for i in ids))
    )
    order = [cat for cat in CATEGORIES if cat in counts.index]
    counts = counts.reindex(order).reset_index()
    counts["not_tried"] = counts["available"] - counts["tried"]
    counts["label"] = [
        f"{t} of {a} tried" for t, a in zip(counts["tried"], counts["available"], strict=True)
    ]
    counts[c.CATEGORY] = counts[c.CATEGORY].map(pretty_label)
    return counts.rename(columns={c.CATEGORY: "category"})


def outings_table(outings: pd.DataFrame, activities: pd.DataFrame, couple: Couple) -> pd.DataFrame:
    """The outing history in words, newest first.

    Parameters
    ----------
    outings : pandas.DataFrame
        ``Store.outings`` output.
    activities : pandas.DataFrame
        Catalog and ideas indexed by ``activity_id`` (``weekend.all_activities``).
    couple : Couple
        For the partners' names in the column headers.
    """
    titles = activities[Columns.TITLE] if len(activities) else pd.Series(dtype=str)
    table = pd.DataFrame(
        {
            "outing_id": outings["outing_id"].to_numpy(),
            "When": pd.to_datetime(outings["date"]).dt.date.to_numpy(),
            "What": outings[Columns.ACTIVITY_ID].map(lambda a: titles.get(a, a)).to_numpy(),
            f"{couple.a.name}'s rating": outings["rating_a"].to_numpy(),
            f"{couple.b.name}'s rating": outings["rating_b"].to_numpy(),
            "Spent ($)": outings["cost"].to_numpy(),
            "Notes": outings["notes"].fillna("").to_numpy(),
        }
    )
    return table.sort_values(["When", "outing_id"], ascending=False).reset_index(drop=True)


def ratings_over_time(
    outings: pd.DataFrame, activities: pd.DataFrame, couple: Couple
) -> pd.DataFrame:
    """Long frame for the ratings chart: ``date``, ``partner`` (name), ``rating``, ``title``.

    A rating not given yet (the outing waits for that partner) is left out, not drawn as 0.
    """
    titles = activities[Columns.TITLE] if len(activities) else pd.Series(dtype=str)
    rows = []
    for row in outings.itertuples(index=False):
        title = titles.get(row.activity_id, row.activity_id)
        day = pd.Timestamp(row.date)
        for name, rating in ((couple.a.name, row.rating_a), (couple.b.name, row.rating_b)):
            if not pd.isna(rating):
                rows.append({"date": day, "partner": name, "rating": int(rating), "title": title})
    frame = pd.DataFrame(rows, columns=["date", "partner", "rating", "title"])
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def spending_by_month(outings: pd.DataFrame) -> pd.DataFrame:
    """What they spent per month.

    Returns ``month`` (its first day), ``label`` ("Jun 2025"), ``spent`` and ``outings``.

    Outings without a cost count as outings but add nothing to ``spent``.
    """
    if outings.empty:
        return pd.DataFrame(columns=["month", "label", "spent", "outings"])
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(outings["date"]).dt.to_period("M").dt.to_timestamp(),
            "cost": pd.to_numeric(outings["cost"], errors="coerce").fillna(0.0),
        }
    )
    grouped = frame.groupby("month").agg(spent=("cost", "sum"), outings=("cost", "size"))
    grouped = grouped.reset_index().sort_values("month")
    grouped["label"] = grouped["month"].dt.strftime("%b %Y")
    return grouped[["month", "label", "spent", "outings"]].reset_index(drop=True)


#: Difference in predicted enjoyment (0..1) under which a suggestion suits both equally.
BALANCE_TOLERANCE = 0.05


def suggestion_balance(recs: pd.DataFrame, couple: Couple) -> pd.DataFrame:
    """Whose taste each suggestion leans towards.

    Parameters
    ----------
    recs : pandas.DataFrame
        ``Recommender.recommend`` output, with ``score_a`` and ``score_b``.
    couple : Couple
        For the names.

    Returns
    -------
    pandas.DataFrame
        ``title``, ``score_a``, ``score_b`` (as percentages), ``lean`` (``score_b
        - score_a`` in percentage points: negative leans to partner a), and
        ``leans_to`` (a name, or ``"both of you"``).
    """
    a = recs[RecColumns.SCORE_A].astype(float) * 100
    b = recs[RecColumns.SCORE_B].astype(float) * 100
    lean = b - a
    tol = BALANCE_TOLERANCE * 100
    leans_to = [
        "both of you" if abs(d) < tol else (couple.b.name if d > 0 else couple.a.name) for d in lean
    ]
    return pd.DataFrame(
        {
            "title": recs[Columns.TITLE].to_numpy(),
            RecColumns.SCORE_A: a.round(0).to_numpy(),
            RecColumns.SCORE_B: b.round(0).to_numpy(),
            "lean": lean.round(1).to_numpy(),
            "leans_to": leans_to,
        }
    )


def balance_summary(balance: pd.DataFrame, couple: Couple) -> str:
    """One sentence on how balanced the suggestions are, from :func:`suggestion_balance`."""
    if balance.empty:
        return "There are no suggestions to weigh up yet."
    counts = balance["leans_to"].value_counts()
    both = int(counts.get("both of you", 0))
    to_a = int(counts.get(couple.a.name, 0))
    to_b = int(counts.get(couple.b.name, 0))
    total = len(balance)
    return (
        f"Of your {count_words(total, 'best suggestion')} right now,"
        f" {both} {'suits' if both == 1 else 'suit'} you both about equally,"
        f" {to_a} {'leans' if to_a == 1 else 'lean'} towards {couple.a.name}'s tastes"
        f" and {to_b} towards {couple.b.name}'s."
    )


def done_titles(activities: pd.DataFrame, done_ids: Sequence[str]) -> list[str]:
    """Titles of the activities done, in the order given, without repeats."""
    titles = activities[Columns.TITLE] if len(activities) else pd.Series(dtype=str)
    return list(dict.fromkeys(str(titles.get(a, a)) for a in done_ids))
