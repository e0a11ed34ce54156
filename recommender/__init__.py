"""A shared-experience recommender for couples.

The public names are re-exported here; see the README for a tour.
"""

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
