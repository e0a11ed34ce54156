"""Cached access to what every page reads: the catalog, the fitted model, the database.

Files starting with "_" are not pages; the pages import these helpers.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from recommender.catalog.loading import load_catalog
from recommender.planning.weekend import all_activities
from recommender.store.screen import ScreenScope
from recommender.store.store import Store

if TYPE_CHECKING:
    from recommender.ranking.engine import Recommender

#: Optional environment settings (the database is DATABASE_URL, read by Store).
CATALOG_ENV = "RECOMMENDER_CATALOG"
CACHE_DIR_ENV = "RECOMMENDER_CACHE_DIR"


@st.cache_data(show_spinner=False)
def _catalog(path: str | None) -> pd.DataFrame:
    return load_catalog(path)


def catalog() -> pd.DataFrame:
    """The activity catalog (the bundled one, or RECOMMENDER_CATALOG), cached."""
    return _catalog(os.environ.get(CATALOG_ENV) or None)


@st.cache_resource(show_spinner="Getting your suggestions ready...")
def _engine(path: str | None, cache_dir: str | None) -> Recommender:
    # Imported here: scikit-learn takes seconds to import, and only suggestions need it,
    # so every other page (and the first paint of this one) shows without waiting for it.
    from recommender.ranking.engine import Recommender

    return Recommender(_catalog(path), cache_dir=cache_dir)


def engine() -> Recommender:
    """The fitted recommender, built once per catalog and shared by every session."""
    return _engine(os.environ.get(CATALOG_ENV) or None, os.environ.get(CACHE_DIR_ENV) or None)


@st.cache_resource(show_spinner=False)
def _store(url: str | None) -> Store:
    return Store(url)


def store() -> Store:
    """The database (DATABASE_URL, or a local SQLite file), opened once."""
    return _store(os.environ.get("DATABASE_URL") or None)


def activities(scope: Any) -> pd.DataFrame:
    """The catalog plus the couple's own ideas (from its scope), indexed by activity id.

    Built once per screen when ``scope`` is the page's :class:`ScreenScope`.
    """
    if isinstance(scope, ScreenScope):
        return scope.remember("activities", lambda: all_activities(catalog(), scope.ideas()))
    return all_activities(catalog(), scope.ideas())


def warm() -> None:
    """Do while the server starts what its first visitor would otherwise wait for.

    ``serve.py`` runs this before the server takes its first visitor: the imports of every
    page's library code, opening (and if needed upgrading) the database, the catalog, the
    fitted model (read from its cache, or fitted and cached) and the word vectors that place
    a couple's own words. Each step is best effort: one that fails (a database not reachable
    yet, say) is logged and left to the page, which says what is wrong in words.
    """
    import gc
    import logging

    log = logging.getLogger(__name__)
    steps = [
        ("page imports", _import_pages),
        ("database", store),
        ("catalog", catalog),
        ("model", engine),
        ("word vectors", _load_meaning),
    ]
    for what, step in steps:
        try:
            step()
        except Exception as exc:  # the page meets it again and explains it
            log.warning("warming up the %s failed: %s", what, exc)
    # Streamlit collects garbage after every run of a page (runner.postScriptGC); with the
    # model, the word vectors and every import on the heap that full pass took a large
    # share of each run. What was loaded here lives as long as the server: freezing it
    # takes it out of every later collection (the collector still frees what pages make).
    gc.collect()
    gc.freeze()


def _import_pages() -> None:
    # The pages' shared helpers (app_pages/_*.py; the pages themselves draw when run, so they
    # are not imported) and everything the pages show comes from (recommender.planning).
    import importlib
    import pkgutil

    import app_pages
    import recommender.planning

    helpers = [f"app_pages.{m.name}" for m in pkgutil.iter_modules(app_pages.__path__)]
    shown = recommender.planning.__path__
    planning = [f"recommender.planning.{m.name}" for m in pkgutil.iter_modules(shown)]
    for name in [h for h in helpers if h.rsplit(".", 1)[1].startswith("_")] + planning:
        importlib.import_module(name)


def _load_meaning() -> None:
    from recommender.ranking import meaning

    meaning.load()
