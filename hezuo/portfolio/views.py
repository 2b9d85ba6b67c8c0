"""The public directory of funded projects and designated bases."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from hezuo.core.extensions import Hook
from hezuo.core.views import Column, RecordDetailView, RecordListView, Related

from . import filters
from . import models as m

C = Column


class ProjectList(RecordListView):
    model = m.Project
    public = True
    filterset_class = filters.ProjectFilter
    select_related = ("unit", "call")
    default_ordering = "-code"
    export_kind = "project"
    title = _("Projects")
    columns = [
        C(_("Title"), "title", sort="title_zh"),
        C(_("Code"), "code", sort="code"),
        C(_("Institution"), "unit", sort="unit__code"),
        C(_("Field"), "field", sort="field"),
        C(_("Amount (10k CNY)"), "amount", sort="amount"),
        C(_("Starts"), "start", sort="start"),
        C(_("Status"), "status", sort="status"),
    ]


# Sections of a project's page kept by apps above the portfolio (calls: the application it was
# awarded on). Each function takes the project and returns `Related` sections.
PROJECT_RELATED: Hook[Callable[[m.Project], list[Related]]] = Hook("portfolio.project_related")


class ProjectDetail(RecordDetailView):
    model = m.Project
    public = True
    lookup_field = "code"
    select_related = ("unit", "organisation", "call")
    fields = [
        C(_("Code"), "code"),
        C(_("Chinese"), "title_zh"),
        C(_("English"), "title_en"),
        C(_("Institution"), "unit"),
        C(_("Organisation"), "organisation"),
        C(_("Call"), "call"),
        C(_("Field"), "field"),
        C(_("Partner countries"), lambda p: [c.name for c in p.countries.all()]),
        C(_("Amount (10k CNY)"), "amount"),
        C(_("Starts"), "start"),
        C(_("Ends"), "end"),
        C(_("Status"), "status"),
    ]

    def related(self, obj):
        return [section for sections in PROJECT_RELATED for section in sections(obj)]


class BaseList(RecordListView):
    model = m.Base
    public = True
    filterset_class = filters.BaseFilter
    select_related = ("unit",)
    default_ordering = "-code"
    export_kind = "base"
    title = _("Bases")
    columns = [
        C(_("Name"), "name", sort="name_zh"),
        C(_("Code"), "code", sort="code"),
        C(_("Kind"), "kind", sort="kind"),
        C(_("Field"), "field", sort="field"),
        C(_("Valid from"), "valid_from", sort="valid_from"),
        C(_("Valid to"), "valid_to", sort="valid_to"),
        C(_("Status"), "status", sort="status"),
    ]


class BaseDetail(RecordDetailView):
    model = m.Base
    public = True
    lookup_field = "code"
    select_related = ("unit", "organisation", "call")
    fields = [
        C(_("Code"), "code"),
        C(_("Chinese"), "name_zh"),
        C(_("English"), "name_en"),
        C(_("Kind"), "kind"),
        C(_("Institution"), "unit"),
        C(_("Organisation"), "organisation"),
        C(_("Call"), "call"),
        C(_("Field"), "field"),
        C(_("Valid from"), "valid_from"),
        C(_("Valid to"), "valid_to"),
        C(_("Status"), "status"),
    ]
