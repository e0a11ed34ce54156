"""What is remembered: the database of couples, reactions, outings, plans and ideas."""

from recommender.store.errors import SchemaVersionError, StoreError
from recommender.store.store import Store

__all__ = ["SchemaVersionError", "Store", "StoreError"]
