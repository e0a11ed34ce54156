"""A shared-experience recommender for couples.

The public names are re-exported here; see the README for a tour. They are loaded on
first use (PEP 562), so that ``import recommender.catalog.loading`` or a page that only needs
the store does not pay for importing scikit-learn, which the engine needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recommender.catalog.columns import CATEGORIES, RISK_LEVELS, RISK_NAMES, TAGS, Columns
    from recommender.catalog.loading import (
        BUNDLED_CATALOG,
        CatalogError,
        Problem,
        catalog_summary,
        load_catalog,
        validate_activities,
    )
    from recommender.planning.weekend import WeekendFilters, suggestions
    from recommender.profiles import Couple, Feedback, Partner
    from recommender.ranking.engine import RankingParams, Recommender
    from recommender.ranking.features import ContentModel
    from recommender.store.store import SchemaVersionError, Store, StoreError

#: Where each public name lives.
_SOURCES: dict[str, str] = {
    "BUNDLED_CATALOG": "catalog.loading",
    "CatalogError": "catalog.loading",
    "Problem": "catalog.loading",
    "catalog_summary": "catalog.loading",
    "load_catalog": "catalog.loading",
    "validate_activities": "catalog.loading",
    "CATEGORIES": "catalog.columns",
    "RISK_LEVELS": "catalog.columns",
    "RISK_NAMES": "catalog.columns",
    "TAGS": "catalog.columns",
    "Columns": "catalog.columns",
    "RankingParams": "ranking.engine",
    "Recommender": "ranking.engine",
    "ContentModel": "ranking.features",
    "Couple": "profiles",
    "Feedback": "profiles",
    "Partner": "profiles",
    "SchemaVersionError": "store.store",
    "Store": "store.store",
    "StoreError": "store.store",
    "WeekendFilters": "planning.weekend",
    "suggestions": "planning.weekend",
}

__all__ = [
    "BUNDLED_CATALOG",
    "CATEGORIES",
    "RISK_LEVELS",
    "RISK_NAMES",
    "TAGS",
    "CatalogError",
    "Columns",
    "ContentModel",
    "Couple",
    "Feedback",
    "Partner",
    "Problem",
    "RankingParams",
    "Recommender",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "WeekendFilters",
    "catalog_summary",
    "load_catalog",
    "suggestions",
    "validate_activities",
]


def __getattr__(name: str) -> object:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module 'recommender' has no attribute {name!r}")
    value = getattr(import_module(f"recommender.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
