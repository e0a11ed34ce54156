"""The fitted model is cached on disk and rebuilt whenever the cache cannot be trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import skops.io

from recommender import Columns, Recommender, load_catalog
from recommender.profiles import Couple, Partner
from recommender.ranking.model_cache import (
    TRUSTED_TYPES,
    cache_key,
    library_versions,
    load_or_fit,
    serving_path,
)

C = Columns


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


def read(path: Path) -> object:
    return skops.io.load(path, trusted=list(TRUSTED_TYPES))


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("content-model-*"))


def test_first_use_fits_and_saves_then_later_uses_load(catalog, tmp_path) -> None:
    first = load_or_fit(catalog, tmp_path)
    assert not first.loaded and first.path is not None and first.path.is_file()
    payload = read(first.path)
    assert payload["versions"] == library_versions()
    for library in ("scikit-learn", "pandas", "numpy", "scipy", "skops", "couples-recommender"):
        assert payload["versions"][library]
    second = load_or_fit(catalog, tmp_path)
    assert second.loaded and second.key == first.key
    assert (second.vectors != first.vectors).nnz == 0
    # Two files: the plain arrays ranking reads, and the model; no temp files left.
    assert cache_files(tmp_path) == [serving_path(first.path), first.path]


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


DAMAGE = [
    pytest.param(lambda p: p.write_bytes(b"not a pickle at all"), id="garbage"),
    pytest.param(lambda p: p.write_bytes(p.read_bytes()[:200]), id="truncated"),
    pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    pytest.param(lambda p: skops.io.dump(["a", "list"], p), id="wrong-object"),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_corrupt_arrays_file_is_rebuilt_not_a_crash(catalog, tmp_path, damage) -> None:
    first = load_or_fit(catalog, tmp_path)
    damage(serving_path(first.path))
    rebuilt = load_or_fit(catalog, tmp_path)
    assert not rebuilt.loaded
    assert (rebuilt.vectors != first.vectors).nnz == 0
    assert load_or_fit(catalog, tmp_path).loaded  # and the repaired file is good again


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_corrupt_model_file_is_refitted_when_the_model_is_needed(
    catalog, tmp_path, damage
) -> None:
    first = load_or_fit(catalog, tmp_path)
    damage(first.path)
    again = load_or_fit(catalog, tmp_path)
    assert again.loaded  # ranking reads only the arrays file
    ideas = catalog.head(2).assign(activity_id=["ours-one", "ours-two"])
    vectors = again.model.transform(ideas)  # the model is read now: refitted instead
    assert abs(vectors - first.vectors[:2]).max() < 1e-9
    assert read(first.path)["versions"] == library_versions()  # and the file repaired


def _with_versions(path: Path, versions: dict[str, str]) -> None:
    import json

    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["versions"] = np.asarray(json.dumps(versions))
    with open(path, "wb") as out:
        np.savez(out, **arrays)


@pytest.mark.parametrize("library", ["scikit-learn", "numpy", "pandas", "scipy", "skops"])
def test_a_file_from_other_library_versions_is_rebuilt(catalog, tmp_path, library) -> None:
    first = load_or_fit(catalog, tmp_path)
    _with_versions(serving_path(first.path), {**library_versions(), library: "0.0.1"})
    payload = read(first.path)
    payload["versions"] = {**payload["versions"], library: "0.0.1"}
    skops.io.dump(payload, first.path)
    rebuilt = load_or_fit(catalog, tmp_path)
    assert not rebuilt.loaded
    assert read(first.path)["versions"] == library_versions()
    assert load_or_fit(catalog, tmp_path).loaded


def test_an_arrays_file_holding_objects_is_refused_without_building_them(catalog, tmp_path) -> None:
    import numpy as np

    marker = tmp_path / "marker"
    first = load_or_fit(catalog, tmp_path / "cache")
    planted = np.empty(1, dtype=object)
    planted[0] = _Planted(marker)
    with open(serving_path(first.path), "wb") as out:  # an object array: pickled inside
        np.savez(out, key=np.asarray(first.key), words=planted)
    assert not load_or_fit(catalog, tmp_path / "cache").loaded
    assert not marker.exists()


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
    serving_path(fresh.cache_file).write_bytes(b"\x80\x04garbage")
    repaired = Recommender(catalog, cache_dir=tmp_path)
    assert not repaired.model_loaded
    pd.testing.assert_frame_equal(fresh.recommend(couple), repaired.recommend(couple))


def test_a_cached_recommender_ranks_without_importing_scikit_learn(catalog, tmp_path) -> None:
    import subprocess
    import sys

    Recommender(catalog, cache_dir=tmp_path)  # fit and cache
    script = (
        "import sys\n"
        "from recommender import Couple, Partner, Recommender, load_catalog\n"
        f"engine = Recommender(load_catalog(), cache_dir={str(tmp_path)!r})\n"
        "couple = Couple(Partner('Ana', ['cooking', 'the sea']), Partner('Ben', ['hiking']))\n"
        "assert engine.model_loaded and len(engine.recommend(couple, k=6)) == 6\n"
        "print(sorted(m for m in ('sklearn', 'skops') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_cache_folder_can_be_set_by_environment(monkeypatch, tmp_path) -> None:
    from recommender.ranking.model_cache import default_cache_dir

    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("RECOMMENDER_CACHE_DIR")
    assert default_cache_dir().name == "couples-recommender"


# A planted file never runs ------------------------------------------------------------------


class _Planted:
    """Unpickling this writes a marker file: proof that loading ran someone else's code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "planted code ran"))


