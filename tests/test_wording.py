"""recommender/wording.py: numbers and codes said in plain words."""

from __future__ import annotations

from datetime import date

import pytest

from recommender.catalog.columns import Season
from recommender.wording import (
    HEMISPHERE_WORDS,
    Hemisphere,
    check_hemisphere,
    cost_words,
    count_words,
    day_words,
    duration_words,
    enjoyment_words,
    escape_markdown,
    field_label,
    interest_words,
    money,
    next_weekend,
    rating_words,
    risk_description,
    risk_name,
    risk_words,
    season_of,
    setting_words,
    slugify,
)


def test_risk_in_words():
    assert risk_name(2) == "gentle"
    assert risk_words(5) == "thrilling (5 of 5)"
    assert "tandem skydive" in risk_description(5)
    with pytest.raises(ValueError, match="risk must be one of 1, 2, 3, 4, 5"):
        risk_words(6)


@pytest.mark.parametrize(
    ("cost", "words"), [(0, "free"), (40.0, "about $40 for two"), (12.5, "about $12.50 for two")]
)
def test_cost_words(cost, words):
    assert cost_words(cost) == words


def test_money_and_missing_costs():
    assert money(1200) == "$1,200"
    assert money(float("nan")) == "not noted"


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (0.5, "about 30 minutes"),
        (1, "about 1 hour"),
        (2.5, "about 2½ hours"),
        (8, "a whole day"),
        (20, "overnight (about 20 hours)"),
        (48, "about 2 days"),
    ],
)
def test_duration_words(hours, words):
    assert duration_words(hours) == words


def test_setting_and_rating_words():
    assert setting_words("either") == "indoors or outdoors"
    with pytest.raises(ValueError, match="setting must be one of indoor, outdoor, either"):
        setting_words("space")
    assert rating_words(4) == "4 of 5: really enjoyed it"


def test_enjoyment_is_a_percentage_with_its_meaning():
    assert enjoyment_words(0.82) == "82% (likely to love it)"
    assert enjoyment_words(0.55) == "55% (likely to enjoy it)"
    assert enjoyment_words(0.1) == "10% (a stretch for them)"
    assert enjoyment_words(1.3) == "100% (likely to love it)"


def test_dates():
    assert season_of(date(2025, 1, 10)) is Season.WINTER
    assert season_of(date(2025, 10, 10)) is Season.AUTUMN
    assert day_words(date(2025, 6, 14)) == "Saturday 14 June 2025"
    assert next_weekend(date(2025, 6, 11)) == date(2025, 6, 14)  # Wednesday -> Saturday
    assert next_weekend(date(2025, 6, 15)) == date(2025, 6, 15)  # Sunday stays


@pytest.mark.parametrize(
    ("day", "north", "south"),
    [
        (date(2026, 11, 28), Season.AUTUMN, Season.SPRING),
        (date(2026, 12, 5), Season.WINTER, Season.SUMMER),
        (date(2026, 7, 1), Season.SUMMER, Season.WINTER),
        (date(2026, 4, 1), Season.SPRING, Season.AUTUMN),
    ],
)
def test_seasons_flip_in_the_southern_hemisphere(day, north, south):
    assert season_of(day) is north  # the north unless said otherwise, as before
    assert season_of(day, "north") is north
    assert season_of(day, Hemisphere.SOUTH) is south
    assert season_of(day, " South ") is south


def test_an_unknown_hemisphere_lists_the_allowed_values():
    with pytest.raises(ValueError, match=r"hemisphere must be one of north, south \(got 'east'\)"):
        season_of(date(2026, 1, 1), "east")
    with pytest.raises(ValueError, match="hemisphere must be one of north, south"):
        check_hemisphere(None)
    assert check_hemisphere("SOUTH") is Hemisphere.SOUTH
    assert "Australia" in HEMISPHERE_WORDS[Hemisphere.SOUTH]


def test_escape_markdown_shows_text_as_typed():
    assert escape_markdown("**bold** [x](y) :red[z] $1") == (
        "\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\:red\\[z\\] \\$1"
    )


def test_slugify_and_field_labels():
    assert slugify("Café crawl!") == "cafe-crawl"
    assert slugify("!!!") == ""
    assert field_label("duration_hours") == "How long (hours)"


def test_interests_are_said_in_words():
    assert interest_words("board-games") == "board games"
    assert interest_words("food-drink") == "food and drink"
    assert interest_words("at-home") == "nights in"
    assert interest_words("the sea") == "the sea"


def test_counts_use_the_singular_for_one():
    assert count_words(1, "idea") == "1 idea"
    assert count_words(0, "idea") == "0 ideas"
    assert count_words(3, "activity", "activities") == "3 activities"
    assert count_words(1, "activity", "activities") == "1 activity"


def test_a_day_and_a_half_is_about_one_day_not_one_days():
    assert duration_words(32) == "about 1 day"
    assert duration_words(72) == "about 3 days"
