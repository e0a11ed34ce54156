"""Bring activities from a file made elsewhere into a couple's own ideas (the public names).

The work is done in :mod:`~recommender.ingest.readers` (CSV and JSON lines, through the
catalog's readers), :mod:`~recommender.ingest.bored_api` and
:mod:`~recommender.ingest.catalog_like` (the two shapes of file understood) and
:mod:`~recommender.ingest.preview` (what an import would add, and the import). This module
keeps the names the CLI, the app and older code import from ``recommender.ingest.ideas``.
"""

from recommender.ingest.bored_api import (
    BORED_ACCESSIBILITY,
    BORED_DURATION_HOURS,
    BORED_PRICE_SCALE,
    BORED_TYPES,
)
from recommender.ingest.catalog_like import TITLE_ALIASES
from recommender.ingest.preview import (
    INCLUDE_COLUMN,
    REASON_COLUMN,
    IdeasPreview,
    ImportReport,
    describe_preview,
    import_ideas,
    read_ideas_file,
)
from recommender.ingest.shared import (
    DEFAULT_DESCRIPTION,
    DEFAULTS,
    STARTERS,
    DefaultUsed,
    ImportFileError,
)
from recommender.ingest.words import guess_category, guess_tags

__all__ = [
    "BORED_ACCESSIBILITY",
    "BORED_DURATION_HOURS",
    "BORED_PRICE_SCALE",
    "BORED_TYPES",
    "DEFAULTS",
    "DEFAULT_DESCRIPTION",
    "INCLUDE_COLUMN",
    "REASON_COLUMN",
    "STARTERS",
    "TITLE_ALIASES",
    "DefaultUsed",
    "IdeasPreview",
    "ImportFileError",
    "ImportReport",
    "describe_preview",
    "guess_category",
    "guess_tags",
    "import_ideas",
    "read_ideas_file",
]
