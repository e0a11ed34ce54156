"""The serving side ranks exactly as the fitted scikit-learn model would, without importing it."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.ranking.features import ContentModel
from recommender.ranking.serving import CONTENT_DEFAULTS, ServingModel

PHRASES = [
    "the sea",
    "Live-Music",
    "board game",
    "arts and crafts",
    "cakes & bread/pies",
    "wine wine wine tasting",
    "zorblax",
    "the the",
    "café crème",
]


@pytest.fixture(scope="module")
def fitted(catalog) -> ContentModel:
    return ContentModel().fit(catalog)


def _reference_text(model: ContentModel, phrase: str) -> np.ndarray:
    """The fitted TF-IDF's own output for the phrase's words, unit length (or zeros)."""
    text = model.pipeline_.named_steps["columns"].named_transformers_["text"]
    row = text.transform([phrase.lower().replace("-", " ")]).toarray().ravel()
    norm = np.linalg.norm(row)
    return row / norm if norm else row


@pytest.mark.parametrize("phrase", PHRASES)
def test_an_interests_words_get_the_fitted_tfidf_weights(fitted, phrase) -> None:
    serving = ServingModel.from_model(fitted)
    alone = ServingModel(serving.to_arrays())  # as read back from the cache: arrays only
    text = fitted.block_slices_["text"]
    row = alone.interest_vector([phrase]).toarray().ravel()[text]
    norm = np.linalg.norm(row)
    expected = _reference_text(fitted, phrase.replace("&", " ").replace("/", " "))
    assert np.allclose(row / norm if norm else row, expected, atol=1e-12)


def test_several_interests_give_the_models_vector_and_terms(fitted) -> None:
    alone = ServingModel(ServingModel.from_model(fitted).to_arrays())
    interests = ("the sea", "hiking", "outdoors", "live music")
    vector = alone.interest_vector(interests).toarray().ravel()
    assert np.isclose(np.linalg.norm(vector), 1.0)
    names = fitted.get_feature_names_out()
    lit = set(names[vector > 0])
    assert {"tags__hiking", "tags__live-music", "category__category_outdoors", "text__sea"} <= lit
    named, words = alone.interest_terms("live music")
    assert set(names[named]) == {"tags__live-music"}
    assert set(names[words]) == {"text__live", "text__music"}


def test_without_its_fitted_model_ideas_are_refused_clearly(fitted, catalog) -> None:
    alone = ServingModel(ServingModel.from_model(fitted).to_arrays())
    with pytest.raises(ValueError, match="without its fitted content model"):
        alone.transform(catalog.head(1))


def test_malformed_arrays_are_refused(fitted) -> None:
    arrays = ServingModel.from_model(fitted).to_arrays()
    with pytest.raises(ValueError, match="missing idf"):
        ServingModel({k: v for k, v in arrays.items() if k != "idf"})
    with pytest.raises(ValueError, match="do not fit together"):
        ServingModel({**arrays, "idf": arrays["idf"][:-1]})


def test_the_cache_keys_defaults_are_the_models_own() -> None:
    assert ContentModel().get_params() == CONTENT_DEFAULTS
