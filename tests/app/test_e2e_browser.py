"""End to end in a real browser: Debian's Chromium (headless) against `streamlit run app.py`.

One journey from an empty database: set up the profile, get suggestions, turn one
down and see it replaced, plan one and download its calendar file, mark one done
and rate it, find it in Outings and marked on the Explore chart, restart the
server, and find everything still there. A screenshot of every page goes to
tests/artifacts/. Without Chromium the test is skipped, except on CI (CI=true),
where it fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit_server import IDLE, StreamlitServer, launch_chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: How long a condition may take to come true on a busy machine.
TIMEOUT = 30_000


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; on CI the browser tests must run")
    pytest.skip(message)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[StreamlitServer]:
    _need_chromium()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        "RECOMMENDER_CACHE_DIR": str(tmp_path / "engine-cache"),
    }
    env.pop("RECOMMENDER_CATALOG", None)
    srv = StreamlitServer(env, tmp_path / "streamlit.log")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def settle(page) -> None:
    """Wait until the app has finished reacting (its script is not running)."""
    from playwright.sync_api import expect

    expect(page.locator(IDLE)).to_be_attached()


def open_app(browser, url: str, viewport: dict[str, int] = WIDE):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    settle(page)
    return page


def heading(page, title: str):
    return page.locator("h1").filter(has_text=re.compile(f"^{re.escape(title)}$"))


def go(page, title: str) -> None:
    from playwright.sync_api import expect

    link = page.get_by_role("link", name=title, exact=True).first
    if page.viewport_size["width"] < 640:  # on a phone the pages are in the side menu
        expand = page.get_by_test_id("stExpandSidebarButton")
        if expand.count():  # the page has settled: the menu is either closed or open
            expand.click()
        expect(link).to_be_in_viewport()
    link.click()
    expect(heading(page, title)).to_be_visible()
    if page.viewport_size["width"] < 640:  # close the menu again, as a person would
        # Its button shows only on hover; a click event reaches it all the same.
        page.get_by_test_id("stSidebarCollapseButton").locator("button").first.dispatch_event(
            "click"
        )
        expect(link).not_to_be_in_viewport()
    settle(page)


def _frames(page) -> None:
    """Two animation frames: the layout for a new viewport size has been drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shot(page, name: str) -> None:
    """Screenshot of the whole page (the app scrolls inside its main area)."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]')).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
    _frames(page)
    settle(page)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)
    _frames(page)


def card_ids(page) -> list[str]:
    classes = page.locator("[class*='st-key-card_']").evaluate_all(
        "els => els.map(e => e.className)"
    )
    return [re.search(r"st-key-card_([a-z0-9-]+)", c).group(1) for c in classes]


def card_title(page, aid: str) -> str:
    return page.locator(f".st-key-card_{aid} h3").inner_text().strip()


def fill_partner(page, key: str, name: str, interests: list[str]) -> None:
    from playwright.sync_api import expect

    page.locator(f".st-key-us_{key}_name input").fill(name)
    page.locator(f".st-key-us_{key}_name input").press("Tab")
    settle(page)
    field = page.locator(f".st-key-us_{key}_interests")
    box = field.locator("input")
    for interest in interests:
        box.click()
        box.fill(interest)
        # Enter picks the first option: wait until the list has been filtered to this one.
        expect(page.get_by_role("option").first).to_contain_text(interest, ignore_case=True)
        box.press("Enter")
        expect(field.get_by_text(interest, exact=False).first).to_be_visible()
        settle(page)
    page.keyboard.press("Escape")


def set_up_couple(page, a: str, b: str) -> None:
    """Fill in and save a couple on the Us page; ends on This weekend."""
    from playwright.sync_api import expect

    fill_partner(page, "a", a, ["cooking", "hiking"])
    fill_partner(page, "b", b, ["nature", "board games"])
    page.get_by_role("button", name="Save our profile").click()
    expect(heading(page, "This weekend")).to_be_visible()
    expect(page.get_by_text(f"Welcome, {a} and {b}!")).to_be_visible()
    settle(page)


def test_a_couples_first_weekend_survives_a_restart(
    server: StreamlitServer, browser, tmp_path: Path
):
    from playwright.sync_api import expect

    page = open_app(browser, server.url)

    # An empty database starts on Us, with the demo on offer.
    expect(page.locator("h1").first).to_have_text("Us")
    expect(
        page.get_by_role("button", name="Just looking? Explore with a demo couple")
    ).to_be_visible()
    shot(page, "01-us-first-run")

    # Set up the profile; a missing name is reported next to the field first.
    page.get_by_role("button", name="Save our profile").click()
    expect(page.get_by_text("Please write your name.").first).to_be_visible()
    settle(page)
    set_up_couple(page, "Ana", "Ben")

    # Suggestions as cards, with thumbs labelled with each partner's name.
    cards = page.locator("[class*='st-key-card_']")
    expect(cards).to_have_count(6)
    ids = card_ids(page)
    titles = {aid: card_title(page, aid) for aid in ids}
    expect(page.locator(f".st-key-down_{ids[0]}_b button").first).to_contain_text("Ben")
    shot(page, "02-this-weekend")

    # Thumbs down from Ben: that card leaves and another takes its place.
    disliked = ids[0]
    page.locator(f".st-key-down_{disliked}_b button").first.click()
    expect(page.locator(f".st-key-card_{disliked}")).to_have_count(0)
    settle(page)
    expect(cards).to_have_count(6)
    after = card_ids(page)
    assert set(after) - set(ids)

    # Plan one and download its calendar file.
    planned = after[0]
    planned_title = card_title(page, planned)
    page.locator(f".st-key-card_{planned} [data-testid='stPopover'] button").first.click()
    add = page.locator(f".st-key-plan_{planned} button").first
    expect(add).to_be_visible()
    add.click()
    expect(page.get_by_role("heading", name="Coming up")).to_be_visible()
    expect(page.locator(f".st-key-card_{planned}")).to_have_count(0)
    settle(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Add to calendar (.ics)").first.click()
    ics_path = tmp_path / "plan.ics"
    download_info.value.save_as(ics_path)
    ics = ics_path.read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert "\r\nBEGIN:VEVENT\r\n" in ics and ics.endswith("END:VCALENDAR\r\n")
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Together: " + planned_title.replace(",", "\\,") in unfolded

    # "We did it" on another card, and rate it.
    done = card_ids(page)[1]
    done_title = card_title(page, done)
    page.locator(f".st-key-did_{done} button").first.click()
    save = page.get_by_role("button", name="Save our ratings")
    expect(save).to_be_visible()
    settle(page)
    save.click()
    expect(page.get_by_text("You will find it under Outings")).to_be_visible()
    expect(page.locator(f".st-key-card_{done}")).to_have_count(0)
    settle(page)

    # It is in Outings, and marked as done on the Explore chart.
    go(page, "Outings")
    expect(page.get_by_text("1 outing so far")).to_be_visible()
    # The history is a list of entries in words: what, when, both ratings by name.
    entry = page.locator("[class*='st-key-outing_']").first
    expect(entry).to_contain_text(done_title)
    expect(entry).to_contain_text(re.compile(r"Ana \d/5 · Ben \d/5"))
    shot(page, "03-outings")
    go(page, "Explore")
    expect(page.get_by_text(f"Marked ◆ as done: {done_title}")).to_be_visible()
    # The dashboard shows one view at a time: the map and the kinds tried first.
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts).to_have_count(2)
    shot(page, "04-explore")
    page.get_by_role("tab", name="Ratings").click()
    expect(page.get_by_role("heading", name="Your ratings over time")).to_be_visible()
    settle(page)
    expect(charts).to_have_count(2)
    expect(page.get_by_text("Each point is one outing as rated by Ana and Ben")).to_be_visible()
    # The list is drawn when opened.
    page.get_by_text(re.compile(r"The \d+ matching activities as a list")).click()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    settle(page)
    # Back from another page, the view and the list are as they were left.
    go(page, "Outings")
    go(page, "Explore")
    expect(page.get_by_role("heading", name="Your ratings over time")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    go(page, "Our ideas")
    shot(page, "05-our-ideas")
    go(page, "Us")
    shot(page, "06-us")
    page.context.close()

    # Restart the server: everything is still there.
    server.stop()
    server.start()
    page = open_app(browser, server.url)
    expect(heading(page, "This weekend")).to_be_visible()
    expect(page.locator(".st-key-planned_1").get_by_text(planned_title)).to_be_visible()
    cards = page.locator("[class*='st-key-card_']")
    expect(cards).to_have_count(6)
    remaining = card_ids(page)
    assert disliked not in remaining and planned not in remaining and done not in remaining
    assert titles[disliked] not in page.locator("h3").all_inner_texts()
    go(page, "Outings")
    expect(page.get_by_text("1 outing so far")).to_be_visible()
    go(page, "Us")
    expect(page.locator(".st-key-us_a_name input")).to_have_value("Ana")
    expect(page.locator(".st-key-us_b_name input")).to_have_value("Ben")
    page.context.close()


def cut_chart_text(page) -> list[str]:
    """Words of the drawn charts (titles, labels, legends) that run past their chart's edge,
    where the chart cuts them off ("both of y"). A glyph's box may overhang by a pixel or two."""
    return page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart'] svg")]
            .flatMap(svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].filter(t => {
                    const r = t.getBoundingClientRect();
                    return r.width > 0 && (r.right > box.right + 3 || r.left < box.left - 3);
                }).map(t => t.textContent);
            })"""
    )


def pick_couple(page, name: str) -> None:
    """Choose the couple in the "Whose plans are these?" selector."""
    from playwright.sync_api import expect

    box = couple_box(page)
    # Count the selectors drawn at any moment while the page reruns: a second one flashing
    # beside the first (a new widget instead of the same one redrawn) is what users would see.
    page.evaluate(
        """() => {
            const count = () => document.querySelectorAll(
                'input[aria-label="Whose plans are these?"]').length;
            window.__mostPickers = count();
            window.__pickerWatch?.disconnect();
            window.__pickerWatch = new MutationObserver(() => {
                window.__mostPickers = Math.max(window.__mostPickers, count());
            });
            window.__pickerWatch.observe(document.body, {childList: true, subtree: true});
        }"""
    )
    box.click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(box).to_have_value(name)
    settle(page)
    expect(box).to_have_value(name)
    assert page.evaluate("window.__mostPickers") == 1


def couple_box(page):
    """The selector of the couple shown; its value is the couple's name."""
    return page.get_by_role("combobox", name="Whose plans are these?")


