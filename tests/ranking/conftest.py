"""Fixtures of the ranking tests: the bundled catalog and one engine per module."""

from __future__ import annotations

import pandas as pd
import pytest

from recommender import Recommender, load_catalog


@pytest.fixture(scope="session")
def catalog() -> pd.DataFrame:
    return load_catalog()


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def engine(catalog: pd.DataFrame, cache_dir) -> Recommender:
    return Recommender(catalog, cache_dir=cache_dir)
