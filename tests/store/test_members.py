"""Members: starting a couple after signing in, leaving it, deleting an account or the data."""

from __future__ import annotations

import logging
import threading

import pytest
from store_helpers import ANA_BEN, CAM_DEV, ISSUER, idea, pair, table_counts

from recommender import Store
from recommender.store import AccessError, InviteError, Member, StoreError


def test_the_person_who_starts_a_couple_takes_seat_a_and_is_known_again(store: Store) -> None:
    assert store.member_of(ISSUER, "ana-sub") is None
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    assert (ana.partner, ana.issuer, ana.subject) == ("a", ISSUER, "ana-sub")
    assert store.member_of(ISSUER, "ana-sub") == ana
    assert store.member_scope(ana).name() == "Ana & Ben"
    assert store.member_scope(ana).get_couple() == ANA_BEN
    # The same subject from another provider is another person.
    assert store.member_of("https://login.other.test", "ana-sub") is None


def test_a_person_already_in_a_couple_cannot_start_another(store: Store) -> None:
    store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    with pytest.raises(StoreError, match=r"already in a couple\. .*first leave yours"):
        store.create_couple_for(ISSUER, "ana-sub", CAM_DEV)
    assert store.list_couples() == [(1, "Ana & Ben")]


def test_a_taken_couple_name_is_numbered_not_refused(store: Store) -> None:
    # Refusing would tell a stranger that a couple of that name uses this server.
    store.create_couple(ANA_BEN)
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    other = store.create_couple_for(ISSUER, "ana2-sub", ANA_BEN)
    assert store.member_scope(ana).name() == "Ana & Ben (2)"
    assert store.member_scope(other).name() == "Ana & Ben (3)"


@pytest.mark.parametrize(
    ("issuer", "subject", "message"),
    [
        ("", "ana-sub", r"the sign-in issuer must be a non-empty text"),
        (ISSUER, "  ", r"the sign-in subject must be a non-empty text"),
        (ISSUER, "x" * 300, r"the sign-in subject is 300 characters; the most kept is 255"),
        (ISSUER, "ana\nsub", r"the sign-in subject must not contain control characters"),
    ],
)
def test_a_bad_sign_in_identity_is_refused_without_repeating_it(
    store: Store, issuer: str, subject: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        store.create_couple_for(issuer, subject, ANA_BEN)
    assert subject.strip() == "" or subject not in str(caught.value)


def test_leaving_keeps_the_couple_for_the_other_partner(store: Store) -> None:
    ana, ben = pair(store)
    shared = store.member_scope(ana)
    oid = shared.add_outing("hike", "2024-05-01", rating_a=5)
    store.member_scope(ben).add_reaction("hike", None, 5)
    store.leave_couple(ben)

    assert store.member_of(ISSUER, "ben-sub") is None
    with pytest.raises(AccessError, match="not a member of this couple"):
        store.member_scope(ben).outings()
    assert shared.outings()["outing_id"].tolist() == [oid]
    # Ben's thumbs stay in the couple's history (Ana sees them once she reacts herself).
    assert store.local_scope(ana.couple_id).reactions()["partner"].tolist() == ["b"]
    # Ben is free to start a couple of his own.
    assert store.create_couple_for(ISSUER, "ben-sub", CAM_DEV).partner == "a"


def test_the_last_partner_leaving_deletes_the_couple(store: Store, database_url: str) -> None:
    ana, ben = pair(store)
    store.member_scope(ana).add_idea(idea())
    store.leave_couple(ben)
    store.leave_couple(ana)
    assert store.list_couples() == []
    counts = table_counts(database_url)
    assert {t: counts[t] for t in ("ideas", "members", "invites", "couples")} == dict.fromkeys(
        ("ideas", "members", "invites", "couples"), 0
    )


def test_delete_my_account_removes_my_membership_and_my_reactions_only(store: Store) -> None:
    ana, ben = pair(store)
    store.member_scope(ana).add_reaction("hike", None, 5)
    store.member_scope(ben).add_reaction("hike", None, 1)
    store.member_scope(ben).add_reaction("opera", None, 5)
    oid = store.member_scope(ben).add_outing("hike", "2024-05-01", rating_b=4)

    store.delete_account(ben)

    assert store.member_of(ISSUER, "ben-sub") is None
    left = store.member_scope(ana)
    assert left.reactions()[["activity_id", "partner"]].values.tolist() == [["hike", "a"]]
    assert left.outings()["outing_id"].tolist() == [oid]  # the couple's history stays
    with pytest.raises(AccessError, match="not a member"):
        store.delete_account(ben)


def test_delete_our_data_removes_the_couple_and_both_memberships(
    store: Store, database_url: str
) -> None:
    ana, ben = pair(store)
    cam, _ = pair(store, CAM_DEV, a="cam-sub", b="dev-sub")
    for member in (ana, ben):
        scope = store.member_scope(member)
        scope.add_reaction("hike", None, 5)
    scope = store.member_scope(ana)
    scope.add_outing("hike", "2024-05-01", rating_a=5)
    scope.plan("opera", "2030-01-01")
    scope.add_idea(idea())
    with pytest.raises(InviteError, match="already has two partners"):
        store.create_invite(cam)
    before = table_counts(database_url)

    store.delete_couple_data(ben)  # either partner may

    assert store.member_of(ISSUER, "ana-sub") is None
    assert store.member_of(ISSUER, "ben-sub") is None
    assert [n for _, n in store.list_couples()] == ["Cam & Dev"]
    after = table_counts(database_url)
    assert after["members"] == 2 and after["couples"] == 1
    assert after["reactions"] == after["outings"] == after["planned"] == after["ideas"] == 0
    assert before["invites"] == 2 and after["invites"] == 1
    with pytest.raises(AccessError, match="not a member"):
        store.member_scope(ana).name()


def test_a_member_who_left_cannot_delete_the_couple(store: Store) -> None:
    ana, ben = pair(store)
    store.leave_couple(ben)
    with pytest.raises(AccessError, match="not a member of this couple"):
        store.delete_couple_data(ben)
    assert store.member_scope(ana).name() == "Ana & Ben"


def test_no_personal_data_reaches_logs_or_reprs(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    subject = "ana.lopez@example.com"
    ana = store.create_couple_for(ISSUER, subject, ANA_BEN)
    invite = store.create_invite(ana)
    ben = store.join(ISSUER, "ben-sub", code=invite.code)
    scope = store.member_scope(ben)
    scope.add_reaction("hike", None, 5)
    with pytest.raises(AccessError) as refused:
        store.member_scope(Member(ana.couple_id, "b", ISSUER, "mallory-sub")).outings()
    store.delete_couple_data(ana)
    seen = caplog.text + repr(ana) + repr(scope) + repr(invite) + str(refused.value)
    for secret in (subject, "ben-sub", "mallory-sub", "Ana", "Ben", invite.link_token):
        assert secret not in seen
    assert invite.code.replace("-", "") not in seen.replace("-", "")


def test_both_partners_deleting_at_once_one_deletes_and_the_other_finds_it_gone(
    store: Store, database_url: str
) -> None:
    ana, ben = pair(store)
    store.member_scope(ana).add_outing("hike", "2024-05-01", rating_a=5)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def delete(member: Member) -> None:
        with Store(database_url) as own:  # each on their own app server
            own.schema_version()
            barrier.wait()
            try:
                own.delete_couple_data(member)
                outcomes.append("deleted")
            except AccessError:
                outcomes.append("already gone")

    threads = [threading.Thread(target=delete, args=(m,)) for m in (ana, ben)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["already gone", "deleted"]
    assert store.list_couples() == []