def test_local_mode_keeps_the_couple_everywhere(server: StreamlitServer, browser, tmp_path: Path):
    """Two couples and the demo on one machine: the one picked stays picked on every page and
    after a reload, gets the outing logged, a third and fourth couple save cleanly, and a
    couple can be deleted."""
    from playwright.sync_api import expect

    from recommender.catalog.loading import load_catalog
    from recommender.planning.demo import DEMO_NAME, create_demo_couple
    from recommender.profiles import Couple, Partner
    from recommender.store.store import Store

    store = Store(server.env["DATABASE_URL"])
    create_demo_couple(store, load_catalog())
    store.create_couple(Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("nature",))))
    try:
        page = open_app(browser, server.url)
        # The demo was saved first, yet the real couple is shown.
        box = couple_box(page)
        expect(box).to_have_value("Ana & Ben")

        # A third and a fourth couple, with no error.
        for a, b in (("Cleo", "Dan"), ("Eve", "Finn")):
            go(page, "Us")
            page.get_by_role("button", name="Set up a new couple profile").click()
            expect(page.get_by_text("A new profile.")).to_be_visible()
            settle(page)
            set_up_couple(page, a, b)
            expect(box).to_have_value(f"{a} & {b}")
            expect(page.get_by_text("Exception")).to_have_count(0)
        assert [n for _, n in store.list_couples()] == [
            DEMO_NAME,
            "Ana & Ben",
            "Cleo & Dan",
            "Eve & Finn",
        ]

        # Pick Cleo & Dan, switch pages and log an outing: it is theirs.
        pick_couple(page, "Cleo & Dan")
        go(page, "Outings")
        expect(box).to_have_value("Cleo & Dan")
        page.get_by_text("Something from the catalog").click()
        settle(page)
        page.get_by_role("button", name="Save this outing").click()
        expect(page.get_by_text("Saved:")).to_be_visible()
        settle(page)
        ids = dict((n, i) for i, n in store.list_couples())
        assert len(store.outings(ids["Cleo & Dan"])) == 1
        assert store.outings(ids["Ana & Ben"]).empty

        # A reload comes back to the same couple (it is in the URL).
        assert f"couple={ids['Cleo & Dan']}" in page.url
        page.reload()
        expect(heading(page, "Outings")).to_be_visible()
        settle(page)
        expect(box).to_have_value("Cleo & Dan")
        expect(page.get_by_text("1 outing so far")).to_be_visible()

        # Delete it, after a confirmation; the real couple is shown again, not the demo.
        go(page, "Us")
        page.get_by_role("button", name="Delete Cleo & Dan...").click()
        yes = page.get_by_role("button", name="Yes, delete Cleo & Dan")
        expect(yes).to_be_visible()
        settle(page)
        yes.click()
        expect(page.get_by_text("Deleted Cleo & Dan")).to_be_visible()
        settle(page)
        assert "Cleo & Dan" not in [n for _, n in store.list_couples()]
        expect(box).to_have_value("Ana & Ben")
        page.context.close()
    finally:
        store.close()


