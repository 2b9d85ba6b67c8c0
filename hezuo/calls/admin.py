"""The admin is for inspection; every change to an application goes through `services`."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


@admin.register(m.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "code_prefix", "office"]


class CriterionInline(admin.TabularInline):
    model = m.EligibilityCriterion
    extra = 0


class RubricInline(admin.TabularInline):
    model = m.RubricCriterion
    extra = 0


class QuotaInline(admin.TabularInline):
    model = m.Quota
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(m.Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_zh", "kind", "base_kind", "year", "status", "opens_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["code", "title_zh", "title_en"]
    inlines = [CriterionInline, RubricInline, QuotaInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartnerInline(ReadOnlyInline):
    model = m.Partner


class BudgetInline(ReadOnlyInline):
    model = m.BudgetLine


class EventInline(ReadOnlyInline):
    model = m.ApplicationEvent


@admin.register(m.Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title_zh", "call", "applicant_unit", "state", "score", "outcome"]
    list_filter = ["state", "outcome", "call"]
    search_fields = ["number", "title_zh", "title_en"]
    inlines = [PartnerInline, BudgetInline, EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
