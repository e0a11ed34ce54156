"""CoupleScope: each partner on their own phone sees and changes only their own couple."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import pytest
from store_helpers import ANA_BEN, CAM_DEV, ISSUER, idea, pair, table_counts

from recommender import Store
from recommender.store import AccessError, CoupleScope, Member, StoreError, partners_waiting

NOT_MEMBER = r"You are not a member of this couple \(or you have left it\)"


def _ids(store: Store, member: Member) -> dict[str, object]:
    """One of each of the couple's rows, made by the real member."""
    scope = store.member_scope(member)
    aid = scope.add_idea(idea())
    return {
        "idea": aid,
        "reaction": scope.add_reaction(aid, None, 5),
        "outing": scope.add_outing(aid, "2024-05-01", rating_a=4),
        "plan": scope.plan(aid, "2030-01-01"),
        "spare idea": scope.add_idea(idea("Spare idea")),
    }


#: Every public method of CoupleScope, called as the app would. A new method must be added
#: here (test_every_scope_method_is_checked_for_access fails otherwise).
CALLS: dict[str, Callable[[CoupleScope, dict], object]] = {
    "get_couple": lambda s, i: s.get_couple(),
    "name": lambda s, i: s.name(),
    "save_profile": lambda s, i: s.save_profile(CAM_DEV),
    "rename": lambda s, i: s.rename("Taken over"),
    "delete": lambda s, i: s.delete(),
    "export_data": lambda s, i: s.export_data(),
    "add_reaction": lambda s, i: s.add_reaction(i["idea"], None, 1),
    "reactions": lambda s, i: s.reactions(),
    "delete_reaction": lambda s, i: s.delete_reaction(i["reaction"]),
    "matches": lambda s, i: s.matches(),
    "add_outing": lambda s, i: s.add_outing(i["idea"], "2024-06-01"),
    "update_outing": lambda s, i: s.update_outing(i["outing"], notes="mine now"),
    "rate_outing": lambda s, i: s.rate_outing(i["outing"], 1),
    "delete_outing": lambda s, i: s.delete_outing(i["outing"]),
    "outings": lambda s, i: s.outings(),
    "plan": lambda s, i: s.plan(i["idea"], "2031-01-01"),
    "planned": lambda s, i: s.planned(),
    "unplan": lambda s, i: s.unplan(i["plan"]),
    "complete_plan": lambda s, i: s.complete_plan(i["plan"], "2024-07-01"),
    "feedback": lambda s, i: s.feedback(),
    "ideas": lambda s, i: s.ideas(),
    "add_idea": lambda s, i: s.add_idea(idea("Stolen picnic")),
    "add_ideas": lambda s, i: s.add_ideas([idea("Stolen walk")]),
    "update_idea": lambda s, i: s.update_idea(i["idea"], idea("Changed")),
    "delete_idea": lambda s, i: s.delete_idea(i["spare idea"]),
}


def test_every_scope_method_is_checked_for_access() -> None:
    public = {
        name
        for name, value in inspect.getmembers(CoupleScope)
        if not name.startswith("_") and inspect.isfunction(value)
    }
    assert public == set(CALLS)


def _outsiders(store: Store, ana: Member, ben: Member) -> dict[str, Member]:
    cam, _ = pair(store, CAM_DEV, a="cam-sub", b="dev-sub")
    store.leave_couple(ben)
    return {
        # Someone signed in with no couple, claiming Ana's couple (a forged request).
        "stranger": Member(ana.couple_id, "b", ISSUER, "mallory-sub"),
        # A member of another couple, with Ana's couple id put in.
        "other couple": Member(ana.couple_id, cam.partner, cam.issuer, cam.subject),
        # Ben, who has left.
        "left": ben,
        # Ana herself, but in the wrong seat.
        "wrong seat": Member(ana.couple_id, "b", ana.issuer, ana.subject),
    }


@pytest.mark.parametrize("method", sorted(CALLS))
def test_every_scope_method_refuses_a_person_not_in_the_couple(
    store: Store, database_url: str, method: str
) -> None:
    ana, ben = pair(store)
    ids = _ids(store, ana)
    outsiders = _outsiders(store, ana, ben)
    before = table_counts(database_url)
    export = store.export_data("Ana & Ben")
    for member in outsiders.values():
        with pytest.raises(AccessError, match=NOT_MEMBER):
            CALLS[method](store.member_scope(member), ids)
    assert table_counts(database_url) == before
    after = store.export_data("Ana & Ben")
    assert after["couples"] == export["couples"]
    CALLS[method](store.member_scope(ana), ids)  # Ana herself may


def test_the_message_is_the_same_whether_the_couple_exists_or_not(store: Store) -> None:
    ana, _ = pair(store)
    messages = set()
    for couple_id in (ana.couple_id, 987_654):
        with pytest.raises(AccessError) as refused:
            store.member_scope(Member(couple_id, "a", ISSUER, "mallory-sub")).outings()
        messages.add(str(refused.value))
    assert len(messages) == 1


