"""Formula cells are refused (issue 8, finding 2): in an XLSX, any cell stored as a formula,
whatever value it shows; in a CSV (or as XLSX text), any text a spreadsheet would run. The error
names the row and the column, and nothing is written."""

from __future__ import annotations

import pytest

from hezuo.core.io.formulas import formula_cells
from hezuo.core.io.imports import run_import
from hezuo.core.io.testing import csv_bytes, headers, write_file, xlsx_bytes, xlsx_with_formulas
from hezuo.registry.models import Organisation

FIELDS = ["name_zh", "name_en", "kind", "country", "city"]
GOOD = ["清华大学", "Tsinghua University", "高校", "中国", "Beijing"]
DDE = "=cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def import_xlsx(tmp_path, rows, formulas, fields=FIELDS, kind="organisation", user=None):
    content = xlsx_with_formulas(headers(kind, fields), rows, formulas)
    return run_import(kind, write_file(tmp_path, "f.xlsx", content), "xlsx", user)


def test_formula_cells_are_found_whatever_they_show(tmp_path):
    content = xlsx_with_formulas(
        ["a", "b", "c"],
        [["x", "y", "z"], ["u", "v", "w"]],
        {"B2": (DDE, "Max Planck Society"), "C3": ("=1+1", 2), "AA7": ("=A1", "")},
    )
    path = write_file(tmp_path, "f.xlsx", content)
    assert formula_cells(path) == [(2, 2), (3, 3), (7, 27)]
    plain = write_file(tmp_path, "p.xlsx", xlsx_bytes(["a"], [[DDE], ["=1+1"]]))
    assert formula_cells(plain) == []  # text that starts with "=" is not a formula cell
    assert formula_cells(write_file(tmp_path, "x.xlsx", b"not a zip")) == []


@pytest.mark.django_db
def test_xlsx_formula_with_a_cached_value_is_refused_naming_row_and_column(
    tmp_path, users, countries
):
    rows = [GOOD, ["", "Good Two", "enterprise", "DE", ""], ["", "x", "institute", "DE", ""]]
    result = import_xlsx(
        tmp_path, rows, {"B4": (DDE, "Max Planck Society")}, user=users["office_staff"]
    )
    assert not result.ok
    assert Organisation.objects.count() == 0
    [error] = result.errors
    assert error.row == 4
    assert error.column == "B · 名称（英文） / Name (English)"
    assert error.value == "Max Planck Society"
    assert "formula is not accepted" in error.message and "paste the value" in error.message
    assert str(error).startswith("Row 4, column B · 名称（英文） / Name (English): A formula")


@pytest.mark.django_db
def test_xlsx_formula_in_any_cell_is_refused(tmp_path, users, countries):
    user = users["office_staff"]
    # A number shown by a formula, in a column with a parser of its own.
    fields = ["name_en", "kind", "established"]
    result = import_xlsx(
        tmp_path,
        [["Joint Committee", "forum", 2001]],
        {"C2": ("=2000+1", 2001)},
        fields=fields,
        kind="mechanism",
        user=user,
    )
    assert [(e.row, e.column.split(" · ")[0]) for e in result.errors] == [(2, "C")]
    # A formula showing nothing, alone on the last row (the reader drops such a row).
    result = import_xlsx(tmp_path, [GOOD], {"E3": ("=A1", None)}, user=user)
    assert [(e.row, e.column.split(" · ")[0]) for e in result.errors] == [(3, "E")]
    # A formula outside the columns the import reads, and one in the header.
    result = import_xlsx(
        tmp_path, [GOOD], {"H2": (DDE, 0), "A1": ('="名称（中文）"', "名称（中文）")}, user=user
    )
    refused = [(e.row, e.column.split(" · ")[0]) for e in result.errors if "formula" in e.message]
    assert refused == [(1, "A"), (2, "H")]
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_csv_formula_injection_is_refused_in_every_column(tmp_path, users, units, countries):
    fields = ["name_en", "kind", "country", "aliases", "city"]
    rows = [
        ["Good University", "university", "CN", "", "-5"],  # a negative number is fine
        ["Kind Formula", DDE, "CN", "", ""],  # a choice column: said to be a formula
        ["List Formula", "university", "CN", "-2+3;cmd|' /C calc'!A0", ""],  # the whole cell
        ["Wide Formula", "university", "CN", "", "＝cmd|' /C calc'!A0"],  # full-width ＝
        ["Country Formula", "university", "@SUM(1+1)", "", ""],
    ]
    path = write_file(tmp_path, "f.csv", csv_bytes(headers("organisation", fields), rows))
    result = run_import("organisation", path, "csv", users["office_staff"])
    assert [(e.row, e.column.split(" · ")[0]) for e in result.errors] == [
        (3, "B"),
        (4, "D"),
        (5, "E"),
        (6, "C"),
    ]
    assert all("formula" in e.message for e in result.errors), result.errors
    assert Organisation.objects.count() == 0
