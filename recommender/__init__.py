"""A shared-experience recommender for couples.

The public names are re-exported here; see the README for a tour. They are loaded on
first use (PEP 562), so that ``import recommender.catalog`` or a page that only needs
the store does not pay for importing scikit-learn, which the engine needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recommender.catalog import (
        BUNDLED_CATALOG,
        CatalogError,
        Problem,
        catalog_summary,
        load_catalog,
        validate_activities,
    )
    from recommender.columns import CATEGORIES, RISK_LEVELS, RISK_NAMES, TAGS, Columns
    from recommender.engine import RankingParams, Recommender
    from recommender.features import ContentModel
    from recommender.profiles import Couple, Feedback, Partner
    from recommender.storage import SchemaVersionError, Store, StoreError
    from recommender.weekend import WeekendFilters, suggestions

#: Where each public name lives.
_SOURCES: dict[str, str] = {
    "BUNDLED_CATALOG": "catalog",
    "CatalogError": "catalog",
    "Problem": "catalog",
    "catalog_summary": "catalog",
    "load_catalog": "catalog",
    "validate_activities": "catalog",
    "CATEGORIES": "columns",
    "RISK_LEVELS": "columns",
    "RISK_NAMES": "columns",
    "TAGS": "columns",
    "Columns": "columns",
    "RankingParams": "engine",
    "Recommender": "engine",
    "ContentModel": "features",
    "Couple": "profiles",
    "Feedback": "profiles",
    "Partner": "profiles",
    "SchemaVersionError": "storage",
    "Store": "storage",
    "StoreError": "storage",
    "WeekendFilters": "weekend",
    "suggestions": "weekend",
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
