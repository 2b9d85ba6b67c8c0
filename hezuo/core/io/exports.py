"""Exports and templates: any (already scoped and filtered) queryset to XLSX or CSV, and the empty
template each importable kind starts from. Headers are bilingual, the same as the import expects,
so an export can be edited and imported back.

Every text cell that a spreadsheet would run as a formula (starting with = + - @ or a tab or
carriage return) is neutralised with a leading single quote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hezuo.core.text import clean_text

from .resources import Resource, get_resource

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DANGEROUS_LEADERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_LEADERS):
        return "'" + value
    return value


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        # Whatever is stored, the export is written: no control character reaches the sheet.
        value = clean_text(value, multiline=True)
    return neutralise(value)


def _csv_value(value: Any) -> str:
    value = _cell_value(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- writers -------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")


def _width(header: str) -> int:
    # CJK characters are about twice as wide as Latin ones.
    return min(60, max(10, sum(2 if ord(ch) > 0x2E80 else 1 for ch in header) + 2))


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: list[str],
    rows: Iterable[list[Any]],
    widths: list[int] | None = None,
    required: Iterable[int] = (),
) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    for idx, header in enumerate(headers):
        width = (widths[idx] if widths and widths[idx] else 0) or _width(header)
        sheet.column_dimensions[get_column_letter(idx + 1)].width = width
    sheet.freeze_panes = "A2"
    required = set(required)
    header_cells = []
    for idx, header in enumerate(headers):
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if idx in required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell_value(v) for v in row])


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def csv_lines(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 with a BOM, so Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    writer.writerow([neutralise(h) for h in headers])
    for count, row in enumerate(rows, 1):
        writer.writerow([_csv_value(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


# --- exports -------------------------------------------------------------------------------------


def export_rows(resource: Resource, queryset) -> Iterator[list[Any]]:
    qs = resource.export_queryset(queryset)
    for obj in qs.iterator(chunk_size=CHUNK):
        yield resource.export_row(obj)


def export_headers(resource: Resource) -> list[str]:
    return [c.header for c in resource.export_columns]


def write_export(resource: Resource, queryset, fmt: str, target) -> None:
    """Write an export to a path or a binary file object."""
    headers = export_headers(resource)
    rows = export_rows(resource, queryset)
    if fmt == "xlsx":
        workbook = new_workbook()
        add_sheet(
            workbook,
            resource.title,
            headers,
            rows,
            widths=[c.width for c in resource.export_columns],
        )
        workbook.save(target)
    elif fmt == "csv":
        if isinstance(target, str | Path):
            with open(target, "wb") as out:
                for chunk in csv_lines(headers, rows):
                    out.write(chunk)
        else:
            for chunk in csv_lines(headers, rows):
                target.write(chunk)
    else:
        raise ValueError(fmt)


def _filename(kind: str, fmt: str, suffix: str = "") -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{kind}{suffix}-{stamp}.{fmt}"


def export_response(kind: str, queryset, fmt: str, user):
    """The rows of `queryset` (already scoped to `user` and filtered) as a download."""
    resource = get_resource(kind)
    if resource is None or fmt not in FORMATS or queryset.model is not resource.model:
        raise Http404
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(export_headers(resource), export_rows(resource, queryset)),
            content_type=CSV_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="{_filename(kind, fmt)}"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    write_export(resource, queryset, fmt, spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=_filename(kind, fmt), content_type=XLSX_TYPE
    )


# --- templates -----------------------------------------------------------------------------------


def write_template(resource: Resource, target) -> None:
    """An empty data sheet with the bilingual headers (required ones highlighted) and a second
    sheet explaining every column."""
    columns = resource.import_columns
    workbook = new_workbook()
    add_sheet(
        workbook,
        resource.title,
        [c.header for c in columns],
        [],
        widths=[c.width for c in columns],
        required=[i for i, c in enumerate(columns) if c.required],
    )
    add_sheet(
        workbook,
        _("Instructions"),
        [
            "列 / Column",
            "必填 / Required",
            "格式 / Format",
            "最大长度 / Max length",
        ],
        [[c.header, _("yes") if c.required else "", c.hint, c.max_length or ""] for c in columns],
        widths=[40, 14, 80, 14],
    )
    workbook.save(target)


def template_response(resource: Resource, fmt: str = "xlsx"):
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines([c.header for c in resource.import_columns], []), content_type=CSV_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{resource.kind}-template.csv"'
        return response
    buffer = io.BytesIO()
    write_template(resource, buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{resource.kind}-template.xlsx",
        content_type=XLSX_TYPE,
    )
