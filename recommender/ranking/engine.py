"""The recommender: ranks activities for two partners and learns from their ratings.

How a list is made, in order:

1. **Hard limits.** Only activities costing at most the lower budget and with
   risk at most the lower comfort level (one more with ``risk_stretch=1``) are
   eligible; so are only those passing the context filters the caller gave.
   Activities they did, or that either partner rated 1-2, are left out.
2. **Each partner separately.** A partner's predicted enjoyment (0..1) starts
   from how well an activity matches their stated interests (a prior) and is
   corrected by their own ratings: a kernel ridge regression on the content
   vectors fitted to the residuals of that prior. With few ratings the ridge
   keeps predictions near the stated interests; liked activities' near
   neighbours rise and disliked ones' fall.
3. **Both, fairly.** The two predictions are averaged with weights that lean
   towards the partner whose outing ratings have been lower, and a pick one of
   them is predicted to dislike is pushed down (average without misery,
   Masthoff 2004).
4. **Novelty and variety.** Activities close to what they did recently weigh
   less, and a maximal-marginal-relevance re-rank makes the list span several
   kinds of activity.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from recommender.catalog.columns import Columns, RecColumns, Season, Setting
from recommender.catalog.loading import expand_seasons, validate_activities
from recommender.profiles import Couple, Feedback, Partner
from recommender.ranking.features import ContentModel
from recommender.ranking.model_cache import FittedModel, load_or_fit
from recommender.wording import interest_words, money, risk_name, season_of

#: Extra output columns (besides the catalog's and ``score``/``reason``/``source``); aliases of
#: :attr:`RecColumns.SCORE_A` and :attr:`RecColumns.SCORE_B`.
SCORE_A, SCORE_B = RecColumns.SCORE_A, RecColumns.SCORE_B
#: Values of the ``source`` column.
SOURCE_CATALOG, SOURCE_OURS = "catalog", "ours"

_SEASONS = tuple(s.value for s in Season)
_SEASON_BIT = {name: 1 << i for i, name in enumerate(_SEASONS)}
_FILTER_SETTINGS = (Setting.INDOOR.value, Setting.OUTDOOR.value)
_LIKED = 4  # a rating of 4-5 is "liked"
_DISLIKED = 2  # a rating of 1-2 is "disliked": never suggested again
_RESEMBLES = 0.35  # content similarity above which a reason names a liked activity
_IDEAS_CACHE_SIZE = 4  # distinct ideas frames whose combined items are kept (one per couple)


@dataclass(frozen=True)
class RankingParams:
    """Tuning of the ranking; the defaults are what the evaluation was run with.

    Attributes
    ----------
    prior_low, prior_high : float
        Predicted enjoyment of an activity matching none / the most of a
        partner's interests, before any rating.
    prior_none : float
        Predicted enjoyment for a partner who named no interests.
    ridge : float
        Shrinkage towards the stated interests: the number of "ratings' worth"
        of belief in them. Higher means ratings move predictions more slowly.
    bias_kernel : float
        Lets a partner's ratings shift all predictions a little (a partner who
        rates everything low is predicted lower everywhere).
    taste_kernel : float
        Extra say of shared tags and category (over shared words) in how far
        a rating carries to other activities.
    decay : float
        Per-event recency factor: older ratings count less.
    misery_threshold, misery_weight : float
        A pick either partner is predicted to enjoy less than the threshold is
        pushed down by ``weight`` times the shortfall.
    lean_strength : float
        Most the joint score may lean towards one partner (0.2 means 70/30).
    novelty_weight, novelty_floor, novelty_recent : float, float, int
        Activities with similarity above ``floor`` to one of the last
        ``recent`` done ones are pushed down by up to ``weight``.
    mmr_lambda : float
        Relevance versus variety in the re-rank (1 = relevance only).
    balance_weight : float
        How strongly the re-rank takes turns between the partners: once the picks so
        far suit one of them more, a pick that suits that partner more again is pushed
        down by this times how much more it suits them.
    mmr_depth : int
        How many top positions the variety re-rank arranges.
    explore_temperature : float
        How adventurous "surprise me" is among the good picks.
    """

    prior_low: float = 0.35
    prior_high: float = 0.8
    prior_none: float = 0.55
    ridge: float = 0.1
    bias_kernel: float = 0.1
    taste_kernel: float = 1.0
    decay: float = 0.98
    misery_threshold: float = 0.45
    misery_weight: float = 1.0
    lean_strength: float = 0.2
    novelty_weight: float = 0.3
    novelty_floor: float = 0.35
    novelty_recent: int = 5
    mmr_lambda: float = 0.75
    balance_weight: float = 0.3
    mmr_depth: int = 50
    explore_temperature: float = 0.08


@dataclass
class _Items:
    """The rows being ranked in one call: the catalog plus the couple's ideas."""

    vectors: sparse.csr_matrix
    taste: sparse.csr_matrix  # the tag and category columns of ``vectors``
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


