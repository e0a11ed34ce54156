"""Hosted mode end to end: two people on two phones, signed in through a real OpenID Connect
provider (oidc-provider-mock on loopback), in Debian's Chromium.

Ana starts the couple and invites; Ben signs in from the invite link and joins; each gives
their own thumbs, and only sees the other's once they have given theirs; what both said yes
to is "It's a match" for both; each rates an outing on their own phone, and it waits for the
other's rating. A stranger signs in and sees nothing of theirs, also through the couple's URL
and the used invite. Everything survives a restart, and two servers on one PostgreSQL
database serve Ana and Ben alike. The sign-in and pairing screens are checked at 1280 px and
390 px (nothing scrolls sideways); screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit_server import (
    IDLE,
    OidcProvider,
    StreamlitServer,
    free_port,
    launch_chromium,
    write_auth_secrets,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT = 30_000


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; on CI the browser tests must run")
    pytest.skip(message)


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """A real OpenID Connect provider on loopback."""
    _need_chromium()
    provider = OidcProvider(tmp_path_factory.mktemp("oidc") / "oidc.log")
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def hosted_server(tmp_path: Path, idp: OidcProvider, database_url: str, name: str):
    """An app server in hosted mode (its own secrets.toml naming its own port)."""
    port = free_port()
    folder = tmp_path / name
    folder.mkdir()
    secrets_file = write_auth_secrets(folder / "secrets.toml", idp, port)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RECOMMENDER_CACHE_DIR": str(tmp_path / "engine-cache"),
    }
    env.pop("RECOMMENDER_CATALOG", None)
    return StreamlitServer(env, folder / "streamlit.log", port=port, secrets=secrets_file)


# --- what a person does ---------------------------------------------------------------


def settle(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator(IDLE)).to_be_attached()


def heading(page, title: str):
    return page.locator("h1").filter(has_text=re.compile(f"^{re.escape(title)}$"))


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{width} px wide"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hosted-{name}.png"), full_page=True)


def sign_in(browser, url: str, subject: str, viewport=WIDE, *, check: str | None = None):
    """A new phone (browser context) opens ``url``, sees the welcome and signs in as ``subject``."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url)
    button = page.get_by_role("button", name="Sign in", exact=True)
    expect(button).to_be_visible(timeout=60_000)
    settle(page)
    if "?invite=" in url:
        expect(page.get_by_text("Your partner invited you")).to_be_visible()
        # The tab keeps the link's token while its person is away signing in.
        page.wait_for_function("() => document.cookie.includes('pending_invite=')")
    if check:
        no_sideways_scroll(page)
        shot(page, check)
    button.click()
    page.locator("input[name='sub']").fill(subject)
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(heading(page, "Us").or_(heading(page, "This weekend"))).to_be_visible(timeout=60_000)
    settle(page)
    return page


def go(page, title: str) -> None:
    from playwright.sync_api import expect

    link = page.get_by_role("link", name=title, exact=True).first
    if page.viewport_size["width"] < 640:
        expand = page.get_by_test_id("stExpandSidebarButton")
        if expand.count():
            expand.click()
        expect(link).to_be_in_viewport()
    link.click()
    expect(heading(page, title)).to_be_visible()
    if page.viewport_size["width"] < 640:
        page.get_by_test_id("stSidebarCollapseButton").locator("button").first.dispatch_event(
            "click"
        )
        expect(link).not_to_be_in_viewport()
    settle(page)


def reload(page, title: str) -> None:
    from playwright.sync_api import expect

    page.reload()
    expect(heading(page, title)).to_be_visible(timeout=60_000)
    settle(page)


