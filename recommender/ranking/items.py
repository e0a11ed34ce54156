"""The rows one call ranks: the catalog's activities plus the couple's own ideas.

:class:`Items` holds, per row, the content vector and the numbers the limits and reasons
read, as arrays. :func:`add_couples_ideas` appends a couple's ideas (validated by the
catalog's rules); :class:`IdeasCache` keeps the result per distinct ideas frame, because
the app passes the same ideas on every call and vectorising them costs more than ranking.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.arrays import ArrowStringArray
from scipy import sparse

from recommender.catalog.columns import Columns, Season
from recommender.catalog.loading import expand_seasons, validate_activities

if TYPE_CHECKING:  # the serving model stands in for it at run time (no scikit-learn import)
    from recommender.ranking.features import ContentModel

SEASONS = tuple(s.value for s in Season)
#: One bit per season, so "suits this season" is one AND over an int8 array.
SEASON_BIT = {name: 1 << i for i, name in enumerate(SEASONS)}
_IDEAS_CACHE_SIZE = 4  # distinct ideas frames whose combined items are kept (one per couple)


@dataclass
class Items:
    """The rows being ranked in one call: the catalog plus the couple's ideas."""

    vectors: sparse.csr_matrix
    taste: sparse.csr_matrix  # the tag and category columns of ``vectors``
    embeddings: np.ndarray  # semantic unit vectors (float32), one row per item
    ids: np.ndarray
    index: dict[str, int]
    cost: np.ndarray
    risk: np.ndarray
    hours: np.ndarray
    setting: np.ndarray
    season_bits: np.ndarray
    titles: np.ndarray
    n_catalog: int
    columns: dict[str, pd.api.extensions.ExtensionArray]  # the catalog's columns, as arrays
    numbers: np.ndarray | None = None  # energy, risk, cost, setting, duration (below)
    appeal: np.ndarray | None = None  # broad appeal (0..1) of each item, see broad_appeal
    taste_cols: np.ndarray | None = None  # where ``taste``'s columns sit in ``vectors``
    category_codes: np.ndarray | None = None  # one integer per category, for the variety cap
    _text: object = field(default=None, repr=False, compare=False)  # pyarrow.Table, made once
    # Plain words of titles and descriptions already worked out, by row (reasons.item_texts).
    plain_texts: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def take_columns(self, rows: np.ndarray) -> dict[str, pd.api.extensions.ExtensionArray]:
        """The catalog's columns at ``rows`` (for the result frame), in their order.

        The text columns are taken together, in one Arrow take: one per column cost more
        than the rest of building the frame.
        """
        text = [c for c, a in self.columns.items() if isinstance(a, ArrowStringArray)]
        if not text:
            return {col: arr.take(rows) for col, arr in self.columns.items()}
        import pyarrow as pa  # installed: pandas' text columns are Arrow-backed only with it

        if self._text is None:
            self._text = pa.table({c: pa.array(self.columns[c]) for c in text})
        taken = self._text.take(pa.array(rows))
        return {
            col: ArrowStringArray(taken.column(col), dtype=arr.dtype)
            if col in text
            else arr.take(rows)
            for col, arr in self.columns.items()
        }


_COST_SCALE = np.log1p(3000) / 2  # log cost, centred on about $40 for two


#: The text dtype pandas infers for a list of strings (Arrow-backed when pyarrow is installed).
TEXT = pd.api.types.pandas_dtype("str")


def text_array(values: Iterable[str]) -> pd.api.extensions.ExtensionArray:
    """Strings as a :data:`TEXT` array, as ``pd.array(values, dtype="str")`` makes it.

    Built by Arrow directly when that is the storage: a fifth of pandas' checks' cost.
    """
    if getattr(TEXT, "storage", None) != "pyarrow":
        return pd.array(list(values), dtype=TEXT)
    import pyarrow as pa

    return ArrowStringArray(pa.array(list(values), type=pa.large_string()), dtype=TEXT)


