"""The recommender: ranks activities for two partners and learns from their ratings.

:meth:`Recommender.recommend` wires the steps, each in a module of its own:

1. **Eligible** (:mod:`~recommender.ranking.eligibility`): within both budgets and
   comfort levels and the context filters; not done, rated 1-2 or excluded.
2. **Per-partner scores** (:mod:`~recommender.ranking.scoring`): each partner's
   predicted enjoyment, from their stated interests corrected by their ratings.
3. **Combine the two** (:mod:`~recommender.ranking.combining`): an average leaning
   towards the partner who enjoyed less, without misery.
4. **Shortlist** (:mod:`~recommender.ranking.rerank`): the best candidates.
5. **Novelty** (:mod:`~recommender.ranking.novelty`): less like recent outings.
6. **Re-rank** (:mod:`~recommender.ranking.rerank`): variety, taking turns.
7. **Explain** (:mod:`~recommender.ranking.reasons`): a reason per suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from recommender.catalog.columns import Columns, RecColumns, Season, Setting
from recommender.profiles import PARTNER_KEYS, Couple, Feedback
from recommender.ranking import arguments
from recommender.ranking.calibration import chance_sentence, enjoy_chance
from recommender.ranking.combining import combine, lean
from recommender.ranking.eligibility import eligible
from recommender.ranking.history import History, digest
from recommender.ranking.items import IdeasCache, Items, describe, taste_columns, text_array
from recommender.ranking.learner import Similar, rated_features
from recommender.ranking.model_cache import FittedModel, load_or_fit
from recommender.ranking.novelty import novelty_penalty
from recommender.ranking.params import RankingParams
from recommender.ranking.reasons import reasons
from recommender.ranking.rerank import Turns, rerank, shortlist
from recommender.ranking.scoring import InterestLookup, predict
from recommender.wording import Hemisphere

if TYPE_CHECKING:  # scikit-learn is imported only when the fitted model itself is needed
    from recommender.ranking.features import ContentModel

__all__ = ["SCORE_A", "SCORE_B", "SOURCE_CATALOG", "SOURCE_OURS", "RankingParams", "Recommender"]

#: Extra output columns (besides the catalog's and ``score``/``reason``/``source``); aliases of
#: :attr:`RecColumns.SCORE_A` and :attr:`RecColumns.SCORE_B`.
SCORE_A, SCORE_B = RecColumns.SCORE_A, RecColumns.SCORE_B
#: Values of the ``source`` column.
SOURCE_CATALOG, SOURCE_OURS = "catalog", "ours"


class Recommender:
    """Suggests activities new to both partners and learns from their feedback.

    Parameters
    ----------
    catalog : pandas.DataFrame
        The activities to rank (see :func:`recommender.catalog.load_catalog`).
    cache_dir : str or Path, optional
        Folder of the fitted model's cache; defaults to
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
        self._fitted = fitted
        self.model_loaded = fitted.loaded
        self.cache_file = fitted.path
        # Ranking uses the model's plain-array side; the scikit-learn model is read only
        # when a couple's own ideas are vectorised (a fresh server starts in a fraction).
        serving = fitted.serving
        self._items = describe(
            self.catalog, fitted.vectors, taste_columns(serving), fitted.embeddings
        )
        # The app passes the couple's ideas on every call: validating and vectorising them
        # costs far more than ranking, so the combined items are kept per distinct ideas.
        self._ideas = IdeasCache(self._items, serving)
        self._lookup = InterestLookup(serving, self._items)
        self._out_columns = [
            *self.catalog.columns,
            RecColumns.SCORE,
            RecColumns.REASON,
            RecColumns.SOURCE,
            SCORE_A,
            SCORE_B,
        ]

    @property
    def model(self) -> ContentModel:
        """The fitted content model (read from its cache on first use)."""
        return self._fitted.model

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
        hemisphere: Hemisphere | str = Hemisphere.NORTH,
        setting: Setting | str | None = None,
        max_hours: float | None = None,
        explore: bool = False,
        seed: int | None = None,
        cited_feedback: Iterable[Feedback] | None = None,
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
        hemisphere : {"north", "south"}
            Where the couple lives, so a date gets the season it has there.
        setting : {"indoor", "outdoor"}, optional
            Only activities in this setting; ``either``-setting ones always match.
        max_hours : float, optional
            Only activities taking at most this many hours.
        explore : bool
            "Surprise me": sample among the good eligible picks instead of
            taking the best ones.
        seed : int, optional
            Makes ``explore`` repeatable.
        cited_feedback : iterable of Feedback, optional
            What the reasons may cite ("Ben liked the look of ..."); by default all of
            ``feedback``. An app where each partner has their own phone passes only what the
            person looking may see, so a reason never gives away a private thumbs up; the
            scores still learn from all of ``feedback``.

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
            ``risk_stretch``, ``season``, ``hemisphere``, ``setting``, ``max_hours``,
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
        k = arguments.check_k(k)
        stretch = arguments.check_stretch(risk_stretch)
        season_name = arguments.check_season(season, hemisphere)
        setting_name = arguments.check_setting(setting)
        hours = arguments.check_hours(max_hours)
        exclude = arguments.check_exclude(exclude)
        events = arguments.check_feedback(feedback)
        items = self._ideas.items_with(ideas)
        history = digest(events, items.index, p.decay)
        cited = (
            history
            if cited_feedback is None
            else digest(arguments.check_feedback(cited_feedback), items.index, p.decay)
        )

        # 1. Eligible.
        candidates = eligible(
            items,
            couple,
            history,
            stretch=stretch,
            season=season_name,
            setting=setting_name,
            hours=hours,
            exclude=exclude,
        )
        if k == 0 or len(candidates) == 0:
            return pd.DataFrame(columns=self._out_columns)
        # 2. Per-partner scores (new phrases of both partners placed by meaning in one pass).
        self._lookup.prepare([*couple.a.interests, *couple.b.interests])
        rated = rated_features(items, history, p)  # read by both partners, novelty and reasons
        beliefs = predict(couple, items, history, self._lookup, p, rated)
        enjoy = {key: belief.mean for key, belief in beliefs.items()}
        # "Surprise us": Thompson sampling, ranking by one draw from each partner's posterior.
        ranked = enjoy
        if explore:
            rng = np.random.default_rng(seed)
            ranked = {key: beliefs[key].sample(rng, p.explore_temperature) for key in PARTNER_KEYS}
        # 3. Combine the two.
        weight_a = lean(history, p.lean_strength)
        joint = combine(ranked["a"], ranked["b"], weight_a, p)
        # 4. Shortlist: only a small pool of the best is re-ranked.
        depth = min(k, p.mmr_depth)
        pool = shortlist(candidates, joint, k, depth)
        pool_vectors = items.vectors[pool]
        similar = rated.similar(pool_vectors)
        # 5. Novelty.
        relevance = joint[pool] - novelty_penalty(pool_vectors, items, history, p, similar)
        # 6. Re-rank for variety, taking turns between the partners.
        turns = Turns(
            enjoy_a=ranked["a"][pool],
            enjoy_b=ranked["b"][pool],
            favour=weight_a - 0.5,
            balance=p.balance_weight,
            positions=p.turn_positions,
            margin=p.turn_margin,
        )
        positions = rerank(
            relevance,
            pool_vectors,
            k,
            depth,
            p.mmr_lambda,
            turns,
            items.category_codes[pool],
            p.category_cap,
        )
        chosen = pool[positions]
        scores = np.clip(relevance[positions], 0.0, 1.0)
        # 7. Explain.
        return self._frame(
            couple, chosen, scores, items, cited, enjoy, stretch, similar.take(positions)
        )

    def unplaced_interests(self, interests: Iterable[str]) -> list[str]:
        """The interests that match nothing: no tag, category or word, nor anything by meaning.

        The app shows these with a gentle note, so a partner knows a word was not understood
        (a made-up word, a typo) instead of wondering why nothing changed.

        Parameters
        ----------
        interests : iterable of str

        Returns
        -------
        list of str
            The interests (as given, blanks left out) that cannot be placed, in order.
        """
        if isinstance(interests, str):
            interests = [interests]
        out = []
        for interest in interests:
            text = str(interest).strip()
            if text and not self._lookup.placed(text):
                out.append(interest)
        return out

    def _frame(
        self,
        couple: Couple,
        chosen: np.ndarray,
        scores: np.ndarray,
        items: Items,
        history: History,
        enjoy: dict[str, np.ndarray],
        stretch: int,
        similar: Similar | None = None,
    ) -> pd.DataFrame:
        from_catalog = chosen < items.n_catalog
        # One frame built from column arrays: much cheaper than slicing and concatenating frames.
        data: dict[str, object] = items.take_columns(chosen)
        data[RecColumns.SCORE] = np.round(scores, 4)
        why = reasons(couple, chosen, items, history, stretch, self._lookup, enjoy, similar)
        data[RecColumns.SOURCE] = text_array(
            SOURCE_CATALOG if is_catalog else SOURCE_OURS for is_catalog in from_catalog
        )
        shown = {key: enjoy[key][chosen] for key in PARTNER_KEYS}
        if self.params.calibrate:
            shown = {key: enjoy_chance(value) for key, value in shown.items()}
        data[SCORE_A] = np.round(shown["a"], 4)
        data[SCORE_B] = np.round(shown["b"], 4)
        if self.params.calibrate:  # one line saying what the percentages mean
            why = [
                f"{text} {chance_sentence(couple, a, b)}"
                for text, a, b in zip(why, data[SCORE_A], data[SCORE_B], strict=True)
            ]
        # Typed text columns, in their final order, and no copy of the fresh arrays: pandas
        # infers, reorders and copies otherwise (half the cost of the frame).
        data[RecColumns.REASON] = text_array(why)
        return pd.DataFrame({col: data[col] for col in self._out_columns}, copy=False)