PAGES = ("This weekend", "Outings", "Explore", "Our ideas", "Us")
DOCS = Path(__file__).resolve().parents[2] / "docs"


#: axe-core rules checked whatever their impact: "heading-order" is only "moderate" (and a
#: best practice, not a WCAG tag), but a skipped level leaves screen-reader users lost.
ALWAYS = ("heading-order",)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA findings on the page, and any heading
    out of order, in words."""
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    checked = {r["id"] for kind in ("passes", "violations") for r in result.response[kind]}
    assert set(ALWAYS) <= checked, f"axe-core did not check {set(ALWAYS) - checked}"
    found = []
    for violation in result.response["violations"]:
        wcag = any(t.startswith("wcag") for t in violation["tags"])
        if (wcag and violation["impact"] in ("serious", "critical")) or violation["id"] in ALWAYS:
            first = violation["nodes"][0]
            found.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}x): "
                f"{first['target']} {first.get('failureSummary', '')[:300]}"
            )
    return found


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_every_page_is_accessible_and_fits_the_screen(server: StreamlitServer, browser, size: str):
    """The demo couple's pages at 1280x900 and 390x844: no serious or critical axe-core
    finding, nothing scrolls sideways, a screenshot of each."""
    from playwright.sync_api import expect

    from recommender.catalog.loading import load_catalog
    from recommender.planning.demo import create_demo_couple
    from recommender.store.store import Store

    with Store(server.env["DATABASE_URL"]) as store:
        create_demo_couple(store, load_catalog())
    viewport = WIDE if size == "wide" else PHONE
    page = open_app(browser, server.url, viewport)
    expect(page.locator("[class*='st-key-card_']").first).to_be_visible()
    settle(page)
    if size == "wide":  # three cards across on a wide screen
        tops = page.locator("[class*='st-key-card_']").evaluate_all(
            "els => els.slice(0, 3).map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, tops
    problems: dict[str, list[str]] = {}
    for number, title in enumerate(PAGES, start=1):
        if number > 1:
            go(page, title)
        if title == "Explore":
            expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
            settle(page)
            # Every view of the dashboard: no word of a chart cut off at the chart's edge.
            for view in ("Balance", "Ratings", "Spending", "Kinds tried"):
                page.get_by_role("tab", name=view).click()
                expect(page.get_by_role("tab", name=view)).to_have_attribute(
                    "aria-selected", "true"
                )
                settle(page)
                expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(2)
                assert not cut_chart_text(page), (view, viewport, cut_chart_text(page))
        if title == "Outings":  # the history is a list that shows ratings and cost
            entries = page.locator("[class*='st-key-outing_']")
            expect(entries.first).to_be_visible()
            assert entries.count() == 4  # the demo couple's outings
            first = entries.first
            expect(first).to_contain_text(re.compile(r"Maya \d/5 · Sam \d/5"))
            expect(first).to_contain_text(re.compile(r"budget|Cost not noted"))
            box = first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        found = serious_violations(page)
        if found:
            problems[title] = found
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, f"{title} scrolls sideways at {viewport['width']} px"
        slug = title.lower().replace(" ", "-")
        shot(page, f"{size}-{number}-{slug}")
        if title == "This weekend" and os.environ.get("UPDATE_SCREENSHOTS") == "1":
            # The README's pictures change only when asked, so a test run leaves the
            # checkout as it was (every run's pictures are in tests/artifacts anyway).
            DOCS.mkdir(exist_ok=True)
            page.screenshot(path=str(DOCS / f"screenshot-weekend-{size}.png"))
    assert not problems, problems
    page.context.close()
