"""Hosted mode in AppTest (app_pages/_auth.py, _pairing.py, _couple.scope): signed out, only the
welcome; signed in without a couple, start one or join one; the couple always comes from the
signed-in identity on the server, never from the URL; each partner's thumbs are their own."""

from __future__ import annotations

import pytest

from recommender.profiles import Couple, Partner

ISSUER = "https://accounts.example.org"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-that-is-long-enough-1234",
        "client_id": "test",
        "client_secret": "test",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
    }
}
ANA_BEN = Couple(Partner("Ana", ("nature", "cooking")), Partner("Ben", ("nature", "board-games")))


def person(subject: str | None) -> dict:
    if subject is None:
        return {"is_logged_in": False}
    return {"is_logged_in": True, "iss": ISSUER, "sub": subject, "name": subject.title()}


@pytest.fixture
def hosted(make_app):
    """An AppTest in hosted mode, signed in as ``subject`` (None: signed out)."""

    def make(subject: str | None, page: str | None = None):
        at = make_app()
        at.secrets = AUTH
        at.user = person(subject)
        if page:
            at.switch_page(page)
        return at

    return make


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def text(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    parts += [e.value for e in at.info] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def test_no_secrets_file_is_local_mode_without_a_traceback(make_app):
    at = make_app().run()
    assert not at.exception
    assert not [e for e in at.error]
    assert "Sign in" not in [b.label for b in at.button]


def test_signed_out_sees_only_the_welcome_and_sign_in(hosted, app_store):
    app_store.create_couple(ANA_BEN)  # even with couples saved, nothing of them shows
    at = hosted(None).run()
    assert not at.exception
    assert button(at, "Sign in")
    assert "Ana" not in text(at)
    assert not at.selectbox


def test_signed_in_without_a_couple_can_start_one_or_join(hosted, app_store):
    app_store.create_couple(ANA_BEN)
    at = hosted("ana").run()
    assert not at.exception
    assert "Start our couple" in text(at)
    assert "Join with a code" in text(at)
    assert not [s for s in at.selectbox if s.label == "Whose plans are these?"]
    assert "Ana & Ben" not in text(at)


def _start(app_store, subject: str = "ana"):
    seat = app_store.create_couple_for(ISSUER, subject, ANA_BEN, "Ana & Ben")
    return seat


def test_the_couple_comes_from_the_signed_in_person_never_the_url(hosted, app_store):
    other = app_store.create_couple(
        Couple(Partner("Cleo", ("music",)), Partner("Dan", ("nature",)))
    )
    _start(app_store)
    at = hosted("ana", "app_pages/weekend.py")
    at.query_params["couple"] = str(other)
    at.run()
    assert not at.exception
    assert "Ana and Ben" in text(at)
    assert "Cleo" not in text(at)
    # A stranger with the couple's number in the URL gets only "start or join".
    eve = hosted("eve")
    eve.query_params["couple"] = str(other)
    eve.run()
    assert "Start our couple" in text(eve)
    assert "Cleo" not in text(eve) and "Ana" not in text(eve)


def test_invite_code_joins_and_each_sees_only_their_own_thumbs(hosted, app_store):
    seat = _start(app_store)
    invite = app_store.create_invite(seat)
    ben = hosted("ben").run()
    code_box = next(t for t in ben.text_input if t.label == "The code your partner gave you")
    code_box.input(invite.code)
    next(b for b in ben.button if b.label == "Join with this code").click().run()
    assert not ben.exception
    ben.switch_page("app_pages/weekend.py").run()
    labels = [b.label for b in ben.button]
    assert any(label.startswith("Ben *: thumbs up for") for label in labels), labels
    assert not any(label.startswith("Ana") for label in labels), labels


def test_a_used_or_guessed_code_gets_a_plain_message(hosted, app_store):
    seat = _start(app_store)
    invite = app_store.create_invite(seat)
    app_store.join(ISSUER, "ben", code=invite.code)
    eve = hosted("eve").run()
    for code in (invite.code, "ZZZZ-9999"):
        box = next(t for t in eve.text_input if t.label == "The code your partner gave you")
        box.input(code)
        next(b for b in eve.button if b.label == "Join with this code").click().run()
        assert not eve.exception
        assert eve.error, code
        assert "Traceback" not in eve.error[0].value
    assert "Ana" not in text(eve)


def test_invite_shows_link_code_and_expiry_in_words(hosted, app_store):
    _start(app_store)
    at = hosted("ana", "app_pages/us.py").run()
    button(at, "Invite my partner").click().run()
    assert not at.exception
    link = at.code[0].value
    assert link.startswith("http") and "?invite=" in link
    assert "Both stop working in 7 days, on " in text(at) or "in 6 days" in text(at)


@pytest.mark.parametrize(
    ("label", "yes", "couple_left"),
    [
        ("Leave our couple", "Yes, leave", True),
        ("Delete our data", "Yes, delete all of it", False),
        ("Delete my account", "Yes, delete my account", True),
    ],
)
def test_leaving_and_deleting_ask_first(hosted, app_store, label, yes, couple_left):
    seat = _start(app_store)
    invite = app_store.create_invite(seat)
    app_store.join(ISSUER, "ben", code=invite.code)
    at = hosted("ana", "app_pages/us.py").run()
    button(at, label).click().run()
    assert at.warning, "a confirmation is asked first"
    button(at, "No, keep it").click().run()
    assert app_store.member_of(ISSUER, "ana") is not None
    button(at, label).click().run()
    button(at, yes).click().run()
    assert not at.exception
    assert app_store.member_of(ISSUER, "ana") is None
    # Ben keeps the couple, unless it was deleted for both.
    assert (app_store.member_of(ISSUER, "ben") is not None) is couple_left
    assert ("Ana & Ben" in [n for _, n in app_store.list_couples()]) is couple_left