def numeric_features(
    energy: np.ndarray, risk: np.ndarray, cost: np.ndarray, hours: np.ndarray, setting: np.ndarray
) -> np.ndarray:
    """The numbers a partner may like or dislike, centred, each on about -1..1.

    Energy and risk (1..5, centred on 3), log cost and log duration (centred on about
    $40 and three hours) and the setting (indoor -1, outdoor 1, either 0). Centred, so a
    run of low ratings for high-energy outings lowers every high-energy activity and
    raises the gentle ones: a preference along each number, learned from ratings.
    Dense (rows x 5): nearly every cell is non-zero, and the learner reads the rated rows
    on every call, which a NumPy array does for a fraction of a sparse slice's overhead.
    """
    columns = [
        (np.clip(energy, 1, 5) - 3) / 2,
        (np.clip(risk, 1, 5) - 3) / 2,
        (np.log1p(np.clip(cost, 0, None)) - _COST_SCALE) / _COST_SCALE,
        np.clip((np.log1p(np.clip(hours, 0, None)) - np.log1p(3)) / np.log1p(3), -1, 1),
        np.where(setting == "outdoor", 1.0, np.where(setting == "indoor", -1.0, 0.0)),
    ]
    return np.column_stack(columns) / np.sqrt(len(columns))


def broad_appeal(energy: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """How broadly an activity appeals (0..1), whoever the partner: for what matches nothing.

    People differ most at the extremes: a moderate effort suits most (energy 2-3 best,
    5 worst), and the dearer it is the more it has to be worth (log cost, gently).
    """
    gentle = 1 - np.abs(np.clip(energy, 1, 5) - 2.5) / 2.5
    cheap = 1 - np.log1p(np.clip(cost, 0, None)) / np.log1p(3000)
    return np.clip(0.7 * gentle + 0.3 * cheap, 0.0, 1.0)


def season_bits(cells: Iterable[str]) -> np.ndarray:
    """Each row's seasons as a bit mask (see :data:`SEASON_BIT`)."""
    return np.asarray(
        [sum(SEASON_BIT.get(s, 0) for s in set(expand_seasons(cell))) for cell in cells],
        dtype=np.int8,
    )


def taste_columns(model: ContentModel) -> np.ndarray:
    """The output columns of the tag and category blocks."""
    blocks = model.block_slices_
    return np.concatenate(
        [np.arange(blocks[b].start, blocks[b].stop) for b in ("tags", "category")]
    )


def describe(
    frame: pd.DataFrame, vectors: sparse.csr_matrix, taste: np.ndarray, embeddings: np.ndarray
) -> Items:
    """The items of ``frame`` (catalog columns) with their content and semantic vectors."""
    c = Columns
    ids = frame[c.ACTIVITY_ID].astype(str).to_numpy()
    energy = frame[c.ENERGY].to_numpy(dtype=float)
    cost = frame[c.COST].to_numpy(dtype=float)
    setting = frame[c.SETTING].astype(str).str.lower().to_numpy()
    return Items(
        vectors=vectors,
        taste=sparse.csr_matrix(vectors[:, taste]),
        embeddings=embeddings,
        ids=ids,
        index={aid: i for i, aid in enumerate(ids)},
        cost=cost,
        risk=frame[c.RISK].to_numpy(dtype=float),
        hours=frame[c.DURATION_HOURS].to_numpy(dtype=float),
        setting=setting,
        season_bits=season_bits(frame[c.SEASONS]),
        titles=frame[c.TITLE].astype(str).to_numpy(),
        n_catalog=len(frame),
        columns={col: frame[col].array for col in frame.columns},
        numbers=numeric_features(
            energy,
            frame[c.RISK].to_numpy(dtype=float),
            cost,
            frame[c.DURATION_HOURS].to_numpy(dtype=float),
            setting,
        ),
        appeal=broad_appeal(energy, cost),
        taste_cols=taste,
        category_codes=category_codes(frame[c.CATEGORY]),
    )


def category_codes(categories: Iterable[object]) -> np.ndarray:
    """One integer per distinct category (as text), so the re-rank compares integers."""
    return pd.factorize(pd.Series(categories, dtype=object).astype(str))[0]


def add_couples_ideas(base: Items, ideas: pd.DataFrame, model: ContentModel) -> Items:
    """The catalog's items followed by the ideas' (validated by the catalog's rules)."""
    # An idea with a catalog activity's id is that activity: the catalog row is ranked.
    keep = ~ideas[Columns.ACTIVITY_ID].astype(str).str.strip().isin(base.index)
    keep &= ~ideas[Columns.ACTIVITY_ID].astype(str).str.strip().duplicated()
    rows = np.flatnonzero(keep.to_numpy())
    if len(rows) == 0:
        return base
    ideas = validate_activities(
        ideas.iloc[rows].to_dict("records"),
        source="ideas",
        where=[f"row {r + 1}" for r in rows],
    )
    vectors = model.transform(ideas)
    extra = describe(ideas, vectors, taste_columns(model), model.embed(ideas, vectors))
    ids = np.concatenate([base.ids, extra.ids])
    return Items(
        vectors=sparse.vstack([base.vectors, extra.vectors], format="csr"),
        taste=sparse.vstack([base.taste, extra.taste], format="csr"),
        embeddings=np.vstack([base.embeddings, extra.embeddings]),
        ids=ids,
        index={aid: i for i, aid in enumerate(ids)},
        cost=np.concatenate([base.cost, extra.cost]),
        risk=np.concatenate([base.risk, extra.risk]),
        hours=np.concatenate([base.hours, extra.hours]),
        setting=np.concatenate([base.setting, extra.setting]),
        season_bits=np.concatenate([base.season_bits, extra.season_bits]),
        titles=np.concatenate([base.titles, extra.titles]),
        n_catalog=base.n_catalog,
        numbers=np.vstack([base.numbers, extra.numbers]),
        appeal=np.concatenate([base.appeal, extra.appeal]),
        taste_cols=base.taste_cols,
        category_codes=category_codes(
            np.concatenate([base.columns[Columns.CATEGORY], ideas[Columns.CATEGORY]])
        ),
        columns={
            col: pd.concat(
                [
                    pd.Series(values),
                    ideas[col] if col in ideas.columns else pd.Series([None] * len(ideas)),
                ],
                ignore_index=True,
            ).array
            for col, values in base.columns.items()
        },
    )


class IdeasCache:
    """The catalog's items with a couple's ideas added, kept per distinct ideas frame.

    Parameters
    ----------
    base : Items
        The catalog's items.
    model : ContentModel
        The fitted model that vectorises the ideas.
    """

    def __init__(self, base: Items, model: ContentModel) -> None:
        self.base = base
        self.model = model
        self._cache: OrderedDict[tuple, Items] = OrderedDict()

    def __len__(self) -> int:
        return len(self._cache)

    def items_with(self, ideas: pd.DataFrame | None) -> Items:
        """The items to rank: the catalog's, plus ``ideas`` when given (checked first)."""
        if ideas is None:
            return self.base
        if not isinstance(ideas, pd.DataFrame):
            raise ValueError(f"ideas must be a pandas DataFrame (got {type(ideas).__name__})")
        if len(ideas) == 0:
            return self.base
        missing = [c for c in Columns.ALL if c not in ideas.columns]
        if missing:
            raise ValueError(f"ideas are missing column(s): {', '.join(missing)}")
        ideas = ideas[list(Columns.ALL)].reset_index(drop=True)
        try:
            key: tuple | None = tuple(ideas.itertuples(index=False, name=None))
            hash(key)
        except TypeError:  # an unhashable cell (a list of tags): validation joins it; no cache
            key = None
        if key is not None and key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        items = add_couples_ideas(self.base, ideas, self.model)
        if key is not None:
            self._cache[key] = items
            if len(self._cache) > _IDEAS_CACHE_SIZE:
                self._cache.popitem(last=False)
        return items