def _plant_pickle(path: Path, marker: Path) -> None:
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"key": "x", "model": _Planted(marker)}))


def test_a_planted_pickle_under_the_cache_name_never_runs(catalog, tmp_path) -> None:
    from recommender.ranking.model_cache import cache_path

    folder, marker = tmp_path / "cache", tmp_path / "marker"
    first = load_or_fit(catalog, folder)
    for path in (first.path, serving_path(first.path)):  # the predictable names
        _plant_pickle(path, marker)
    recommender = Recommender(catalog, cache_dir=folder)
    assert not marker.exists()
    assert not recommender.model_loaded  # refitted, and the list works
    couple = Couple(Partner("Ana", ["cooking"]), Partner("Ben", ["hiking"]))
    assert len(recommender.recommend(couple, k=5)) == 5
    assert cache_path(folder, first.key) == first.path
    assert load_or_fit(catalog, folder).loaded  # the planted files were replaced by good ones
    _plant_pickle(first.path, marker)  # only the model file: read when ideas need it
    ideas = catalog.head(1).assign(activity_id="ours-picnic")
    assert len(Recommender(catalog, cache_dir=folder).recommend(couple, ideas=ideas)) == 10
    assert not marker.exists()


def test_a_skops_file_naming_other_types_is_refused_before_building_them(catalog, tmp_path) -> None:
    folder, marker = tmp_path / "cache", tmp_path / "marker"
    first = load_or_fit(catalog, folder)
    # A valid skops file whose payload names a type the cache does not trust.
    skops.io.dump({"key": first.key, "model": _Planted(marker)}, first.path)
    again = load_or_fit(catalog, folder)
    assert again.model.n_features_out_ == first.model.n_features_out_  # refitted, not built
    assert not marker.exists()
    assert read(first.path)["key"] == first.key


def test_a_file_in_a_folder_others_can_write_to_is_not_read(catalog, tmp_path, caplog) -> None:
    folder = tmp_path / "shared"
    good = load_or_fit(catalog, folder)
    folder.chmod(0o777)  # a shared, world-writable folder: anyone could have put it there
    try:
        with caplog.at_level("WARNING", logger="recommender.ranking.model_cache"):
            again = load_or_fit(catalog, folder)
        assert not again.loaded and again.path is None  # fitted in memory, nothing written
        assert (again.vectors != good.vectors).nnz == 0
        messages = [r.getMessage() for r in caplog.records]
        assert any("other users" in m for m in messages), messages
        assert not any(str(tmp_path) in m for m in messages)  # the file's name, not its path
    finally:
        folder.chmod(0o700)
    assert load_or_fit(catalog, folder).loaded


def test_a_file_owned_by_another_user_is_not_read(catalog, tmp_path, monkeypatch) -> None:
    from recommender.ranking import model_cache

    first = load_or_fit(catalog, tmp_path / "cache")
    real_uid = os.getuid()
    owner = first.path.stat().st_uid
    # Seen from another account, this file (and only it) belongs to someone else.
    monkeypatch.setattr(model_cache.os, "getuid", lambda: real_uid + 1)
    monkeypatch.setattr(
        model_cache.Path,
        "stat",
        lambda self, **kw: (
            _as_owner(os.stat(self, **kw), real_uid + 1)
            if self == first.path.parent
            else os.stat(self, **kw)
        ),
    )
    assert model_cache.unsafe_reason(first.path) == "it is owned by another user"
    assert owner == real_uid
    assert not load_or_fit(catalog, tmp_path / "cache").loaded


def _as_owner(info: os.stat_result, uid: int) -> os.stat_result:
    values = list(info)
    values[4] = uid  # st_uid
    return os.stat_result(values)
