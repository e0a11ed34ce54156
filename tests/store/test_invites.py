"""Invites: the second partner joins by a link or a code; used, expired and guessed ones fail."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from store_helpers import ANA_BEN, CAM_DEV, ISSUER, pair, table_counts

from recommender import Store
from recommender.store import InviteError, Member, StoreError
from recommender.store.invites import CODE_ALPHABET, digest

UNKNOWN = r"We don't know that invite\. Check the link, or the code"


def _sql(url: str, statement: str, **params: object) -> list:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.fetchall() if result.returns_rows else []
    finally:
        engine.dispose()


def test_an_invite_has_a_link_token_and_a_short_code_and_lasts_a_week(
    store: Store, database_url: str
) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    before = datetime.now(UTC)
    invite = store.create_invite(ana)
    after = datetime.now(UTC)
    assert len(invite.link_token) >= 43 and re.fullmatch(r"[\w-]+", invite.link_token)
    assert re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", invite.code)
    assert not set("0O1IL") & set(invite.code)
    assert before + timedelta(days=7) <= invite.expires_at <= after + timedelta(days=7)
    # Only hashes are kept: neither the token nor the code is anywhere in the table.
    rows = _sql(database_url, "SELECT * FROM invites")
    stored = " ".join(str(v) for row in rows for v in row)
    assert invite.link_token not in stored
    assert invite.code.replace("-", "") not in stored and invite.code not in stored
    assert digest(invite.link_token) in stored


def test_the_partner_joins_by_the_link_and_takes_seat_b(store: Store) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    ben = store.join(ISSUER, "ben-sub", token=invite.link_token)
    assert (ben.couple_id, ben.partner) == (ana.couple_id, "b")
    assert store.member_of(ISSUER, "ben-sub") == ben
    assert store.member_scope(ben).name() == "Ana & Ben"


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {plain} ", "{spaced}"])
def test_the_code_is_accepted_in_any_case_with_or_without_dash_and_spaces(
    store: Store, typed: str
) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    code = store.create_invite(ana).code
    plain = code.replace("-", "")
    entered = typed.format(
        code=code, lower=code.lower(), plain=plain, spaced=" ".join(plain[:4]) + " " + plain[4:]
    )
    assert store.join(ISSUER, "ben-sub", code=entered).partner == "b"


def test_a_used_invite_cannot_be_used_again(store: Store) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    store.join(ISSUER, "ben-sub", token=invite.link_token)
    with pytest.raises(InviteError, match=r"already been used\. Ask your partner"):
        store.join(ISSUER, "mallory-sub", token=invite.link_token)
    with pytest.raises(InviteError, match=r"already been used"):
        store.join(ISSUER, "mallory-sub", code=invite.code)
    assert store.member_of(ISSUER, "mallory-sub") is None


def test_a_used_invite_stays_used_after_the_joiner_leaves(store: Store) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    ben = store.join(ISSUER, "ben-sub", token=invite.link_token)
    store.leave_couple(ben)
    with pytest.raises(InviteError, match=r"already been used"):
        store.join(ISSUER, "mallory-sub", token=invite.link_token)


def test_an_expired_invite_says_when_it_expired(store: Store, database_url: str) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    _sql(database_url, "UPDATE invites SET expires_at = :t", t=datetime(2024, 3, 5, 12, 0))
    with pytest.raises(InviteError, match=r"This invite expired on 5 March 2024\. Ask your"):
        store.join(ISSUER, "ben-sub", token=invite.link_token)
    assert store.member_of(ISSUER, "ben-sub") is None


def test_a_wrong_link_and_a_wrong_code_get_the_same_message(store: Store) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    messages = []
    for kwargs in (
        {"token": invite.link_token[:-2] + "xx"},
        {"token": ""},
        {"code": "ABCD-EFGH" if invite.code != "ABCD-EFGH" else "HGFE-DCBA"},
        {"code": "not a code at all"},
    ):
        with pytest.raises(InviteError, match=UNKNOWN) as caught:
            store.join(ISSUER, "mallory-sub", **kwargs)
        messages.append(str(caught.value))
    assert len(set(messages)) == 1


def test_join_needs_exactly_one_of_link_and_code(store: Store) -> None:
    with pytest.raises(StoreError, match=r"either the invite link's token or its code"):
        store.join(ISSUER, "ben-sub")
    with pytest.raises(StoreError, match=r"either the invite link's token or its code"):
        store.join(ISSUER, "ben-sub", token="a", code="b")


def test_a_new_invite_replaces_the_earlier_unused_one(store: Store) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    old = store.create_invite(ana)
    new = store.create_invite(ana)
    with pytest.raises(InviteError, match=UNKNOWN):
        store.join(ISSUER, "ben-sub", token=old.link_token)
    assert store.join(ISSUER, "ben-sub", code=new.code).partner == "b"


def test_a_full_couple_makes_no_invite_and_takes_no_third_partner(
    store: Store, database_url: str
) -> None:
    ana, _ = pair(store)
    with pytest.raises(InviteError, match=r"already has two partners, so there is no one left"):
        store.create_invite(ana)
    # An invite made while a seat was free, used once the couple has filled up another way.
    cam = store.create_couple_for(ISSUER, "cam-sub", CAM_DEV)
    invite = store.create_invite(cam)
    _sql(
        database_url,
        "INSERT INTO members (couple_id, partner, issuer, subject, joined_at)"
        " VALUES (:c, 'b', :i, 'dev-sub', :t)",
        c=cam.couple_id,
        i=ISSUER,
        t=datetime(2024, 1, 1),
    )
    with pytest.raises(InviteError, match=r"This couple already has two partners"):
        store.join(ISSUER, "mallory-sub", token=invite.link_token)


def test_a_person_in_a_couple_is_told_to_leave_it_before_joining_another(store: Store) -> None:
    pair(store)
    cam = store.create_couple_for(ISSUER, "cam-sub", CAM_DEV)
    invite = store.create_invite(cam)
    with pytest.raises(InviteError, match=r'already in a couple\. .*"Leave our couple"'):
        store.join(ISSUER, "ben-sub", token=invite.link_token)
    # The invite is still good for Dev.
    assert store.join(ISSUER, "dev-sub", token=invite.link_token).partner == "b"


def test_a_member_who_left_cannot_make_invites(store: Store) -> None:
    ana, ben = pair(store)
    store.leave_couple(ben)
    assert store.create_invite(ana).code  # seat b is free again
    forged = Member(ana.couple_id, "b", ISSUER, "ben-sub")
    with pytest.raises(StoreError, match="not a member of this couple"):
        store.create_invite(forged)


def test_when_two_people_use_one_invite_at_once_exactly_one_joins(
    store: Store, database_url: str
) -> None:
    ana = store.create_couple_for(ISSUER, "ana-sub", ANA_BEN)
    invite = store.create_invite(ana)
    people = ["ben-sub", "mallory-sub", "eve-sub"]
    barrier = threading.Barrier(len(people))
    joined: list[Member] = []
    refused: list[str] = []

    def use(subject: str) -> None:
        with Store(database_url) as own:  # as from separate app servers
            own.schema_version()
            barrier.wait()
            try:
                joined.append(own.join(ISSUER, subject, token=invite.link_token))
            except InviteError as exc:
                refused.append(str(exc))

    threads = [threading.Thread(target=use, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(joined) == 1 and joined[0].partner == "b"
    assert len(refused) == 2
    assert all("already been used" in m or "already has two partners" in m for m in refused)
    assert table_counts(database_url)["members"] == 2
