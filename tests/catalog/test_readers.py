"""recommender/catalog/readers.py: the one set of readers the catalog and the ideas import share."""

from __future__ import annotations

import pytest

from recommender.catalog.limits import JSON_DEPTH_MAX, NUMBER_DIGITS_MAX
from recommender.catalog.readers import (
    FileFormatError,
    cell_problems,
    csv_rows,
    decode_text,
    find_bad_number,
    json_records,
    loads,
    sniff_delimiter,
)


@pytest.mark.parametrize(
    ("text", "suffix", "delimiter"),
    [
        ("title,cost\nPicnic,0\n", ".csv", ","),
        ("title;cost;tags\nPicnic;0;nature,romantic\n", ".csv", ";"),  # European spreadsheets
        ("title\tcost\nPicnic\t0\n", ".txt", "\t"),
        ("title,cost\nPicnic,0\n", ".tsv", "\t"),  # .tsv is always tab
        ("title\nPicnic, with friends\n", ".csv", ","),  # one column
        ('activity_id,title,tags\nx,"A; b",a;b\n', ".csv", ","),  # ';' inside cells only
    ],
)
def test_the_delimiter_is_sniffed_from_the_header(text: str, suffix: str, delimiter: str) -> None:
    assert sniff_delimiter(text, suffix) == delimiter


def test_text_is_utf8_with_or_without_a_bom_and_never_binary() -> None:
    assert decode_text("\ufefftitle\n".encode()) == "title\n"
    with pytest.raises(FileFormatError, match=r"binary data at byte 7, line 2"):
        decode_text(b"title\nP\x00")
    with pytest.raises(FileFormatError, match=r"line 2 is not UTF-8 text \(byte 0xe9"):
        decode_text("title\ncafé\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match="the file is empty"):
        decode_text(b" \n\n")


def test_csv_rows_keep_their_first_line_and_stop_at_the_row_limit() -> None:
    header, rows = csv_rows('title,notes\nA,"two\nlines"\n\nB,x\n', ",")
    assert header == ["title", "notes"] and [line for line, _ in rows] == [2, 5]
    with pytest.raises(FileFormatError, match=r"more than 1 activities.*RECOMMENDER_MAX_ROWS"):
        csv_rows("title\nA\nB\n", ",", row_limit=1)


def test_json_nesting_digits_and_non_finite_numbers_are_held() -> None:
    ok = "[" * JSON_DEPTH_MAX + "]" * JSON_DEPTH_MAX
    assert loads(ok) is not None
    with pytest.raises(FileFormatError, match=f"nested more than {JSON_DEPTH_MAX} levels"):
        loads("[" * (JSON_DEPTH_MAX + 1) + "]" * (JSON_DEPTH_MAX + 1))
    # Brackets inside strings are text, not nesting.
    assert loads('{"title": "' + "[" * 500 + '"}') == {"title": "[" * 500}
    data = loads('{"a": [1, {"b": ' + "9" * (NUMBER_DIGITS_MAX + 1) + '}], "c": 1e309, "d": NaN}')
    assert find_bad_number(data) == (
        "a[1].b",
        f"is a number of {NUMBER_DIGITS_MAX + 1} digits; the most allowed is {NUMBER_DIGITS_MAX}",
    )
    assert find_bad_number({"c": data["c"]})[1].startswith("is too large a number (1e309)")
    assert (
        find_bad_number({"d": data["d"]})[1]
        == "is NaN, which is not a number; write a finite number"
    )
    assert find_bad_number({"e": 10**29, "f": 1.5}) is None


def test_json_lines_name_each_bad_line() -> None:
    with pytest.raises(FileFormatError) as caught:
        json_records('{"title": "A"}\nnot json\n{"title": \n')
    assert [str(p) for p in caught.value.problems] == [
        "line 2: not valid JSON: Expecting value (column 1)",
        "line 3: the line ends before its JSON object does (is the file cut short?)",
    ]


def test_cell_limits_are_the_databases() -> None:
    problems = cell_problems(
        "line 4",
        {
            "title": "x" * 201,
            "description": "ok\nwith a line break\tand a tab",
            "category": "a\x0bb",
            "notes": "fine",
            "activity": "Pic\x00nic",
        },
        {"activity": "title"},
    )
    assert [str(p) for p in problems] == [
        "line 4, column 'title': is 201 characters long; the most allowed is 200",
        "line 4, column 'category': contains a control character (U+000B), which is not allowed",
        "line 4, column 'activity': contains a control character (U+0000), which is not allowed",
    ]