def start_couple(page, me: str, partner: str) -> None:
    """On Us, signed in without a couple: fill in both of us and save (ends on This weekend)."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Start our couple")).to_be_visible()
    for key, name in (("a", me), ("b", partner)):
        box = page.locator(f".st-key-us_{key}_name input")
        box.fill(name)
        box.press("Tab")
        settle(page)
        field = page.locator(f".st-key-us_{key}_interests")
        field.locator("input").click()
        field.locator("input").fill("nature")
        expect(page.get_by_role("option").first).to_contain_text("nature")
        field.locator("input").press("Enter")
        settle(page)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Save our profile").click()
    expect(heading(page, "This weekend")).to_be_visible()
    settle(page)


def make_invite(page) -> tuple[str, str]:
    """On Us: "Invite my partner"; returns the link and the code shown."""
    from playwright.sync_api import expect

    go(page, "Us")
    page.get_by_role("button", name="Invite my partner").click()
    code_block = page.locator("[data-testid='stCode']").first
    expect(code_block).to_contain_text("?invite=")
    settle(page)
    link = code_block.inner_text().strip()
    code = re.search(r"Or the code to read out: (\S+)", main_text(page)).group(1)
    expect(page.get_by_text(re.compile(r"Both stop working in \d+ days?, on "))).to_be_visible()
    return link, code


def first_card_title(page) -> str:
    return page.locator("[class*='st-key-card_'] h3").first.inner_text().strip()


def thumb(page, name: str, title: str):
    """The thumbs-up button named for screen readers "Ana: thumbs up for <title>"."""
    label = re.compile(rf"{re.escape(name)}\s*(✓\s*)?:\s*thumbs up for {re.escape(title)}")
    return page.get_by_role("button", name=label)


def matches(page):
    return page.locator(".st-key-matches")


# --- the journeys -------------------------------------------------------------------


def test_two_phones_pair_match_rate_and_a_stranger_sees_nothing(
    tmp_path: Path, idp: OidcProvider, browser
):
    from playwright.sync_api import expect

    from recommender.store.store import Store

    database_url = f"sqlite:///{tmp_path / 'hosted.sqlite'}"
    server = hosted_server(tmp_path, idp, database_url, "one")
    server.start()
    try:
        # Ana, on a wide screen, signs in and starts the couple.
        ana = sign_in(browser, server.url, "ana-" + secrets.token_hex(4), check="signin-wide")
        expect(ana.get_by_text("Join with a code")).to_be_visible()
        shot(ana, "no-couple-wide")
        start_couple(ana, "Ana", "Ben")
        link, code = make_invite(ana)
        assert link.startswith(server.url + "?invite=")
        assert re.fullmatch(r"[A-Z0-9-]{6,12}", code), code
        no_sideways_scroll(ana)
        shot(ana, "invite-wide")
        ana.set_viewport_size(PHONE)
        settle(ana)
        no_sideways_scroll(ana)
        shot(ana, "invite-phone")
        ana.set_viewport_size(WIDE)

        # Ben, on a phone, opens the link, signs in, and joins with one press.
        ben = sign_in(browser, link, "ben-" + secrets.token_hex(4), PHONE, check="signin-phone")
        join = ben.get_by_role("button", name="Join my partner")
        expect(join).to_be_visible()
        no_sideways_scroll(ben)
        shot(ben, "join-phone")
        join.click()
        expect(heading(ben, "This weekend")).to_be_visible()
        settle(ben)

        # Ana gives a thumbs up; Ben sees only his own thumbs and not hers, until he gives his.
        go(ana, "This weekend")
        title = first_card_title(ana)
        expect(thumb(ana, "Ben", title)).to_have_count(0)
        thumb(ana, "Ana", title).click()
        settle(ana)
        reload(ben, "This weekend")
        expect(thumb(ben, "Ben", title)).to_be_visible()
        expect(thumb(ben, "Ana", title)).to_have_count(0)
        assert "Ana gave this a thumbs up" not in main_text(ben)
        expect(matches(ben)).to_have_count(0)
        thumb(ben, "Ben", title).click()
        settle(ben)
        expect(matches(ben)).to_contain_text(title)
        expect(ben.get_by_text("Ana and Ben gave this a thumbs up.").first).to_be_visible()
        reload(ana, "This weekend")
        expect(matches(ana)).to_contain_text(title)

        # Ana says they did it and rates it; it waits for Ben's rating, which he gives.
        done = ana.locator("[class*='st-key-card_']").nth(1)
        done_title = done.locator("h3").inner_text().strip()
        done.get_by_role("button", name="We did it").click()
        ana.get_by_role("button", name="Save my rating").click()
        expect(ana.get_by_text("You will find it under Outings")).to_be_visible()
        settle(ana)
        go(ana, "Outings")
        expect(ana.get_by_text("waiting for Ben's rating").first).to_be_visible()
        go(ben, "Outings")
        waiting = ben.locator("[class*='st-key-waiting_']").filter(has_text=done_title)
        expect(waiting).to_be_visible()
        waiting.get_by_role("button", name="Save my rating").click()
        expect(ben.get_by_text(f"Saved your rating of {done_title}")).to_be_visible()
        settle(ben)
        expect(ben.get_by_text("waiting for")).to_have_count(0)
        reload(ana, "Outings")
        expect(ana.get_by_text("waiting for")).to_have_count(0)
        expect(ana.get_by_text("1 outing so far")).to_be_visible()

        # A stranger signs in: nothing of theirs, by the couple's URL or the used invite.
        with Store(database_url) as store:
            couple_id = dict((name, cid) for cid, name in store.list_couples())["Ana & Ben"]
        eve = sign_in(browser, server.url, "eve-" + secrets.token_hex(4))
        expect(eve.get_by_role("heading", name="Start our couple")).to_be_visible()
        for url, shown in (
            (f"{server.url}?couple={couple_id}", "Start our couple"),
            (f"{server.url}weekend?couple={couple_id}", "You are not in a couple here yet"),
        ):
            eve.goto(url)
            expect(eve.get_by_text(shown)).to_be_visible()
            settle(eve)
            text = main_text(eve)
            assert "Ana" not in text and "Ben" not in text and title not in text
        eve.goto(link)
        eve.get_by_role("button", name="Join my partner").click()
        expect(eve.get_by_text("already been used")).to_be_visible()
        eve.get_by_role("textbox", name="The code your partner gave you").fill(code)
        eve.get_by_role("button", name="Join with this code").click()
        expect(eve.get_by_text("already been used")).to_be_visible()
        eve.get_by_role("textbox", name="The code your partner gave you").fill("ZZZZ-9999")
        eve.get_by_role("button", name="Join with this code").click()
        expect(eve.get_by_text("We don't know that invite")).to_be_visible()
        assert "Ana" not in main_text(eve)

        # Restart the server: signed in still, and all of it is there.
        server.stop()
        server.start()
        reload(ana, "Outings")
        expect(ana.get_by_text("1 outing so far")).to_be_visible()
        go(ana, "This weekend")
        expect(matches(ana)).to_contain_text(title)
        reload(ben, "Outings")
        expect(ben.get_by_text("1 outing so far")).to_be_visible()
        go(ben, "This weekend")
        expect(matches(ben)).to_contain_text(title)
    finally:
        server.stop()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run (dropped after), from TEST_DATABASE_URL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_DATABASE_URL is not set (source scripts/test-services.sh)")
        pytest.skip("TEST_DATABASE_URL is not set (source scripts/test-services.sh)")
    import sqlalchemy as sa

    name = f"hosted_e2e_{secrets.token_hex(6)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_two_servers_one_postgresql_ana_on_one_ben_on_the_other(
    tmp_path: Path, idp: OidcProvider, browser, postgres_url: str
):
    from playwright.sync_api import expect

    first = hosted_server(tmp_path, idp, postgres_url, "first")
    second = hosted_server(tmp_path, idp, postgres_url, "second")
    first.start()
    second.start()
    try:
        ana = sign_in(browser, first.url, "ana-pg-" + secrets.token_hex(4))
        start_couple(ana, "Ana", "Ben")
        _, code = make_invite(ana)
        ben = sign_in(browser, second.url, "ben-pg-" + secrets.token_hex(4), PHONE)
        ben.get_by_role("textbox", name="The code your partner gave you").fill(code)
        ben.get_by_role("button", name="Join with this code").click()
        expect(heading(ben, "This weekend")).to_be_visible()
        settle(ben)

        go(ana, "This weekend")
        title = first_card_title(ana)
        thumb(ana, "Ana", title).click()
        settle(ana)
        reload(ben, "This weekend")
        thumb(ben, "Ben", title).click()
        settle(ben)
        expect(matches(ben)).to_contain_text(title)
        reload(ana, "This weekend")
        expect(matches(ana)).to_contain_text(title)

        done = ana.locator("[class*='st-key-card_']").nth(1)
        done_title = done.locator("h3").inner_text().strip()
        done.get_by_role("button", name="We did it").click()
        ana.get_by_role("button", name="Save my rating").click()
        expect(ana.get_by_text("You will find it under Outings")).to_be_visible()
        settle(ana)
        go(ben, "Outings")
        waiting = ben.locator("[class*='st-key-waiting_']").filter(has_text=done_title)
        waiting.get_by_role("button", name="Save my rating").click()
        expect(ben.get_by_text(f"Saved your rating of {done_title}")).to_be_visible()
        settle(ben)
        for page in (ana, ben):
            go(page, "Outings") if page is ana else reload(page, "Outings")
            expect(page.get_by_text("1 outing so far")).to_be_visible()
            expect(page.get_by_text("waiting for")).to_have_count(0)
    finally:
        first.stop()
        second.stop()
