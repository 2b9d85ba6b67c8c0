"""Formula cells in an XLSX file: where they are, whatever value they show.

python-calamine (the fast reader) returns a formula cell's cached value and hides the formula, so a
file saved by Excel or openpyxl with `=cmd|' /C calc'!A0` in a cell reads as harmless text or a
number. The importer refuses formula cells outright (finding 2 of issue 8), so it looks at the
sheet's XML itself: a `<f>` element inside a `<c>` is a formula.

Reading is streamed and cheap: the worksheet part is decompressed in chunks and searched for a
`<f` tag; only a sheet that has one is parsed element by element to find the cells. (Inside XML
text `<` is always escaped, so `<f` can only be a tag.)

The standard library's parser is safe here (ruff's S314 notwithstanding): ElementTree never fetches
external entities, and expat ≥ 2.4 refuses entity-expansion bombs; openpyxl itself falls back to
the same parser.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils.cell import column_index_from_string

_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")
_CHUNK = 1 << 20
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The name of the first worksheet's part, the one the importer reads."""
    names = set(archive.namelist())
    workbook: ElementTree.Element | None = None
    rels: ElementTree.Element | None = None
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        pass  # no usable workbook part: fall back to the usual sheet name below
    if workbook is not None and rels is not None:
        sheet = next((el for el in workbook.iter() if _local(el.tag) == "sheet"), None)
        rid = sheet.get(f"{{{_REL_NS}}}id") if sheet is not None else None
        for rel in rels.iter(_PKG_REL):
            if rel.get("Id") == rid:
                target = rel.get("Target", "")
                part = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                if part in names:
                    return part
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return sheets[0] if sheets else None


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-64:]  # a tag cut between two chunks
    return False


def formula_cells(path: str | Path) -> list[tuple[int, int]]:
    """(row, column) of every formula cell of the first sheet, both counted from 1, in sheet
    order. A file that cannot be opened as a zip has none here; the reader reports it."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = first_sheet_part(archive)
            if part is None or not _has_formula(archive, part):
                return []
            return _locate(archive, part)
    except (zipfile.BadZipFile, OSError, KeyError):
        return []


def _locate(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    row = col = 0
    in_cell = False
    with archive.open(part) as stream:
        try:
            for event, el in ElementTree.iterparse(stream, events=("start", "end")):  # noqa: S314
                name = _local(el.tag)
                if event == "start":
                    if name == "row":
                        r = el.get("r")
                        row = int(r) if r and r.isdigit() else row + 1
                        col = 0
                    elif name == "c":
                        in_cell = True
                        ref = _CELL_REF.match(el.get("r") or "")
                        if ref:
                            col = column_index_from_string(ref.group(1).upper())
                            row = int(ref.group(2))
                        else:  # a cell without a reference follows the previous one
                            col += 1
                    elif name == "f" and in_cell and (not found or found[-1] != (row, col)):
                        found.append((row, col))
                else:
                    if name == "c":
                        in_cell = False
                    if name in ("c", "row"):
                        el.clear()
        except ElementTree.ParseError:
            pass  # a damaged sheet: what was found so far; the reader reports the damage
    return found
