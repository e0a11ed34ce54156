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
