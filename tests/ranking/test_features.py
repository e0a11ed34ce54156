"""The content model puts activities and interests in one space where alike is close."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from recommender import Columns, load_catalog
from recommender.ranking.features import ContentModel, match_vocabulary

C = Columns


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


@pytest.fixture(scope="module")
def fitted(catalog: pd.DataFrame) -> tuple[ContentModel, sparse.csr_matrix]:
    model = ContentModel()
    return model, model.fit_transform(catalog)


def top_ids(catalog: pd.DataFrame, vectors: sparse.csr_matrix, query, n: int) -> list[str]:
    sims = (vectors @ query.T).toarray().ravel()
    return catalog[C.ACTIVITY_ID].iloc[np.argsort(-sims, kind="stable")[:n]].tolist()


def test_fit_follows_the_estimator_contract(catalog: pd.DataFrame) -> None:
    model = ContentModel(text_weight=2.0)
    assert model.get_params()["text_weight"] == 2.0
    assert not hasattr(model, "pipeline_")  # __init__ only stores parameters
    with pytest.raises(NotFittedError):
        model.transform(catalog)
    assert model.fit(catalog) is model
    assert model.n_features_in_ == len(C.ALL)
    assert list(model.feature_names_in_) == list(C.ALL)
    twin = clone(model)
    assert twin.get_params() == model.get_params() and not hasattr(twin, "pipeline_")


def test_rows_are_l2_normalised_sparse_and_stable(catalog, fitted) -> None:
    model, vectors = fitted
    assert sparse.issparse(vectors) and vectors.shape == (len(catalog), model.n_features_out_)
    norms = np.sqrt(vectors.multiply(vectors).sum(axis=1)).A.ravel()
    assert np.allclose(norms, 1.0)
    assert abs(vectors - model.transform(catalog)).max() < 1e-12
    again = pickle.loads(pickle.dumps(model))
    assert abs(vectors - again.transform(catalog)).max() < 1e-12
    names = model.get_feature_names_out()
    assert len(names) == model.n_features_out_
    for block in ("text", "tags", "category", "setting", "seasons", "numbers"):
        assert any(n.startswith(f"{block}__") for n in names)


def test_an_activitys_nearest_neighbour_shares_its_kind(catalog, fitted) -> None:
    _, vectors = fitted
    sims = (vectors @ vectors.T).toarray()
    np.fill_diagonal(sims, -1)
    best = sims.argmax(axis=1)
    tags = catalog[C.TAGS].str.split(";").map(set)
    same_kind = [
        catalog[C.CATEGORY].iloc[i] == catalog[C.CATEGORY].iloc[j]
        or bool(tags.iloc[i] & tags.iloc[j])
        for i, j in enumerate(best)
    ]
    assert np.mean(same_kind) > 0.9


def test_interests_land_next_to_matching_activities(catalog, fitted) -> None:
    model, vectors = fitted
    tagged = set(catalog.loc[catalog[C.TAGS].str.contains("live-music"), C.ACTIVITY_ID])
    # A tag written the way people say it ("live music") matches the tag.
    for spelling in ("live music", "Live-Music", "live-music"):
        hits = top_ids(catalog, vectors, model.interest_vector([spelling]), 5)
        assert set(hits) <= tagged, spelling
    in_category = set(catalog.loc[catalog[C.CATEGORY] == "wellness", C.ACTIVITY_ID])
    assert set(top_ids(catalog, vectors, model.interest_vector(["wellness"]), 5)) <= in_category


def test_free_words_match_what_activities_say(catalog, fitted) -> None:
    model, vectors = fitted
    for word in ("jazz", "sea"):
        says = catalog[C.TITLE].str.contains(word, case=False) | catalog[
            C.DESCRIPTION
        ].str.contains(rf"\b{word}\b", case=False)
        assert says.any(), f"the catalog should mention {word!r}"
        query = model.interest_vector([f"the {word}" if word == "sea" else word])
        assert query.nnz > 0
        assert top_ids(catalog, vectors, query, 1)[0] in set(catalog.loc[says, C.ACTIVITY_ID])


def test_unknown_words_give_an_empty_vector_not_an_error(fitted) -> None:
    model, _ = fitted
    assert model.interest_vector(["zzyzx qwertyuiop"]).nnz == 0
    assert model.interest_vector([]).nnz == 0
    assert model.interest_columns("zzyzx").size == 0


def test_several_interests_each_count(catalog, fitted) -> None:
    model, vectors = fitted
    query = model.interest_vector(["cooking", "climbing"])
    hits = top_ids(catalog, vectors, query, 10)
    tags = catalog.set_index(C.ACTIVITY_ID)[C.TAGS]
    assert any("cooking" in tags[h] for h in hits) and any("climbing" in tags[h] for h in hits)
    norm = np.sqrt(query.multiply(query).sum())
    assert norm == pytest.approx(1.0)


def test_vocabulary_matching_is_forgiving() -> None:
    assert match_vocabulary("Live music") == ("live-music", None)
    assert match_vocabulary("board game") == ("board-games", None)
    assert match_vocabulary("Arts and crafts") == (None, "arts-crafts")
    assert match_vocabulary("food & drink") == (None, "food-drink")
    assert match_vocabulary("the sea") == (None, None)


def test_ideas_outside_the_vocabulary_still_transform(catalog, fitted) -> None:
    model, _ = fitted
    idea = catalog.head(1).copy()
    idea[C.CATEGORY] = "not-a-category"
    idea[C.COST] = 10_000.0  # beyond anything fitted: clipped, not an error
    row = model.transform(idea)
    assert row.shape == (1, model.n_features_out_)
    assert np.sqrt(row.multiply(row).sum()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ([{"title": "x"}], "needs a pandas DataFrame of activities"),
        (pd.DataFrame({"title": ["x"]}), r"missing column\(s\): activity_id, description"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(frame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ContentModel().fit(frame)


def test_an_empty_catalog_cannot_be_fitted(catalog) -> None:
    with pytest.raises(ValueError, match="catalog with no activities"):
        ContentModel().fit(catalog.head(0))


def test_a_several_word_interest_needs_all_its_words_to_match_text(fitted) -> None:
    model, _ = fitted
    names = model.get_feature_names_out()
    named, words = model.interest_terms("live music")
    assert set(names[named]) == {"tags__live-music"}
    assert set(names[words]) == {"text__live", "text__music"}
    named, words = model.interest_terms("the sea")
    assert named.size == 0 and set(names[words]) == {"text__sea"}  # "the" is not a word to match
    assert set(names[model.interest_columns("outdoors")]) >= {"category__category_outdoors"}
