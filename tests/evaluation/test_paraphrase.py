"""The paraphrase benchmark: everyday phrases are understood by meaning (issue 11)."""

from __future__ import annotations

import pandas as pd
import pytest

from recommender import Recommender, load_catalog
from recommender.catalog.columns import CATEGORIES, TAGS
from recommender.evaluation.paraphrase import HELD_OUT, PHRASES, run_paraphrase
from recommender.ranking import meaning
from recommender.ranking.features import ContentModel, match_vocabulary


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


@pytest.fixture(scope="module")
def result(catalog, tmp_path_factory):
    return run_paraphrase(Recommender(catalog, cache_dir=tmp_path_factory.mktemp("cache")))


def test_the_phrases_are_everyday_words_labelled_with_known_tags() -> None:
    assert len(PHRASES) >= 30
    vocabulary = set(TAGS) | set(CATEGORIES)
    for phrase, labels in PHRASES.items():
        assert match_vocabulary(phrase) == (None, None), phrase  # not a tag or category
        assert labels and labels <= vocabulary, phrase


def test_the_held_out_phrases_are_new_everyday_words_with_known_labels() -> None:
    assert len(HELD_OUT) >= 20
    assert not set(HELD_OUT) & set(PHRASES)
    vocabulary = set(TAGS) | set(CATEGORIES)
    for phrase, labels in HELD_OUT.items():
        assert match_vocabulary(phrase) == (None, None), phrase
        assert labels and labels <= vocabulary, phrase


def _content(text: str) -> tuple[str, ...]:
    """Content words, crudely stemmed, so "works out" and "working out" compare equal."""
    words = [w for w in meaning._WORD.findall(text.lower()) if w not in meaning.FUNCTION_WORDS]
    return tuple(w.removesuffix("ing").removesuffix("s") for w in words)


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


@pytest.mark.parametrize("phrases", [PHRASES, HELD_OUT], ids=["benchmark", "held-out"])
def test_no_hand_written_list_holds_a_phrase_of_the_benchmark(phrases) -> None:
    # The benchmark must not be tuned on: no hand-written expression or label wording may
    # spell out one of its phrases, or a run of two or more of a phrase's content words.
    written = [*meaning.EXPRESSIONS, *meaning.EXPRESSIONS.values(), *meaning.LABEL_WORDS.values()]
    for entry in written:
        words = _content(entry)
        for phrase in phrases:
            said = _content(phrase)
            assert entry.lower() != phrase.lower(), phrase
            if len(words) >= 2 or len(said) == 1:
                assert not _within(words, said), (entry, phrase)


def test_mean_precision_at_10_meets_the_target_far_above_random(result) -> None:
    # Target 0.70: measured 0.782 on merged code (docs/ranking.md); keeps it from slipping.
    assert result.mean >= 0.70, result.per_phrase
    assert result.mean >= 5 * result.random_mean
    assert (result.per_phrase["engine"] > result.per_phrase["random"]).mean() >= 0.9
    # Target: no phrase below 0.3. Not met: "brain teasers" is at 0.2 on the merged code
    # (0.3 with mmr_lambda 0.9; docs/ranking.md). Keep it from getting worse.
    assert (result.per_phrase["engine"] < 0.3).sum() <= 1, result.per_phrase


def test_without_the_semantic_space_the_same_phrases_are_missed(catalog, tmp_path) -> None:
    words_only = Recommender(
        catalog, cache_dir=tmp_path, content=ContentModel(meaning_weight=0, named_meaning_weight=0)
    )
    assert run_paraphrase(words_only).mean < 0.35


def test_the_held_out_phrases_are_understood_too(catalog, tmp_path) -> None:
    # Never tuned on: measured 0.667 before the general phrase handling, 0.717 after, 0.697
    # on the merged code (random 0.105; docs/ranking.md). Keeps the gain nobody tuned for.
    held_out = run_paraphrase(Recommender(catalog, cache_dir=tmp_path), HELD_OUT)
    assert held_out.mean >= 0.68, held_out.per_phrase
    assert held_out.mean >= 5 * held_out.random_mean