@dataclass
class _History:
    """Feedback digested per partner."""

    ratings: dict[str, dict[int, tuple[int, float]]]  # partner -> item -> (rating, recency)
    done: list[int]  # items done, most recent last, unique
    blocked: set[int]  # done or rated 1-2 by either partner
    did: dict[str, set[int]]  # partner -> items they rated as an outing they did
    outing_means: dict[str, float]  # mean rating of done outings per partner
    n_outings: int


def _season_bits(cells: Iterable[str]) -> np.ndarray:
    return np.asarray(
        [sum(_SEASON_BIT.get(s, 0) for s in set(expand_seasons(cell))) for cell in cells],
        dtype=np.int8,
    )


class Recommender:
    """Suggests activities new to both partners and learns from their feedback.

    Parameters
    ----------
    catalog : pandas.DataFrame
        The activities to rank (see :func:`recommender.catalog.load_catalog`).
    cache_dir : str or Path, optional
        Folder of the fitted model's joblib cache; defaults to
        ``$RECOMMENDER_CACHE_DIR`` or else the per-user cache folder. The model
        is fitted when no valid cache file exists.
    params : RankingParams, optional
        Tuning of the ranking; the defaults suit the bundled catalog.
    content : ContentModel, optional
        An unfitted content model with the parameters to use (default
        ``ContentModel()``).

    Attributes
    ----------
    catalog : pandas.DataFrame
        The catalog it was built on.
    model : ContentModel
        The fitted content model.
    model_loaded : bool
        True when the model came from the cache.
    """

    def __init__(
        self,
        catalog: pd.DataFrame,
        *,
        cache_dir: str | Path | None = None,
        params: RankingParams | None = None,
        content: ContentModel | None = None,
    ) -> None:
        if not isinstance(catalog, pd.DataFrame):
            raise ValueError(f"catalog must be a pandas DataFrame (got {type(catalog).__name__})")
        missing = [c for c in Columns.ALL if c not in catalog.columns]
        if missing:
            raise ValueError(f"catalog is missing column(s): {', '.join(missing)}")
        if catalog[Columns.ACTIVITY_ID].duplicated().any():
            dup = catalog.loc[catalog[Columns.ACTIVITY_ID].duplicated(), Columns.ACTIVITY_ID]
            raise ValueError(f"catalog has duplicate activity_id {dup.iloc[0]!r}")
        self.catalog = catalog.reset_index(drop=True)
        self.params = params if params is not None else RankingParams()
        fitted: FittedModel = load_or_fit(self.catalog, cache_dir, content)
        self.model: ContentModel = fitted.model
        self.model_loaded = fitted.loaded
        self.cache_file = fitted.path
        blocks = self.model.block_slices_
        self._taste_columns = np.concatenate(
            [np.arange(blocks[b].start, blocks[b].stop) for b in ("tags", "category")]
        )
        self._items = self._describe(self.catalog, fitted.vectors, self._taste_columns)
        # The app passes the couple's ideas on every call: validating and vectorising them
        # costs far more than ranking, so the combined items are kept per distinct ideas.
        self._ideas_cache: OrderedDict[tuple, _Items] = OrderedDict()
        self._interest_cache: dict[tuple[str, ...], np.ndarray] = {}
        self._columns_cache: dict[str, tuple[list[int], list[int]]] = {}
        self._out_columns = [
            *self.catalog.columns,
            RecColumns.SCORE,
            RecColumns.REASON,
            RecColumns.SOURCE,
            SCORE_A,
            SCORE_B,
        ]

    # Setup ---------------------------------------------------------------------------

    @staticmethod
    def _describe(
        frame: pd.DataFrame,
        vectors: sparse.csr_matrix,
        taste_columns: np.ndarray,
    ) -> _Items:
        c = Columns
        ids = frame[c.ACTIVITY_ID].astype(str).to_numpy()
        return _Items(
            vectors=vectors,
            taste=sparse.csr_matrix(vectors[:, taste_columns]),
            ids=ids,
            index={aid: i for i, aid in enumerate(ids)},
            cost=frame[c.COST].to_numpy(dtype=float),
            risk=frame[c.RISK].to_numpy(dtype=float),
            hours=frame[c.DURATION_HOURS].to_numpy(dtype=float),
            setting=frame[c.SETTING].astype(str).str.lower().to_numpy(),
            season_bits=_season_bits(frame[c.SEASONS]),
            titles=frame[c.TITLE].astype(str).to_numpy(),
            n_catalog=len(frame),
            columns={col: frame[col].array for col in frame.columns},
        )

    def _with_ideas(self, ideas: pd.DataFrame | None) -> _Items:
        if ideas is None:
            return self._items
        if not isinstance(ideas, pd.DataFrame):
            raise ValueError(f"ideas must be a pandas DataFrame (got {type(ideas).__name__})")
        if len(ideas) == 0:
            return self._items
        missing = [c for c in Columns.ALL if c not in ideas.columns]
        if missing:
            raise ValueError(f"ideas are missing column(s): {', '.join(missing)}")
        ideas = ideas[list(Columns.ALL)].reset_index(drop=True)
        try:
            key: tuple | None = tuple(ideas.itertuples(index=False, name=None))
            hash(key)
        except TypeError:  # an unhashable cell (a list of tags): validation joins it; no cache
            key = None
        if key is not None and key in self._ideas_cache:
            self._ideas_cache.move_to_end(key)
            return self._ideas_cache[key]
        items = self._combine(ideas)
        if key is not None:
            self._ideas_cache[key] = items
            if len(self._ideas_cache) > _IDEAS_CACHE_SIZE:
                self._ideas_cache.popitem(last=False)
        return items

    def _combine(self, ideas: pd.DataFrame) -> _Items:
        """The catalog's items followed by the ideas' (validated by the catalog's rules)."""
        # An idea with a catalog activity's id is that activity: the catalog row is ranked.
        keep = ~ideas[Columns.ACTIVITY_ID].astype(str).str.strip().isin(self._items.index)
        keep &= ~ideas[Columns.ACTIVITY_ID].astype(str).str.strip().duplicated()
        rows = np.flatnonzero(keep.to_numpy())
        if len(rows) == 0:
            return self._items
        ideas = validate_activities(
            ideas.iloc[rows].to_dict("records"),
            source="ideas",
            where=[f"row {r + 1}" for r in rows],
        )
        extra = self._describe(ideas, self.model.transform(ideas), self._taste_columns)
        base = self._items
        ids = np.concatenate([base.ids, extra.ids])
        return _Items(
            vectors=sparse.vstack([base.vectors, extra.vectors], format="csr"),
            taste=sparse.vstack([base.taste, extra.taste], format="csr"),
            ids=ids,
            index={aid: i for i, aid in enumerate(ids)},
            cost=np.concatenate([base.cost, extra.cost]),
            risk=np.concatenate([base.risk, extra.risk]),
            hours=np.concatenate([base.hours, extra.hours]),
            setting=np.concatenate([base.setting, extra.setting]),
            season_bits=np.concatenate([base.season_bits, extra.season_bits]),
            titles=np.concatenate([base.titles, extra.titles]),
            n_catalog=base.n_catalog,
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

    def _interest_vector(self, interests: tuple[str, ...]) -> np.ndarray:
        vec = self._interest_cache.get(interests)
        if vec is None:
            vec = self.model.interest_vector(interests).toarray().ravel()
            if len(self._interest_cache) > 256:
                self._interest_cache.clear()
            self._interest_cache[interests] = vec
        return vec

    def _interest_terms(self, interest: str) -> tuple[list[int], list[int]]:
        terms = self._columns_cache.get(interest)
        if terms is None:
            named, words = self.model.interest_terms(interest)
            terms = (named.tolist(), words.tolist())
            if len(self._columns_cache) > 1024:
                self._columns_cache.clear()
            self._columns_cache[interest] = terms
        return terms

    # Public API ----------------------------------------------------------------------

    def recommend(
        self,
        couple: Couple,
        k: int = 10,
        feedback: Iterable[Feedback] = (),
        *,
        ideas: pd.DataFrame | None = None,
        exclude: Iterable[str] = (),
        risk_stretch: int = 0,
        season: Season | str | date | None = None,
        setting: Setting | str | None = None,
        max_hours: float | None = None,
        explore: bool = False,
        seed: int | None = None,
    ) -> pd.DataFrame:
        """Suggest up to ``k`` activities new to both partners, best first.

        Parameters
        ----------
        couple : Couple
            Both partners' interests, risk comfort and budget.
        k : int
            How many suggestions; fewer when fewer activities are eligible.
        feedback : iterable of Feedback
            Their ratings so far, oldest first (or each with ``at`` set; a time
            without a time zone is taken as UTC).
        ideas : pandas.DataFrame, optional
            The couple's own activities (catalog columns), ranked alongside.
        exclude : iterable of str
            Activity ids not to suggest (e.g. already planned).
        risk_stretch : {0, 1}
            1 allows activities one risk level above the lower comfort level.
        season : Season, str or date, optional
            Only activities suiting this season (a date is mapped to its season).
        setting : {"indoor", "outdoor"}, optional
            Only activities in this setting; ``either``-setting ones always match.
        max_hours : float, optional
            Only activities taking at most this many hours.
        explore : bool
            "Surprise me": sample among the good eligible picks instead of
            taking the best ones.
        seed : int, optional
            Makes ``explore`` repeatable.

        Returns
        -------
        pandas.DataFrame
            The catalog's columns plus ``score`` (0..1), ``reason``, ``source``
            (``"catalog"`` or ``"ours"``), ``score_a`` and ``score_b`` (each
            partner's predicted enjoyment, 0..1); ``min(k, eligible)`` rows.

        Raises
        ------
        ValueError
            Naming the field and the allowed values, for a bad ``k``,
            ``risk_stretch``, ``season``, ``setting``, ``max_hours``,
            ``feedback`` (not a list of Feedback, or an unknown activity id) or
            ``exclude`` (not a list of activity ids).
        recommender.catalog.CatalogError
            A ``ValueError`` listing every row, column and value of ``ideas``
            that breaks the catalog's rules.
        """
        p = self.params
        if not isinstance(couple, Couple):
            raise ValueError(
                f"couple must be a Couple of two Partners (got {type(couple).__name__})"
            )
        k = _check_k(k)
        stretch = _check_stretch(risk_stretch)
        season_name = _check_season(season)
        setting_name = _check_setting(setting)
        hours = _check_hours(max_hours)
        exclude = _check_exclude(exclude)
        events = _check_feedback(feedback)
        items = self._with_ideas(ideas)
        history = _digest(events, items.index, p.decay)

        eligible = (items.cost <= couple.budget) & (items.risk <= couple.risk_comfort + stretch)
        if season_name is not None:
            eligible &= (items.season_bits & _SEASON_BIT[season_name]) != 0
        if setting_name is not None:
            eligible &= (items.setting == setting_name) | (items.setting == Setting.EITHER.value)
        if hours is not None:
            eligible &= items.hours <= hours
        blocked = set(history.blocked)
        blocked.update(items.index[a] for a in exclude if a in items.index)
        if blocked:
            eligible[list(blocked)] = False
        candidates = np.flatnonzero(eligible)
        if k == 0 or len(candidates) == 0:
            return pd.DataFrame(columns=self._out_columns)

        enjoy = {key: self._predict(couple.partner(key), key, items, history) for key in "ab"}
        weight_a = _lean(history, p.lean_strength)
        e_a, e_b = enjoy["a"], enjoy["b"]
        joint = weight_a * e_a + (1 - weight_a) * e_b
        joint -= p.misery_weight * np.maximum(0.0, p.misery_threshold - np.minimum(e_a, e_b))

        # Rank the candidates; only a small pool of the best is re-ranked for novelty/variety.
        depth = min(k, p.mmr_depth)
        pool_size = min(len(candidates), max(4 * depth, 60) + (k - depth))
        cand_scores = joint[candidates]
        if pool_size < len(candidates):
            top = np.argpartition(-cand_scores, pool_size - 1)[:pool_size]
            pool = candidates[top]
        else:
            pool = candidates
        pool = pool[np.lexsort((pool, -joint[pool]))]  # best first, ties by position
        pool_vectors = items.vectors[pool]
        relevance = joint[pool] - self._novelty_penalty(pool_vectors, items, history)
        if explore:
            rng = np.random.default_rng(seed)
            relevance = relevance + p.explore_temperature * rng.gumbel(size=len(pool))
        lean = e_a[pool] - e_b[pool]  # > 0: suits partner a more
        order = _mmr(
            relevance, pool_vectors, depth, p.mmr_lambda, lean, p.balance_weight, weight_a - 0.5
        )
        rest = np.setdiff1d(np.arange(len(pool)), order, assume_unique=True)
        rest = rest[np.lexsort((rest, -relevance[rest]))][: k - len(order)]
        chosen_pos = np.concatenate([order, rest]).astype(int)
        chosen = pool[chosen_pos]
        scores = np.clip(relevance[chosen_pos], 0.0, 1.0)
        return self._frame(couple, chosen, scores, items, history, enjoy, stretch)

    # Scoring -------------------------------------------------------------------------

    def _predict(self, partner: Partner, key: str, items: _Items, history: _History) -> np.ndarray:
        """One partner's predicted enjoyment (0..1) of every item."""
        p = self.params
        vectors = items.vectors
        if partner.interests:
            q = self._interest_vector(partner.interests)
            match = vectors @ q
            # Scaled by the catalog's best match only, so adding an idea never changes the
            # enjoyment shown for catalog activities; an idea matching better is clipped to 1.
            top = float(match[: items.n_catalog].max()) if items.n_catalog else 0.0
        else:
            match, top = None, 0.0
        if match is not None and top > 0:
            prior = p.prior_low + (p.prior_high - p.prior_low) * np.minimum(match / top, 1.0)
        else:
            prior = np.full(vectors.shape[0], p.prior_none)
        rated = history.ratings[key]
        if not rated:
            return prior
        idx = np.fromiter(rated, dtype=np.int64, count=len(rated))
        y = np.array([(rated[i][0] - 1) / 4 for i in idx])
        recency = np.array([rated[i][1] for i in idx])
        z_rated, t_rated = vectors[idx], items.taste[idx]
        gram = (z_rated @ z_rated.T).toarray() + p.bias_kernel
        if p.taste_kernel:
            gram += p.taste_kernel * (t_rated @ t_rated.T).toarray()
        system = gram + np.diag(p.ridge / recency)
        alpha = np.linalg.solve(system, y - prior[idx])
        direction = np.asarray(z_rated.T @ alpha).ravel()
        predicted = prior + vectors @ direction + p.bias_kernel * alpha.sum()
        if p.taste_kernel:
            taste_direction = np.asarray(t_rated.T @ alpha).ravel()
            predicted += p.taste_kernel * (items.taste @ taste_direction)
        return np.clip(predicted, 0.0, 1.0)

    def _novelty_penalty(
        self, pool_vectors: sparse.csr_matrix, items: _Items, history: _History
    ) -> np.ndarray:
        p = self.params
        recent = history.done[-p.novelty_recent :]
        if not recent or p.novelty_weight == 0:
            return np.zeros(pool_vectors.shape[0])
        sims = (pool_vectors @ items.vectors[recent].T).toarray()
        fade = p.decay ** np.arange(len(recent) - 1, -1, -1)  # the latest counts most
        excess = np.maximum(0.0, sims - p.novelty_floor) / (1 - p.novelty_floor)
        return p.novelty_weight * (excess * fade).max(axis=1)

    # Output --------------------------------------------------------------------------

    def _frame(
        self,
        couple: Couple,
        chosen: np.ndarray,
        scores: np.ndarray,
        items: _Items,
        history: _History,
        enjoy: dict[str, np.ndarray],
        stretch: int,
    ) -> pd.DataFrame:
        from_catalog = chosen < items.n_catalog
        # One frame built from column arrays: much cheaper than slicing and concatenating frames.
        data: dict[str, object] = {col: arr.take(chosen) for col, arr in items.columns.items()}
        data[RecColumns.SCORE] = np.round(scores, 4)
        data[RecColumns.REASON] = self._reasons(couple, chosen, items, history, stretch)
        data[RecColumns.SOURCE] = np.where(from_catalog, SOURCE_CATALOG, SOURCE_OURS)
        data[SCORE_A] = np.round(enjoy["a"][chosen], 4)
        data[SCORE_B] = np.round(enjoy["b"][chosen], 4)
        return pd.DataFrame(data, columns=self._out_columns)

    def _reasons(
        self,
        couple: Couple,
        chosen: np.ndarray,
        items: _Items,
        history: _History,
        stretch: int,
    ) -> list[str]:
        vectors = items.vectors[chosen]
        matched = {key: self._matched(couple.partner(key), vectors) for key in "ab"}
        liked: dict[int, list[str]] = {}  # item -> the partners who rated it 4-5
        for key in "ab":
            for item, (rating, _) in history.ratings[key].items():
                if rating >= _LIKED:
                    liked.setdefault(item, []).append(key)
        liked_ids = list(liked)
        resemble = (
            (vectors @ items.vectors[liked_ids].T).toarray() if liked_ids else np.zeros((0, 0))
        )
        reasons = []
        for row, item in enumerate(chosen):
            parts = []
            if item >= items.n_catalog:
                parts.append("One of your own ideas.")
            parts.append(_interest_sentence(couple, matched["a"][row], matched["b"][row]))
            parts.append(_limits_sentence(couple, items.cost[item], int(items.risk[item]), stretch))
            if liked_ids:
                close = resemble[row].copy()
                close[np.asarray(liked_ids) == item] = -1.0  # not "like itself"
                best = int(np.argmax(close))
                if close[best] >= _RESEMBLES:
                    like_item = liked_ids[best]
                    fans = _fans(couple, liked[like_item], like_item, history)
                    parts.append(
                        f"It is in the same spirit as “{items.titles[like_item]}”, which {fans}."
                    )
            reasons.append(" ".join(p for p in parts if p))
        return reasons

    def _matched(self, partner: Partner, vectors: sparse.csr_matrix) -> list[list[str]]:
        """Per row, the partner's interests (in their words) the activity matches."""
        out: list[list[str]] = [[] for _ in range(vectors.shape[0])]
        if not partner.interests:
            return out
        present = [
            set(vectors.indices[vectors.indptr[r] : vectors.indptr[r + 1]].tolist())
            for r in range(vectors.shape[0])
        ]
        for interest in partner.interests:
            named, words = self._interest_terms(interest)
            if not named and not words:
                continue
            for row, columns in enumerate(present):
                if any(c in columns for c in named) or (words and all(c in columns for c in words)):
                    out[row].append(interest)
        return out


# Helpers ---------------------------------------------------------------------------------


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"k must be a whole number, 0 or more (got {k!r})")
    return int(k)


