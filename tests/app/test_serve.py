"""serve.py: the server warms up while it starts, and a failed step never stops it starting.

That the warmed server really serves every page, in both modes, is checked by the browser
tests (tests/app/test_e2e_*.py start it as `make run` does); how much sooner its first
visitor sees suggestions is a figure of benchmarks/bench_app.py, not a test.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from streamlit.web.server.app_discovery import discover_asgi_app

from recommender import Store

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_serves_app_py_through_serve_py() -> None:
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"
    assert "streamlit run serve.py" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_warming_up_loads_the_model_and_word_vectors_and_imports_the_pages_code(
    tmp_path, monkeypatch, caplog
) -> None:
    from app_pages import _warm
    from recommender.ranking import meaning

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'warm.sqlite'}")
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path / "cache"))
    meaning._embedder.cache_clear()
    sys.modules.pop("app_pages._pairing", None)
    with caplog.at_level(logging.WARNING):
        _warm.warm()
    assert "warming up" not in caplog.text  # every step, the pages' rehearsal too, worked
    assert "app_pages._pairing" in sys.modules
    assert "recommender.planning.ics" in sys.modules
    assert meaning._embedder.cache_info().currsize == 1
    # The fitted model was built and cached, so the first page finds it ready.
    assert list((tmp_path / "cache").glob("content-model-*.npz"))
    # The rehearsal's made-up couple lives in a throwaway database, never in the real one.
    with Store(f"sqlite:///{tmp_path / 'warm.sqlite'}") as real:
        assert real.list_couples() == []


def test_a_database_that_cannot_be_reached_is_logged_and_the_rest_still_warms(
    tmp_path, monkeypatch, caplog
) -> None:
    from app_pages import _warm

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody:x@127.0.0.1:9/none")
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        _warm.warm()  # does not raise: the page says what is wrong when someone opens it
    assert "warming up the database failed" in caplog.text
    assert list((tmp_path / "cache").glob("content-model-*.npz"))
