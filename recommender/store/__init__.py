"""What is remembered: the database of couples, reactions, outings, plans and ideas."""

from recommender.store.store import SchemaVersionError, Store, StoreError

__all__ = ["SchemaVersionError", "Store", "StoreError"]