def _check_stretch(value: object) -> int:
    if isinstance(value, bool) or value not in (0, 1):
        raise ValueError(f"risk_stretch must be one of 0, 1 (got {value!r})")
    return int(value)  # type: ignore[call-overload]


def _check_season(season: object) -> str | None:
    if season is None:
        return None
    if isinstance(season, datetime):
        season = season.date()
    if isinstance(season, date):
        return season_of(season).value
    if isinstance(season, Season):
        return season.value
    if isinstance(season, str) and season.strip().lower() in _SEASONS:
        return season.strip().lower()
    raise ValueError(f"season must be one of {', '.join(_SEASONS)}, or a date (got {season!r})")


def _check_setting(setting: object) -> str | None:
    if setting is None:
        return None
    value = setting.value if isinstance(setting, Setting) else setting
    if isinstance(value, str) and value.strip().lower() in _FILTER_SETTINGS:
        return value.strip().lower()
    raise ValueError(
        f"setting must be one of {', '.join(_FILTER_SETTINGS)}, or None for either"
        f" (got {setting!r})"
    )


def _check_hours(hours: object) -> float | None:
    if hours is None:
        return None
    if (
        isinstance(hours, bool)
        or not isinstance(hours, (int, float, np.number))
        or math.isnan(hours)
        or hours <= 0
    ):
        raise ValueError(f"max_hours must be a number of hours more than 0 (got {hours!r})")
    return float(hours)


