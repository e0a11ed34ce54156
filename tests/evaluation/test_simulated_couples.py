"""Simulated couples: tastes that may follow the tags that go together."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recommender import load_catalog
from recommender.catalog.columns import TAGS
from recommender.evaluation.couples import EvaluationSettings, simulate_couples, tag_links

SMALL = EvaluationSettings(n_couples=200, seed=5)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


def _links(catalog: pd.DataFrame) -> np.ndarray:
    from recommender.catalog.loading import split_list

    index = {t: i for i, t in enumerate(TAGS)}
    rows, cols = [], []
    for i, cell in enumerate(catalog["tags"]):
        for tag in split_list(cell):
            rows.append(i)
            cols.append(index[tag])
    from scipy import sparse

    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(catalog), len(TAGS))
    )
    return tag_links(incidence)


def test_tags_link_to_the_tags_they_share_activities_with(catalog) -> None:
    links = _links(catalog)
    assert np.allclose(np.diag(links), 0.0)
    sums = links.sum(axis=1)
    assert np.allclose(sums[sums > 0], 1.0)
    hiking = links[TAGS.index("hiking")]
    closest = {TAGS[i] for i in np.argsort(-hiking)[:3]}
    assert "nature" in closest, closest
    assert hiking[TAGS.index("nature")] > hiking[TAGS.index("board-games")]


def test_with_related_tastes_a_loved_tags_neighbours_are_liked_more(catalog) -> None:
    links = _links(catalog)
    from recommender.catalog.loading import split_list

    tags = [set(split_list(cell)) for cell in catalog["tags"]]

    def neighbour_rating(settings: EvaluationSettings) -> float:
        means = []
        for sim in simulate_couples(catalog, settings):
            for key in ("a", "b"):
                stated = sim.stated[key][0]
                near = TAGS[int(np.argmax(links[TAGS.index(stated)]))]
                rows = [i for i, t in enumerate(tags) if near in t and stated not in t]
                if rows:
                    means.append(sim.true_rating[key][rows].mean())
        return float(np.mean(means))

    from dataclasses import replace

    independent = simulate_couples(catalog, SMALL)
    related = simulate_couples(catalog, replace(SMALL, related=0.5))
    for one, other in zip(independent, related, strict=True):
        assert one.loves == other.loves and one.couple == other.couple  # the same people
    # A small lift on the closest tag alone (about 0.06 of a star, over 400 partners): the
    # taste spreads over all the tags a loved one goes with.
    assert neighbour_rating(replace(SMALL, related=0.5)) > neighbour_rating(SMALL) + 0.03


def test_related_must_be_a_share() -> None:
    with pytest.raises(ValueError, match=r"related must be between 0 and 1 \(got 1.5\)"):
        EvaluationSettings(related=1.5)
