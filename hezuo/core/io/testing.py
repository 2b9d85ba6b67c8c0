"""Helpers for tests of imports and exports, in any app: build XLSX/CSV files, read them back."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from .resources import get_resource


def headers(kind: str, fields: Iterable[str]) -> list[str]:
    resource = get_resource(kind)
    return [resource.by_field[f].header for f in fields]


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX whose text cells are stored as text, even when they start with '=' (the way a
    spreadsheet stores text typed with a leading quote, or a hostile file would)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    for row in [header, *rows]:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_with_formulas(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], formulas: dict[str, tuple[str, Any]]
) -> bytes:
    """An XLSX as Excel saves one: each cell named in `formulas` ({"C3": ("=cmd|' /C calc'!A0",
    "Max Planck Society")}) holds a formula with a cached value, which is all a reader such as
    calamine shows."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(list(row))
    for ref in formulas:
        sheet[ref] = 0  # a placeholder, replaced in the XML below
    out = io.BytesIO()
    workbook.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, (formula, cached) in formulas.items():
                    # None: no cached value, as openpyxl saves a formula it cannot compute.
                    kind = "" if cached is None or isinstance(cached, int | float) else ' t="str"'
                    shown = "" if cached is None else escape(str(cached))
                    cell = (
                        f'<c r="{ref}"{kind}><f>{escape(formula.removeprefix("="))}</f>'
                        f"<v>{shown}</v></c>"
                    )
                    text = re.sub(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell, text, count=1)
                data = text.encode()
            archive.writestr(item, data)
    return target.getvalue()


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def write_file(directory: Path, name: str, content: bytes) -> Path:
    path = Path(directory) / name
    path.write_bytes(content)
    return path


def read_xlsx(content: bytes, sheet: int = 0) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    ws = workbook.worksheets[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "CSV exports start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
