"""Files from elsewhere: reading CSV and JSON-lines files of ideas, mapped onto the catalog."""

from recommender.ingest.ideas import (
    DEFAULTS,
    INCLUDE_COLUMN,
    REASON_COLUMN,
    IdeasPreview,
    ImportFileError,
    ImportReport,
    describe_preview,
    import_ideas,
    read_ideas_file,
)

__all__ = [
    "DEFAULTS",
    "INCLUDE_COLUMN",
    "REASON_COLUMN",
    "IdeasPreview",
    "ImportFileError",
    "ImportReport",
    "describe_preview",
    "import_ideas",
    "read_ideas_file",
]
