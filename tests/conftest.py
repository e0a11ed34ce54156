"""Shared fixtures. Keep each fixture small and documented; add yours in its own section."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# --- Streamlit app ------------------------------------------------------------------------------

APP = ROOT / "app.py"


@pytest.fixture(scope="session")
def engine_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fitted-model cache folder for the whole session, never the user's own cache."""
    return tmp_path_factory.mktemp("engine-cache")


@pytest.fixture
def app_env(tmp_path: Path, engine_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite database for the app (DATABASE_URL) and a temporary engine cache.

    Returns the database URL.
    """
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(engine_cache_dir))
    monkeypatch.delenv("RECOMMENDER_CATALOG", raising=False)
    return url


@pytest.fixture
def app_store(app_env: str) -> Iterator[object]:
    """A Store on the app's test database, for setting up and checking data directly."""
    from recommender.store.store import Store

    store = Store(app_env)
    yield store
    store.close()


@pytest.fixture
def make_app(app_env: str) -> Callable[[], object]:
    """Build an AppTest of app.py (call ``.run()`` on it)."""
    from streamlit.testing.v1 import AppTest

    def make() -> AppTest:
        return AppTest.from_file(str(APP), default_timeout=60)

    return make