def test_a_partner_reacts_and_rates_only_for_their_own_seat(store: Store) -> None:
    ana, ben = pair(store)
    ids = _ids(store, ana)
    as_ben = store.member_scope(ben)
    for call, what in [
        (lambda: as_ben.add_reaction("hike", "a", 5), "react"),
        (lambda: as_ben.delete_reaction(ids["reaction"]), "take back reactions"),
        (lambda: as_ben.rate_outing(ids["outing"], 1, partner="a"), "rate"),
        (lambda: as_ben.add_outing("hike", "2024-06-01", rating_a=2, rating_b=5), "rate"),
        (lambda: as_ben.update_outing(ids["outing"], rating_a=1), "rate"),
        (lambda: as_ben.complete_plan(ids["plan"], "2024-06-01", rating_a=1), "rate"),
    ]:
        with pytest.raises(AccessError, match=rf"You can only {what} for yourself"):
            call()
    outing = store.member_scope(ana).outings().iloc[0]
    assert outing["rating_a"] == 4 and pd.isna(outing["rating_b"])
    assert len(store.member_scope(ana).planned()) == 1


def test_thumbs_are_private_until_the_other_partner_has_reacted_too(store: Store) -> None:
    ana, ben = pair(store)
    as_ana, as_ben = store.member_scope(ana), store.member_scope(ben)
    as_ana.add_reaction("opera", None, 5)
    as_ana.add_reaction("karaoke", None, 1)
    assert as_ben.reactions().empty
    as_ben.add_reaction("opera", None, 1)
    seen = as_ben.reactions()[["activity_id", "partner", "rating"]].values.tolist()
    assert seen == [["opera", "a", 5], ["opera", "b", 1]]
    # Ana sees all of her own, and Ben's only where she reacted.
    as_ben.add_reaction("bowling", None, 5)
    assert sorted(as_ana.reactions()["activity_id"]) == ["karaoke", "opera", "opera"]
    # Locally (one shared screen) everything shows.
    assert len(store.local_scope(ana.couple_id).reactions()) == 4
    # The engine learns from both, private or not.
    assert len(as_ben.feedback()) == 4


def test_matches_list_what_both_said_yes_to_newest_first(store: Store) -> None:
    ana, ben = pair(store)
    as_ana, as_ben = store.member_scope(ana), store.member_scope(ben)

    def at(hour: int) -> datetime:
        return datetime(2024, 5, 1, hour, tzinfo=UTC)

    as_ana.add_reaction("opera", None, 5, at(9))
    as_ben.add_reaction("opera", None, 5, at(10))
    as_ana.add_reaction("hike", None, 5, at(11))
    as_ben.add_reaction("hike", None, 5, at(12))
    as_ana.add_reaction("karaoke", None, 5, at(13))
    as_ben.add_reaction("karaoke", None, 1, at(14))  # a no is no match
    as_ana.add_reaction("bowling", None, 5, at(15))  # only one yes
    assert as_ana.matches()["activity_id"].tolist() == ["hike", "opera"]
    assert as_ben.matches().equals(as_ana.matches())
    assert as_ana.matches()["at"].tolist() == [pd.Timestamp(at(12)), pd.Timestamp(at(10))]
    # Ben changes his mind: his latest reaction counts.
    as_ben.add_reaction("hike", None, 1, at(16))
    assert as_ben.matches()["activity_id"].tolist() == ["opera"]
    reaction = as_ben.reactions().query("activity_id == 'hike' and rating == 1")
    as_ben.delete_reaction(int(reaction["reaction_id"].iloc[0]))
    assert as_ben.matches()["activity_id"].tolist() == ["hike", "opera"]


def test_an_outing_waits_for_the_other_partners_rating(store: Store) -> None:
    ana, ben = pair(store)
    as_ana, as_ben = store.member_scope(ana), store.member_scope(ben)
    oid = as_ana.add_outing("hike", "2024-05-01", rating_a=4, notes="windy")
    row = as_ben.outings().iloc[0]
    assert row["rating_a"] == 4 and pd.isna(row["rating_b"])
    assert str(as_ben.outings()["rating_b"].dtype) == "Int64"
    assert partners_waiting(row) == ("b",)
    assert [(f.partner, f.rating) for f in as_ana.feedback()] == [("a", 4)]

    as_ben.rate_outing(oid, 2)
    row = as_ana.outings().iloc[0]
    assert (row["rating_a"], row["rating_b"], row["notes"]) == (4, 2, "windy")
    assert partners_waiting(row) == ()
    assert sorted((f.partner, f.rating) for f in as_ana.feedback()) == [("a", 4), ("b", 2)]

    # Nobody rated yet (logged from a plan): both wait.
    plan = as_ben.plan("opera", "2024-06-01")
    done = as_ben.complete_plan(plan, "2024-06-01")
    waiting = as_ana.outings().set_index("outing_id").loc[done]
    assert partners_waiting(waiting) == ("a", "b")


