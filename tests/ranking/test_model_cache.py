"""The fitted model is cached on disk and rebuilt whenever the cache cannot be trusted."""

from __future__ import annotations

from pathlib import Path

import joblib
import pandas as pd
import pytest

from recommender import Columns, Recommender, load_catalog
from recommender.profiles import Couple, Partner
from recommender.ranking.model_cache import cache_key, library_versions, load_or_fit

C = Columns


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("content-model-*"))


def test_first_use_fits_and_saves_then_later_uses_load(catalog, tmp_path) -> None:
    first = load_or_fit(catalog, tmp_path)
    assert not first.loaded and first.path is not None and first.path.is_file()
    payload = joblib.load(first.path)
    assert payload["versions"] == library_versions()
    for library in ("scikit-learn", "pandas", "numpy", "joblib", "couples-recommender"):
        assert payload["versions"][library]
    second = load_or_fit(catalog, tmp_path)
    assert second.loaded and second.key == first.key
    assert (second.vectors != first.vectors).nnz == 0
    assert cache_files(tmp_path) == [first.path]  # written atomically: no temp files left


def test_a_changed_catalog_refits(catalog, tmp_path) -> None:
    first = load_or_fit(catalog, tmp_path)
    edited = catalog.copy()
    edited.loc[0, C.DESCRIPTION] = edited.loc[0, C.DESCRIPTION] + " Bring a thermos of zorblax tea."
    second = load_or_fit(edited, tmp_path)
    assert not second.loaded and second.key != first.key
    assert "text__zorblax" in set(second.model.get_feature_names_out())
    assert "text__zorblax" not in set(first.model.get_feature_names_out())
    shuffled = catalog.sample(frac=1.0, random_state=0).reset_index(drop=True)
    assert cache_key(shuffled, second.model) != first.key  # row order is part of the content
    assert cache_key(catalog.copy(), first.model) == first.key  # an equal copy is the same


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle at all"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:200]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: joblib.dump(["a", "list"], p), id="wrong-object"),
    ],
)
def test_a_corrupt_cache_file_is_rebuilt_not_a_crash(catalog, tmp_path, damage) -> None:
    first = load_or_fit(catalog, tmp_path)
    damage(first.path)
    rebuilt = load_or_fit(catalog, tmp_path)
    assert not rebuilt.loaded
    assert (rebuilt.vectors != first.vectors).nnz == 0
    assert load_or_fit(catalog, tmp_path).loaded  # and the repaired file is good again


@pytest.mark.parametrize("library", ["scikit-learn", "numpy", "pandas", "joblib"])
def test_a_file_from_other_library_versions_is_rebuilt(catalog, tmp_path, library) -> None:
    first = load_or_fit(catalog, tmp_path)
    payload = joblib.load(first.path)
    payload["versions"] = {**payload["versions"], library: "0.0.1"}
    joblib.dump(payload, first.path)
    rebuilt = load_or_fit(catalog, tmp_path)
    assert not rebuilt.loaded
    assert joblib.load(first.path)["versions"] == library_versions()


def test_an_unwritable_cache_folder_only_means_no_cache(catalog, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    fitted = load_or_fit(catalog, blocker)
    assert not fitted.loaded and fitted.path is None
    assert fitted.vectors.shape[0] == len(catalog)


def test_the_recommender_uses_the_cache_and_ranks_the_same(catalog, tmp_path) -> None:
    couple = Couple(Partner("Ana", ["cooking"]), Partner("Ben", ["hiking"]))
    fresh = Recommender(catalog, cache_dir=tmp_path)
    cached = Recommender(catalog, cache_dir=tmp_path)
    assert not fresh.model_loaded and cached.model_loaded
    pd.testing.assert_frame_equal(fresh.recommend(couple), cached.recommend(couple))
    fresh.cache_file.write_bytes(b"\x80\x04garbage")
    repaired = Recommender(catalog, cache_dir=tmp_path)
    assert not repaired.model_loaded
    pd.testing.assert_frame_equal(fresh.recommend(couple), repaired.recommend(couple))


def test_the_cache_folder_can_be_set_by_environment(monkeypatch, tmp_path) -> None:
    from recommender.ranking.model_cache import default_cache_dir

    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("RECOMMENDER_CACHE_DIR")
    assert default_cache_dir().name == "couples-recommender"
