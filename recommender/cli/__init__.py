"""The command line: ``python -m recommender``. It calls the library, never the reverse."""

from recommender.cli.main import main

__all__ = ["main"]
