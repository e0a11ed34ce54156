"""Interests in a partner's own words are understood by meaning (issue 11, part 1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from ranking_helpers import ALGORITHM_WORDS

from recommender import Columns, Couple, Partner, Recommender
from recommender.catalog.loading import split_list
from recommender.ranking import meaning
from recommender.ranking.features import ContentModel
from recommender.ranking.model_cache import cache_key, library_versions, load_or_fit

C = Columns


def wide(name: str, interests: list[str]) -> Partner:
    return Partner(name, interests, risk_comfort=5, budget=1000)


def tagged(recs, labels: set[str]) -> list[bool]:
    return [
        cat in labels or bool(set(split_list(tags)) & labels)
        for cat, tags in zip(recs[C.CATEGORY], recs[C.TAGS], strict=True)
    ]


@pytest.mark.parametrize(
    ("phrase", "labels"),
    [
        ("being near the ocean", {"beach", "water"}),
        ("gigs and bands", {"live-music", "music"}),
        ("tents and campfires", {"camping"}),
        ("plants and flowers", {"gardening", "foraging"}),
    ],
)
def test_a_phrase_sharing_no_tag_name_finds_activities_on_its_topic(
    engine: Recommender, phrase: str, labels: set[str]
) -> None:
    recs = engine.recommend(Couple(wide("Ana", [phrase]), wide("Ben", [phrase])), k=5)
    assert sum(tagged(recs, labels)) >= 4, recs[[C.TITLE, C.TAGS]]


def test_different_unknown_phrases_get_different_lists(engine: Recommender) -> None:
    # Before, every phrase with no catalog word got the same list.
    lists = {
        phrase: tuple(
            engine.recommend(Couple(wide("Ana", [phrase]), wide("Ben", [])), k=6)[C.ACTIVITY_ID]
        )
        for phrase in ("pets", "brain teasers", "a good laugh", "cafes")
    }
    assert len(set(lists.values())) == len(lists)


def test_the_reason_quotes_the_partners_own_phrase(engine: Recommender) -> None:
    couple = Couple(wide("Lena", ["being near the ocean"]), wide("Tom", ["hiking"]))
    recs = engine.recommend(couple, k=10)
    fits = [
        (reason, tags)
        for reason, tags in zip(recs["reason"], recs[C.TAGS], strict=True)
        if "Lena's “being near the ocean”" in reason
    ]
    assert fits, recs["reason"].tolist()
    for reason, tags in fits:
        assert set(split_list(tags)) & {"beach", "water"}, (reason, tags)
        assert reason.startswith("It fits Lena's “being near the ocean”")
        assert not ALGORITHM_WORDS.search(reason)


def test_words_that_cannot_be_placed_are_named(engine: Recommender) -> None:
    asked = ["the sea", "xyzzyq", "  ", "cafes", "qwpoeiru blorptang", "live music", "jazz"]
    assert engine.unplaced_interests(asked) == ["xyzzyq", "qwpoeiru blorptang"]
    assert engine.unplaced_interests("flibbertigibbet") == ["flibbertigibbet"]
    # An unplaced word does not change the list (no noise from it).
    plain = engine.recommend(Couple(wide("Ana", ["hiking"]), wide("Ben", [])), k=6)
    noisy = engine.recommend(Couple(wide("Ana", ["hiking", "xyzzyq"]), wide("Ben", [])), k=6)
    assert plain[C.ACTIVITY_ID].tolist() == noisy[C.ACTIVITY_ID].tolist()


def test_the_embeddings_are_cached_with_the_model_and_keyed_by_it(catalog, tmp_path) -> None:
    first = load_or_fit(catalog, tmp_path)
    assert first.embeddings.shape == (len(catalog), meaning.DIMENSIONS)
    norms = np.linalg.norm(first.embeddings, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)
    again = load_or_fit(catalog, tmp_path)
    assert again.loaded and np.array_equal(again.embeddings, first.embeddings)
    assert library_versions()["wordllama"] == meaning.package_version()
    other = ContentModel(meaning_weight=0.3)
    assert cache_key(catalog, other) != first.key
    refit = load_or_fit(catalog, tmp_path, ContentModel(meaning_weight=0.3))
    assert not refit.loaded


def test_the_weights_ship_in_the_wheel_and_nothing_is_downloaded(monkeypatch) -> None:
    import socket

    import wordllama

    weights = list((Path(wordllama.__file__).parent / "weights").glob("*.safetensors"))
    assert weights, "wordllama's wheel should carry its weights"

    def refuse(*args, **kwargs):
        raise AssertionError("the semantic space tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    meaning._embedder.cache_clear()
    vectors = meaning.embed(["the sea", "a coastal walk"])
    assert vectors.shape == (2, meaning.DIMENSIONS)
    assert float(vectors[0] @ vectors[1]) > 0.3


def test_grammar_words_do_not_steer_a_phrase() -> None:
    assert meaning.text_words("moving to a beat") == ["moving", "beat"]
    assert meaning.text_words("the the") == ["the", "the"]  # nothing else: kept
    plain, padded = meaning.embed(["mountains", "The mountains, for the two of us"])
    assert float(plain @ padded) > 0.8  # only "two" is left to move it


def test_an_everyday_expression_is_read_as_a_whole() -> None:
    # "eating out" is a restaurant meal, not the outdoors: spelled out before averaging.
    assert meaning.text_words("Eating out together") == ["restaurant", "meal", "together"]
    out, restaurant, outside = meaning.embed(
        ["eating out", "dinner at a restaurant", "out in the open air"]
    )
    assert float(out @ restaurant) > float(out @ outside)


def test_a_tags_vector_carries_what_its_activities_say(engine: Recommender) -> None:
    # "markets" alone is one word; its activities talk of stalls, produce and farmers.
    serving = engine._fitted.serving
    labels = [*serving._tags, *serving._categories]
    markets = serving.label_vectors_[labels.index("markets")]
    name_only = meaning.embed(["markets"])[0]
    stalls = meaning.embed(["stalls of local produce"])[0]
    assert float(markets @ stalls) > float(name_only @ stalls)


def test_an_inflected_word_is_read_as_its_base_form() -> None:
    # "evenings" is split by the embedding's vocabulary into "even" + "ings" (near
    # "singing"); "evening" is a whole word, so the plural reads as the singular.
    assert meaning.base_forms("evenings") == ["evening"]
    assert "beat" in meaning.base_forms("beating")
    assert "jog" in meaning.base_forms("jogging")
    plural, singular, singing = meaning.embed(["evenings", "evening", "singing"])
    assert float(plural @ singular) > 0.99
    assert float(plural @ singing) < 0.5


def _label_rank(engine: Recommender, vector: np.ndarray, label: str) -> int:
    serving = engine._fitted.serving
    labels = [*serving._tags, *serving._categories]
    order = np.argsort(-(serving.label_vectors_ @ vector)).tolist()
    return order.index(labels.index(label))


@pytest.mark.parametrize(("word", "label"), [("stall", "markets"), ("stalls", "markets")])
def test_a_word_the_embedding_splits_is_placed_by_the_rows_that_say_it(
    engine: Recommender, word: str, label: str
) -> None:
    # Static subword vectors place "st" + "all" by spelling (near stargazing); the
    # catalog's rows that say "stalls" are market rows.
    serving = engine._fitted.serving
    assert meaning.pieces([word])[0] > 1
    assert serving.vocabulary_column(word) is not None
    plain = _label_rank(engine, meaning.embed([word])[0], label)
    used = _label_rank(engine, serving.phrase_vector(word), label)
    assert used == 0 < plain


def test_an_open_compound_is_read_as_the_catalog_writes_it(engine: Recommender) -> None:
    serving = engine._fitted.serving
    assert serving.closed_compounds(["camp", "fire"]) == ["campfire"]
    assert serving.closed_compounds(["night", "sky"]) == ["night", "sky"]
