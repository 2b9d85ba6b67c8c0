"""The printable application: one description of its content (`document(app)`), rendered to PDF
by WeasyPrint with a CJK font and to DOCX by python-docx with an East Asian font, so Chinese text
shows in both. WeasyPrint needs Pango; when it is missing, PDF printing says which Debian package
to install and everything else works."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.core.bilingual import join_list

from . import models as m
from .rules import evaluate_criterion

# Fonts: the PDF embeds Noto CJK (Debian: fonts-noto-cjk); DOCX names SimSun for East Asian text,
# which Word has and LibreOffice maps to whatever CJK font is installed.
PDF_FONTS = (
    '"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
)
DOCX_EAST_ASIA_FONT = "SimSun"


class RendererMissing(RuntimeError):
    pass


@dataclass
class Table:
    heading: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Document:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    texts: list[tuple[str, str]]  # (heading, paragraph)
    tables: list[Table] = field(default_factory=list)


def _s(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return join_list(value) or "—"
    return str(value)


def document(app: m.Application) -> Document:
    totals = app.budget_totals()
    facts = [
        (_("Number"), _s(app.number)),
        (_("Call"), f"{app.call.title} ({app.call.code})"),
        (_("State"), app.get_state_display()),
        (_("Applicant"), _s(app.applicant_unit)),
        (_("Applicant organisation"), _s(app.organisation)),
        (_("Recommending unit"), _s(app.recommending_unit)),
        (_("Field"), _s(app.get_field_display())),
        (_("Keywords"), _s(app.keywords)),
        (_("Disciplines"), _s(app.disciplines)),
        (_("Duration (months)"), _s(app.duration_months)),
        (_("Central funding requested (10k CNY)"), _s(app.requested_amount)),
        (_("Total budget (10k CNY)"), _s(totals["total"])),
    ]
    if app.submitted_at:
        facts.append(
            (_("Submitted"), timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M"))
        )
    if app.outcome:
        facts.append((_("Decision"), app.get_outcome_display()))
        if app.awarded_amount:
            facts.append((_("Amount awarded (10k CNY)"), _s(app.awarded_amount)))
    texts = [
        (_("Title (Chinese)"), _s(app.title_zh)),
        (_("Title (English)"), _s(app.title_en)),
        (_("Abstract (Chinese)"), _s(app.abstract_zh)),
        (_("Abstract (English)"), _s(app.abstract_en)),
    ]
    if app.recommendation_note:
        texts.append((_("Recommendation"), app.recommendation_note))
    partners = Table(
        _("Foreign partners"),
        [_("Organisation"), _("Country"), _("Role"), _("Agreement"), _("Commitments"), _("IP")],
        [
            [
                p.display_name,
                _s(p.country),
                p.get_role_display(),
                _s(p.agreement or p.agreement_signed_on),
                "; ".join(
                    x
                    for x in [
                        p.commits_technology,
                        p.commits_people,
                        p.commits_equipment,
                        f"{p.commits_money} {_('10k CNY')}" if p.commits_money else "",
                    ]
                    if x
                )
                or "—",
                _s(p.ip_arrangement),
            ]
            for p in app.partners.select_related("country", "organisation", "agreement")
        ],
    )
    budget = Table(
        _("Budget (10k CNY)"),
        [_("Source"), _("Item"), _("Amount")],
        [[b.get_source_display(), _s(b.item_text), str(b.amount)] for b in app.budget_lines.all()]
        + [
            [str(label), _("Subtotal"), str(totals[source])]
            for source, label in m.BudgetSource.choices
        ]
        + [[_("Total"), "", str(totals["total"])]],
    )
    answers = {a.criterion_id: a for a in app.answers.all()}
    eligibility = Table(
        _("Eligibility"),
        [_("Condition"), _("How it is checked"), _("Finding")],
        [
            [
                c.text,
                c.get_mode_display(),
                ("✓ " if f.passed else "✗ ") + f.detail,
            ]
            for c in app.call.criteria.all()
            for f in [evaluate_criterion(app, c, answers)]
        ],
    )
    attachments = Table(
        _("Attachments"),
        [_("Kind"), _("Title"), _("File")],
        [[a.get_kind_display(), _s(a.title), a.original_name] for a in app.attachments.all()],
    )
    return Document(
        title=app.title or _("Untitled application"),
        subtitle=app.title_en if app.title_en and app.title_en != app.title else "",
        facts=facts,
        texts=texts,
        tables=[partners, budget, eligibility, attachments],
    )


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"printing fetches nothing: {url}")


def _fetcher():
    """Printing fetches nothing from anywhere: no file, no network."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # older WeasyPrint: a plain function
        return _no_fetch
    return URLFetcher(allowed_protocols=())


def application_pdf(app: m.Application) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # Pango (or WeasyPrint itself) is not installed
        raise RendererMissing(
            _(
                "PDF printing needs WeasyPrint and the Pango library: install the Debian "
                "packages libpango-1.0-0 and fonts-noto-cjk. (%(error)s)"
            )
            % {"error": exc}
        ) from exc
    html = render_to_string(
        "calls/print.html", {"doc": document(app), "fonts": PDF_FONTS, "app": app}
    )
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def application_docx(app: m.Application) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = document(app)
    out = docx.Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        try:
            style = out.styles[style_name]
        except KeyError:  # pragma: no cover - the default template has them
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), DOCX_EAST_ASIA_FONT)
    out.styles["Normal"].font.size = Pt(10.5)
    out.core_properties.title = doc.title
    out.core_properties.identifier = app.number
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph(doc.subtitle)
    facts = out.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in doc.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)
    for heading, text in doc.texts:
        out.add_heading(str(heading), level=2)
        out.add_paragraph(str(text))
    for table in doc.tables:
        out.add_heading(str(table.heading), level=1)
        if not table.rows:
            out.add_paragraph(_("None."))
            continue
        grid = out.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = str(column)
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = str(value)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