def _check_exclude(exclude: object) -> list[str]:
    if isinstance(exclude, str):
        return [exclude]
    message = "exclude must be a list of activity ids"
    if exclude is None or isinstance(exclude, bytes) or not isinstance(exclude, Iterable):
        raise ValueError(f"{message} (got {exclude!r})")
    ids = list(exclude)
    wrong = [a for a in ids if not isinstance(a, str)]
    if wrong:
        raise ValueError(f"{message} (got {wrong[0]!r} in it)")
    return ids


def _check_feedback(feedback: object) -> list[Feedback]:
    message = "feedback must be a list of Feedback values"
    if isinstance(feedback, Feedback):
        raise ValueError(f"{message}, not a single Feedback: put it in a list")
    if feedback is None or isinstance(feedback, (str, bytes)) or not isinstance(feedback, Iterable):
        raise ValueError(f"{message} (got {feedback!r})")
    events = list(feedback)
    for event in events:
        if not isinstance(event, Feedback):
            raise ValueError(f"{message} (got {type(event).__name__})")
        if event.at is not None and not isinstance(event.at, datetime):
            raise ValueError(
                f"feedback for {event.activity_id!r}: at must be a date and time (a datetime),"
                f" or None (got {event.at!r})"
            )
    return events


def _utc(at: datetime) -> datetime:
    """A time comparable with any other: one without a time zone is taken as UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _digest(events: list[Feedback], index: dict[str, int], decay: float) -> _History:
    unknown = [e.activity_id for e in events if e.activity_id not in index]
    if unknown:
        raise ValueError(
            f"feedback has unknown activity_id {unknown[0]!r}: it is neither in the catalog"
            " nor among the couple's ideas"
        )
    if events and all(e.at is not None for e in events):
        events = sorted(events, key=lambda e: _utc(e.at))  # type: ignore[arg-type]
    n = len(events)
    ratings: dict[str, dict[int, tuple[int, float]]] = {"a": {}, "b": {}}
    did: dict[str, set[int]] = {"a": set(), "b": set()}
    done: dict[int, None] = {}
    outing: dict[str, list[int]] = {"a": [], "b": []}
    for pos, event in enumerate(events):
        item = index[event.activity_id]
        ratings[event.partner][item] = (event.rating, decay ** (n - 1 - pos))
        if event.done:
            done.pop(item, None)
            done[item] = None
            did[event.partner].add(item)
            outing[event.partner].append(event.rating)
    blocked = set(done)
    for per_item in ratings.values():
        blocked.update(i for i, (r, _) in per_item.items() if r <= _DISLIKED)
    means = {key: float(np.mean(v)) for key, v in outing.items() if v}
    n_outings = min(len(outing["a"]), len(outing["b"]))
    return _History(ratings, list(done), blocked, did, means, n_outings)


def _lean(history: _History, strength: float) -> float:
    """Partner a's share of the joint score: more when a's outing ratings were lower."""
    if history.n_outings == 0 or strength == 0:
        return 0.5
    gap = history.outing_means["b"] - history.outing_means["a"]  # > 0: a enjoyed less
    confidence = history.n_outings / (history.n_outings + 2)
    return 0.5 + strength * math.tanh(gap) * confidence


def _mmr(
    relevance: np.ndarray,
    vectors: sparse.csr_matrix,
    k: int,
    lam: float,
    lean: np.ndarray,
    balance: float,
    favour: float,
) -> np.ndarray:
    """Greedy maximal-marginal-relevance order of the first ``k`` picks.

    ``lean`` is how much more each item suits partner a than b: picks that would tip
    the list further towards the partner it already favours are pushed down, so the top
    of the list takes turns between the two of them. ``favour`` (> 0 for a, < 0 for b)
    names a partner the ranking deliberately leans towards, because their ratings have
    been lower: the list may tilt their way without being pushed back.
    """
    n = len(relevance)
    k = min(k, n)
    if k == 0:
        return np.zeros(0, dtype=int)
    sims = (vectors @ vectors.T).toarray()
    chosen = [int(np.argmax(relevance))]
    max_sim = sims[chosen[0]].copy()
    available = np.ones(n, dtype=bool)
    available[chosen[0]] = False
    tilt = float(lean[chosen[0]])
    for _ in range(k - 1):
        gain = lam * relevance - (1 - lam) * max_sim
        if tilt != 0.0 and np.sign(tilt) != np.sign(favour):
            gain -= balance * np.maximum(0.0, np.sign(tilt) * lean)
        gain[~available] = -np.inf
        nxt = int(np.argmax(gain))
        chosen.append(nxt)
        available[nxt] = False
        np.maximum(max_sim, sims[nxt], out=max_sim)
        tilt += float(lean[nxt])
    return np.asarray(chosen)


_ENJOYED, _LOOKED = "enjoyed", "liked the look of"


def _fans(couple: Couple, who: list[str], item: int, history: _History) -> str:
    """Who liked ``item``: "you both enjoyed", "Ana liked the look of"...

    "Enjoyed" is said only of an outing they did; a thumbs up to a suggestion only
    says they liked the look of it.
    """
    if len(who) == 2:
        did = [item in history.did[key] for key in who]
        if all(did):
            return f"you both {_ENJOYED}"
        if not any(did):
            return f"you both {_LOOKED}"
    return " and ".join(
        f"{couple.partner(key).name} {_ENJOYED if item in history.did[key] else _LOOKED}"
        for key in who
    )


def _join(words: Sequence[str]) -> str:
    words = [interest_words(w) for w in words]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _interest_sentence(couple: Couple, a: list[str], b: list[str]) -> str:
    name_a, name_b = couple.a.name, couple.b.name
    a, b = a[:2], b[:2]
    shared = [w for w in a if w.lower() in {x.lower() for x in b}]
    if shared and len(shared) == len(a) == len(b):
        return f"It is something you both love: {_join(shared)}."
    if a and b:
        return f"It matches {name_a}'s love of {_join(a)} and {name_b}'s love of {_join(b)}."
    if a:
        return f"It matches {name_a}'s love of {_join(a)}, and it is something new for {name_b}."
    if b:
        return f"It matches {name_b}'s love of {_join(b)}, and it is something new for {name_a}."
    return "Something neither of you has tried, to discover together."


# How a risk level within both comfort levels is said.
_RISK_FITS = {
    1: "and with no real risk it suits you both",
    2: "and it is gentle enough for both of you",
    3: "and it takes some nerve, but no more than you are both happy with",
    4: "and it is bold, but within both your comfort levels",
    5: "and it is thrilling, but within both your comfort levels",
}


def _limits_sentence(couple: Couple, cost: float, risk: int, stretch: int) -> str:
    price = (
        "It is free, so it fits both budgets"
        if cost == 0
        else f"At about {money(cost)} for two it fits both budgets"
    )
    if risk <= couple.risk_comfort or not stretch:
        return f"{price}, {_RISK_FITS[risk]}."
    stretched = [pt.name for pt in (couple.a, couple.b) if risk > pt.risk_comfort]
    return (
        f"{price}; being {risk_name(risk)} it is one step past {_join(stretched)}'s"
        " comfort zone, the small stretch you asked for."
    )
