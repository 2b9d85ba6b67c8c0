from django.urls import path

from . import views as v

app_name = "calls"

urlpatterns = [
    path("", v.CallList.as_view(), name="call_list"),
    path("new/", v.call_edit, name="call_create"),
    path("applications/", v.ApplicationList.as_view(), name="application_list"),
    path("applications/<int:pk>/", v.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", v.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", v.application_delete, name="application_delete"),
    path("applications/<int:pk>/budget/", v.budget_edit, name="budget_edit"),
    path("applications/<int:pk>/eligibility/", v.eligibility_edit, name="eligibility_edit"),
    path("applications/<int:pk>/partners/new/", v.partner_edit, name="partner_create"),
    path("applications/<int:pk>/partners/<int:partner_pk>/", v.partner_edit, name="partner_edit"),
    path(
        "applications/<int:pk>/partners/<int:partner_pk>/delete/",
        v.partner_delete,
        name="partner_delete",
    ),
    path("applications/<int:pk>/files/", v.attachment_upload, name="attachment_upload"),
    path(
        "applications/<int:pk>/files/<int:file_pk>/",
        v.attachment_download,
        name="attachment_download",
    ),
    path(
        "applications/<int:pk>/files/<int:file_pk>/delete/",
        v.attachment_delete,
        name="attachment_delete",
    ),
    path("applications/<int:pk>/check/", v.application_check, name="application_check"),
    path("applications/<int:pk>/print.<str:fmt>", v.application_print, name="application_print"),
    path(
        "applications/<int:pk>/do/<slug:action>/",
        v.application_action,
        name="application_action",
    ),
    path("<slug:code>/", v.call_detail, name="call_detail"),
    path("<slug:code>/edit/", v.call_edit, name="call_edit"),
    path("<slug:code>/announce/", v.call_announce, name="call_announce"),
    path("<slug:code>/template/", v.call_template, name="call_template"),
    path("<slug:code>/criteria/", v.criterion_add, name="criterion_add"),
    path("<slug:code>/criteria/<int:pk>/delete/", v.criterion_delete, name="criterion_delete"),
    path("<slug:code>/rubric/", v.call_rubric, name="call_rubric"),
    path("<slug:code>/quotas/", v.call_quotas, name="call_quotas"),
    path("<slug:code>/apply/", v.call_apply, name="call_apply"),
    path("<slug:code>/ranking/", v.call_ranking, name="call_ranking"),
    path("<slug:code>/monitor/", v.call_monitor, name="call_monitor"),
    path("<slug:code>/start-review/", v.call_start_review, name="call_start_review"),
    path("<slug:code>/publish/", v.call_publish, name="call_publish"),
]