def test_a_rating_must_be_one_to_five(store: Store) -> None:
    ana, _ = pair(store)
    oid = store.member_scope(ana).add_outing("hike", "2024-05-01")
    with pytest.raises(StoreError, match=r"rating_a must be one of 1, 2, 3, 4, 5 \(got 9\)"):
        store.member_scope(ana).rate_outing(oid, 9)
    with pytest.raises(StoreError, match=r"no outing with id 12345 for this couple"):
        store.member_scope(ana).rate_outing(12345, 3)


def test_local_mode_keeps_both_ratings_at_once(store: Store) -> None:
    couple_id = store.create_couple(ANA_BEN)
    local = store.local_scope(couple_id)
    with pytest.raises(StoreError, match=r"rating_b must be one of 1, 2, 3, 4, 5 \(got None\)"):
        local.add_outing("hike", "2024-05-01", rating_a=4)
    oid = local.add_outing("hike", "2024-05-01", 4, 5)
    local.rate_outing(oid, 2, partner="b")
    with pytest.raises(StoreError, match=r"partner must be one of 'a', 'b' \(got None\)"):
        local.rate_outing(oid, 2)
    assert store.outings(couple_id)[["rating_a", "rating_b"]].values.tolist() == [[4, 2]]
    local.add_reaction("opera", "b", 5)
    assert local.partner is None and local.member is None


def test_two_phones_rating_at_the_same_moment_lose_nothing(store: Store, database_url: str) -> None:
    ana, ben = pair(store)
    oid = store.member_scope(ana).add_outing("hike", "2024-05-01")
    rounds = 15
    barrier = threading.Barrier(2)
    problems: list[str] = []

    def phone(member: Member, offset: int) -> None:
        with Store(database_url) as own:  # each phone on its own app server
            scope = own.member_scope(member)
            for r in range(rounds):
                barrier.wait()  # both save at the same moment
                scope.rate_outing(oid, 1 + (r + offset) % 5)
                barrier.wait()  # both saved: each must see both ratings of this round
                row = scope.outings().iloc[0]
                got = (row["rating_a"], row["rating_b"])
                want = (1 + r % 5, 1 + (r + 2) % 5)
                if got != want:
                    problems.append(f"round {r}: {got} != {want}")
                barrier.wait()

    threads = [
        threading.Thread(target=phone, args=(ana, 0)),
        threading.Thread(target=phone, args=(ben, 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert problems == []
    row = store.member_scope(ana).outings().iloc[0]
    assert (row["rating_a"], row["rating_b"]) == (1 + (rounds - 1) % 5, 1 + (rounds + 1) % 5)


def test_a_partner_leaving_during_a_write_is_seen_by_the_next_call(store: Store) -> None:
    ana, ben = pair(store)
    as_ben = store.member_scope(ben)
    as_ben.add_reaction("opera", None, 5)
    store.leave_couple(ben)
    with pytest.raises(AccessError, match=NOT_MEMBER):
        as_ben.add_reaction("hike", None, 5)
    # Rejoining gives a new membership; the old scope object stays refused only if the seat
    # changed hands: a new invite to someone else takes seat b.
    invite = store.create_invite(ana)
    store.join(ISSUER, "eve-sub", token=invite.link_token)
    with pytest.raises(AccessError, match=NOT_MEMBER):
        as_ben.reactions()


def test_a_partners_backup_keeps_the_other_partners_thumbs_private(store: Store) -> None:
    ana, ben = pair(store)
    store.member_scope(ben).add_reaction("opera", None, 1)
    store.member_scope(ben).add_reaction("hike", None, 5)
    store.member_scope(ana).add_reaction("hike", None, 5)
    mine = store.member_scope(ana).export_data()["couples"][0]["reactions"]
    assert sorted((r["activity_id"], r["partner"]) for r in mine) == [
        ("hike", "a"),
        ("hike", "b"),
    ]
    assert len(store.local_scope(ana.couple_id).export_data()["couples"][0]["reactions"]) == 3


def test_a_partner_renaming_to_a_taken_name_gets_it_numbered(store: Store) -> None:
    store.create_couple(CAM_DEV)
    ana, _ = pair(store)
    store.member_scope(ana).rename("Cam  &  Dev")
    assert store.member_scope(ana).name() == "Cam & Dev (2)"
    store.member_scope(ana).rename("Cam & Dev (2)")  # its own name: unchanged
    assert store.member_scope(ana).name() == "Cam & Dev (2)"
    with pytest.raises(StoreError, match=r"a couple named 'Cam & Dev' already exists"):
        store.local_scope(ana.couple_id).rename("Cam & Dev")
