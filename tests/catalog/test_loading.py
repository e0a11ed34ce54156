"""The bundled catalog's own rules, and every validation error a contributor can hit."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from recommender import CatalogError, load_catalog, validate_activities
from recommender.catalog.columns import CATEGORIES, RISK_LEVELS, TAGS, Columns
from recommender.catalog.loading import BUNDLED_CATALOG, expand_seasons, split_list

C = Columns
DATA_README = BUNDLED_CATALOG.parent / "README.md"

GOOD_ROW = {
    C.ACTIVITY_ID: "sunrise-hike",
    C.TITLE: "Sunrise hike",
    C.DESCRIPTION: "Walk up a local hill in the dark and watch the sun come up. Bring tea.",
    C.CATEGORY: "outdoors",
    C.TAGS: "hiking;nature",
    C.COST: "0",
    C.RISK: "2",
    C.DURATION_HOURS: "3",
    C.SETTING: "outdoor",
    C.ENERGY: "3",
    C.SEASONS: "spring;summer",
    C.CONVERSATION_STARTER: "What would you like the next year of our life to look like?",
}


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    pd.DataFrame(rows, columns=columns or list(C.ALL)).to_csv(path, index=False)
    return path


def row(**changes: str) -> dict[str, str]:
    return {**GOOD_ROW, **changes}


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


# --- the bundled catalog -------------------------------------------------------------------------


def test_bundled_catalog_has_every_column_typed(catalog: pd.DataFrame) -> None:
    assert list(catalog.columns) == list(C.ALL)
    assert catalog[C.RISK].dtype.kind == "i"
    assert catalog[C.ENERGY].dtype.kind == "i"
    assert catalog[C.COST].dtype.kind == "f"
    assert catalog[C.DURATION_HOURS].dtype.kind == "f"


def test_bundled_catalog_has_at_least_300_distinct_activities(catalog: pd.DataFrame) -> None:
    assert len(catalog) >= 300
    assert catalog[C.ACTIVITY_ID].is_unique
    assert catalog[C.TITLE].str.lower().is_unique
    assert catalog[C.DESCRIPTION].is_unique
    assert catalog[C.CONVERSATION_STARTER].is_unique


def test_categories_are_varied_and_none_dominates(catalog: pd.DataFrame) -> None:
    counts = catalog[C.CATEGORY].value_counts()
    assert len(counts) >= 10
    assert counts.max() <= len(catalog) / 4, counts.to_dict()


def test_every_risk_level_has_at_least_15_activities(catalog: pd.DataFrame) -> None:
    counts = catalog[C.RISK].value_counts()
    for level in RISK_LEVELS:
        assert counts.get(level, 0) >= 15, f"risk {level}: {counts.get(level, 0)}"


def test_cost_range_covers_free_and_splurges(catalog: pd.DataFrame) -> None:
    assert (catalog[C.COST] == 0).sum() >= 20
    assert (catalog[C.COST] >= 200).sum() >= 10


def test_tag_vocabulary_is_large_and_fully_used(catalog: pd.DataFrame) -> None:
    assert len(TAGS) >= 40
    used = {tag for cell in catalog[C.TAGS] for tag in split_list(cell)}
    assert used == set(TAGS), f"unused tags: {sorted(set(TAGS) - used)}"


def test_every_tag_has_at_least_eight_activities(catalog: pd.DataFrame) -> None:
    # A partner who names a tag should get a real choice, not the same one or two rows.
    counts = Counter(tag for cell in catalog[C.TAGS] for tag in split_list(cell))
    thin = {tag: counts[tag] for tag in TAGS if counts[tag] < 8}
    assert not thin, f"tags with fewer than 8 activities: {thin}"


def test_descriptions_are_two_or_three_sentences(catalog: pd.DataFrame) -> None:
    sentences = catalog[C.DESCRIPTION].str.count(r"[.!?](?:\s|$)")
    short = catalog.loc[sentences < 2, C.ACTIVITY_ID].tolist()
    long = catalog.loc[sentences > 4, C.ACTIVITY_ID].tolist()
    assert not short, f"descriptions with fewer than 2 sentences: {short}"
    assert not long, f"descriptions with more than 4 sentences: {long}"


def test_conversation_starters_are_questions(catalog: pd.DataFrame) -> None:
    not_questions = catalog.loc[~catalog[C.CONVERSATION_STARTER].str.endswith("?"), C.ACTIVITY_ID]
    assert not_questions.empty, not_questions.tolist()


def test_no_near_duplicate_activities(catalog: pd.DataFrame) -> None:
    text = catalog[C.TITLE] + ". " + catalog[C.DESCRIPTION]
    vectors = TfidfVectorizer(stop_words="english").fit_transform(text)
    sims = cosine_similarity(vectors)
    pairs = [
        (catalog[C.ACTIVITY_ID][i], catalog[C.ACTIVITY_ID][j], round(float(sims[i, j]), 2))
        for i in range(len(catalog))
        for j in range(i + 1, len(catalog))
        if sims[i, j] > 0.6
    ]
    assert not pairs, f"near-duplicate activities: {pairs}"


def test_catalog_spans_gentle_to_thrilling(catalog: pd.DataFrame) -> None:
    ids = set(catalog[C.ACTIVITY_ID])
    # Two ids the engine's documented example refers to.
    assert {"pottery-taster", "salsa-night"} <= ids
    assert catalog[C.RISK].min() == 1 and catalog[C.RISK].max() == 5
    assert set(catalog[C.SETTING]) == {"indoor", "outdoor", "either"}


def test_data_dictionary_documents_every_category_and_tag() -> None:
    text = DATA_README.read_text(encoding="utf-8")
    for name in (*CATEGORIES, *TAGS, *C.ALL):
        assert f"`{name}`" in text, f"data/README.md does not mention `{name}`"
    for level in RISK_LEVELS:
        assert re.search(rf"^\| {level} \|", text, re.MULTILINE), f"risk {level} has no anchor row"


# --- validation errors ---------------------------------------------------------------------------


def test_valid_file_loads_with_types(tmp_path: Path) -> None:
    frame = load_catalog(write_csv(tmp_path / "ok.csv", [GOOD_ROW]))
    assert frame.loc[0, C.RISK] == 2
    assert frame.loc[0, C.COST] == 0.0
    assert expand_seasons(frame.loc[0, C.SEASONS]) == ["spring", "summer"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {C.RISK: "7"},
            r"line 2, column 'risk': is outside the scale; allowed: 1, 2, 3, 4, 5 .*7",
        ),
        ({C.RISK: "two"}, r"line 2, column 'risk': is not a whole number; allowed: 1, 2, 3, 4, 5"),
        ({C.ENERGY: "0"}, r"line 2, column 'energy': is outside the scale"),
        ({C.ENERGY: "2.5"}, r"line 2, column 'energy': is not a whole number"),
        ({C.COST: "-5"}, r"line 2, column 'cost': is negative; cost must be 0 \(free\) or more"),
        ({C.COST: "cheap"}, r"line 2, column 'cost': is not a number"),
        ({C.COST: "nan"}, r"line 2, column 'cost': is not a number"),
        ({C.DURATION_HOURS: "-1"}, r"line 2, column 'duration_hours': must be more than 0 hours"),
        ({C.DURATION_HOURS: "a while"}, r"column 'duration_hours': is not a number of hours"),
        (
            {C.SETTING: "inside"},
            r"'setting': unknown setting; allowed: indoor, outdoor, either",
        ),
        (
            {C.CATEGORY: "fun"},
            r"'category': unknown category; allowed: food-drink, outdoors",
        ),
        ({C.TAGS: "hiking;bogus"}, r"column 'tags': unknown tag\(s\) 'bogus'"),
        ({C.TAGS: ""}, r"column 'tags': is empty"),
        ({C.SEASONS: "monsoon"}, r"column 'seasons': unknown or missing season; allowed: 'any'"),
        ({C.TITLE: "   "}, r"line 2, column 'title': is empty"),
        ({C.TITLE: "x" * 81}, r"column 'title': is 81 characters long; the most allowed is 80"),
        ({C.DESCRIPTION: ""}, r"column 'description': is empty"),
        ({C.CONVERSATION_STARTER: ""}, r"column 'conversation_starter': is empty"),
        ({C.ACTIVITY_ID: "Sunrise Hike"}, r"column 'activity_id': must be a lower-case slug"),
        ({C.ACTIVITY_ID: ""}, r"column 'activity_id': is empty"),
    ],
)
def test_each_bad_cell_is_reported_with_line_column_and_value(
    tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(**changes)])
    with pytest.raises(CatalogError, match=expected):
        load_catalog(path)


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    rows = [
        GOOD_ROW,
        row(activity_id="b", risk="9", cost="-1"),
        row(activity_id="c", setting="attic"),
    ]
    with pytest.raises(CatalogError, match=r"bad\.csv has 3 problems") as info:
        load_catalog(write_csv(tmp_path / "bad.csv", rows))
    where = [(p.where, p.column, p.value) for p in info.value.problems]
    assert where == [
        ("line 3", C.COST, "-1"),
        ("line 3", C.RISK, "9"),
        ("line 4", C.SETTING, "attic"),
    ]


def test_duplicate_ids_point_at_the_first_use(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dup.csv", [GOOD_ROW, row(title="Another"), row(title="Third")])
    with pytest.raises(CatalogError, match=r"line 3, .*duplicate id, first used on line 2") as info:
        load_catalog(path)
    assert [p.where for p in info.value.problems] == ["line 3", "line 4"]


def test_ids_of_a_couples_own_ideas_are_reserved(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ours.csv", [row(activity_id="ours-picnic")])
    with pytest.raises(
        CatalogError,
        match=r"line 2, column 'activity_id': ids starting with 'ours-' are kept for a couple's",
    ):
        load_catalog(path)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    columns = [c for c in C.ALL if c not in (C.RISK, C.SEASONS)]
    path = write_csv(tmp_path / "cols.csv", [GOOD_ROW], columns=columns)
    with pytest.raises(CatalogError, match=r"line 1: missing column\(s\): risk, seasons"):
        load_catalog(path)


def test_rows_with_the_wrong_number_of_fields_are_located(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ragged.csv", [GOOD_ROW, row(activity_id="b")])
    with path.open("a", encoding="utf-8") as f:
        f.write("c,Unquoted, comma,in the title\n")
    with pytest.raises(CatalogError, match=r"line 4: expected 12 fields but found 4"):
        load_catalog(path)


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    rows = [row(description="Line one.\nLine two."), row(activity_id="b", risk="0")]
    with pytest.raises(CatalogError, match=r"line 4, column 'risk'"):
        load_catalog(write_csv(tmp_path / "multi.csv", rows))


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "latin.csv", [GOOD_ROW, row(activity_id="b", title="Caf\u00e9")])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(CatalogError, match=r"line 3: the file is not UTF-8 text"):
        load_catalog(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"empty\.csv has 1 problem:\n  - the file is empty"):
        load_catalog(path)


def test_header_only_file_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header.csv", [])
    with pytest.raises(CatalogError, match="the file has a header but no activities"):
        load_catalog(path)


def test_missing_file_is_refused_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"nowhere\.csv: no such file"):
        load_catalog(tmp_path / "nowhere.csv")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="is a folder, not a file"):
        load_catalog(tmp_path)


def test_catalog_error_is_a_value_error() -> None:
    assert issubclass(CatalogError, ValueError)


def test_utf8_bom_from_spreadsheets_is_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [GOOD_ROW])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalog(path).loc[0, C.ACTIVITY_ID] == "sunrise-hike"


# --- validate_activities: the same rules for a couple's own ideas ---------------------------------


def test_validate_activities_accepts_numbers_and_lists() -> None:
    idea = {**GOOD_ROW, C.COST: 25.0, C.RISK: 2, C.TAGS: ["hiking", "nature"]}
    frame = validate_activities([idea])
    assert frame.loc[0, C.TAGS] == "hiking;nature"
    assert frame.loc[0, C.COST] == 25.0


def test_validate_activities_names_row_and_field() -> None:
    with pytest.raises(CatalogError, match=r"idea has 1 problem:\n  - row 1, column 'risk'"):
        validate_activities([{**GOOD_ROW, C.RISK: 6}], source="idea")


def test_validate_activities_reports_missing_fields() -> None:
    partial = {C.ACTIVITY_ID: "x", C.TITLE: "X"}
    with pytest.raises(CatalogError, match=r"row 1: missing field\(s\): description, category"):
        validate_activities([partial])
