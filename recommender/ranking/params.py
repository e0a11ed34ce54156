"""The tuning of the ranking: one frozen dataclass the steps read their knobs from."""

from __future__ import annotations

from dataclasses import dataclass


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
    appeal_weight : float
        How much an activity's broad appeal (moderate effort, not dear) adds to the
        prior where it matches little of what a partner said.
    meaning_floor : float
        Graded similarity: the quantile of the catalog's matches by meaning from which an
        activity starts to count as (partly) matching an interest (0.5: the median).
    related_share : float
        Graded similarity: how much an activity close in meaning to an interest counts
        (times its meaning match) when it matches none of its words or tags.
    prior_variance : float
        How far (variance, per unit of kernel) a partner's true enjoyment may stray
        from what their stated interests predict; with the noise below it sets how
        fast ratings move predictions.
    noise_done, noise_thumb : float
        Noise (standard deviation on the 0..1 scale) of a rating of an outing they
        did, and of a thumbs on a card they only looked at (weaker evidence).
    bias_kernel : float
        Lets a partner's ratings shift all predictions a little (a partner who
        rates everything low is predicted lower everywhere).
    taste_kernel : float
        Extra say of shared tags and category (over shared words) in how far
        a rating carries to other activities.
    event_cap : float
        Most one thumbs may move any activity's prediction (0 = unbounded): a thumbs
        more surprising than this counts as noisier evidence, so that alone it moves the
        list as far as a surprise of ``event_cap`` would, while several that agree add up.
    numbers_kernel : float
        Say of the numbers in levels (energy, risk, cost, duration, setting) in how
        far a rating carries: how numeric preferences are learned.
    couple_share : float
        How much one partner's ratings tell about the other's taste (0..1, exclusive
        of 1): the correlation of the two partners' departures from what they stated,
        so an outing or thumbs of one moves the other's predictions by this share.
    softmin_share, softmin_temperature : float
        Share of a soft minimum of the two partners' predictions in the joint score
        (raising the less happy partner), and how soft that minimum is.
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
        A push all down the list (the engine before issue 11): once the picks so far
        suit one partner more, a pick that suits that partner more again is pushed down
        by this times how much more it suits them. 0: it made one reaction reshuffle
        the list; the turns below take its place.
    turn_positions, turn_margin : int, float
        The first ``turn_positions`` cards take turns: while one partner has a favourite
        among them (a pick predicted near their best) and the other has none, the next
        card is the other's best favourite, if its re-rank score is within
        ``turn_margin`` of the best one.
    mmr_depth : int
        How many top positions the variety re-rank arranges.
    explore_temperature : float
        How adventurous "surprise me" is among the good picks.
    calibrate : bool
        Show each partner's "% enjoy" as a calibrated chance of rating it 4 or 5
        (:mod:`~recommender.ranking.calibration`); False shows the raw prediction.
    category_cap : int
        Variety floor: at most this many cards of one category in every ten the
        re-rank arranges (0 turns it off).
    """

    prior_low: float = 0.35
    prior_high: float = 0.8
    prior_none: float = 0.55
    appeal_weight: float = 0.25
    meaning_floor: float = 0.5
    related_share: float = 0.7
    prior_variance: float = 1.0
    noise_done: float = 0.32
    noise_thumb: float = 0.6
    bias_kernel: float = 0.02
    event_cap: float = 0.25
    taste_kernel: float = 3.0
    numbers_kernel: float = 0.2
    couple_share: float = 0.25
    softmin_share: float = 0.5
    softmin_temperature: float = 0.1
    decay: float = 0.98
    misery_threshold: float = 0.45
    misery_weight: float = 1.0
    lean_strength: float = 0.2
    novelty_weight: float = 0.3
    novelty_floor: float = 0.35
    novelty_recent: int = 5
    mmr_lambda: float = 0.8
    balance_weight: float = 0.0
    turn_positions: int = 3
    turn_margin: float = 0.05
    mmr_depth: int = 50
    explore_temperature: float = 0.015
    category_cap: int = 3
    calibrate: bool = True
