"""What can be suggested: the vocabulary and scales, and loading and checking activities."""

from recommender.catalog.columns import CATEGORIES, RISK_LEVELS, RISK_NAMES, TAGS, Columns
from recommender.catalog.loading import (
    BUNDLED_CATALOG,
    CatalogError,
    Problem,
    catalog_summary,
    load_catalog,
    validate_activities,
)

__all__ = [
    "BUNDLED_CATALOG",
    "CATEGORIES",
    "RISK_LEVELS",
    "RISK_NAMES",
    "TAGS",
    "CatalogError",
    "Columns",
    "Problem",
    "catalog_summary",
    "load_catalog",
    "validate_activities",
]
