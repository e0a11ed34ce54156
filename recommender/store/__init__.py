"""What is remembered: the database of couples, reactions, outings, plans and ideas,
and who (which signed-in person) is in which couple."""

from recommender.store.errors import AccessError, InviteError, SchemaVersionError, StoreError
from recommender.store.invites import Invite
from recommender.store.members import Member
from recommender.store.outings import partners_waiting
from recommender.store.scope import CoupleScope
from recommender.store.screen import ScreenScope
from recommender.store.store import Store

__all__ = [
    "AccessError",
    "CoupleScope",
    "Invite",
    "InviteError",
    "Member",
    "SchemaVersionError",
    "ScreenScope",
    "Store",
    "StoreError",
    "partners_waiting",
]
