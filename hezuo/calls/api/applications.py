"""Applications: list, read, edit, partners, budget, attachments, eligibility, formal check."""

# No `from __future__ import annotations`: Ninja reads the handlers' annotations at import time.

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hezuo.core.api import (
    LIST_ERRORS,
    MAX_LIMIT,
    READ_ERRORS,
    Pagination,
    RecordId,
    filter_params,
    filtered_queryset,
    ordering_query,
    partial,
    search_query,
)

from .. import filters, services
from .. import models as m
from .common import (
    ACTION_ERRORS,
    APPLICATIONS,
    AnswerIn,
    AnswerOut,
    ApplicationDetailOut,
    ApplicationIn,
    ApplicationOut,
    AttachmentOut,
    BudgetLineIO,
    CheckIn,
    PartnerIn,
    PartnerOut,
    _app,
    _detail,
    _resolve_partner,
    _run,
)

router = Router(tags=["calls"])
_AppParams = filter_params(filters.ApplicationFilter)


@router.get(
    "/applications/",
    response={200: list[ApplicationOut], **LIST_ERRORS},
    operation_id="list_applications",
    summary="List applications",
)
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_applications(
    request,
    filters: Query[_AppParams],
    q: str = search_query("Search numbers, titles and keywords."),
    ordering: str = ordering_query(APPLICATIONS.ordering),
):
    """The applications the caller may see, filtered like the list page and exports."""
    return filtered_queryset(request, APPLICATIONS, q, ordering)


@router.get(
    "/applications/{int:id}/",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    operation_id="get_application",
    summary="Get an application",
)
def get_application(request, id: RecordId):
    return _detail(request, _app(request, id))


@router.patch(
    "/applications/{int:id}/",
    response={200: ApplicationDetailOut, **ACTION_ERRORS},
    operation_id="update_application",
    summary="Edit a draft (or a returned application)",
)
def update_application(request, id: RecordId, payload: partial(ApplicationIn)):  # type: ignore[valid-type]
    app = _app(request, id)
    data = payload.model_dump(exclude_unset=True)
    result = _run(services.update_application, request.auth_user, app, data)
    return result if isinstance(result, Status) else _detail(request, app)


@router.delete(
    "/applications/{int:id}/",
    response={204: None, **ACTION_ERRORS},
    operation_id="delete_application",
    summary="Delete a draft",
)
def delete_application(request, id: RecordId):
    result = _run(services.delete_draft, request.auth_user, _app(request, id))
    return result if isinstance(result, Status) else Status(204, None)


@router.post(
    "/applications/{int:id}/partners/",
    response={201: PartnerOut, **ACTION_ERRORS},
    operation_id="add_partner",
    summary="Add a foreign partner",
)
def add_partner(request, id: RecordId, payload: PartnerIn):
    app = _app(request, id)
    data = _resolve_partner(request, payload.model_dump())
    result = _run(services.add_partner, request.auth_user, app, data)
    return result if isinstance(result, Status) else Status(201, result)


@router.patch(
    "/applications/{int:id}/partners/{int:partner_id}/",
    response={200: PartnerOut, **ACTION_ERRORS},
    operation_id="update_partner",
    summary="Change a foreign partner",
)
def update_partner(
    request,
    id: RecordId,
    partner_id: RecordId,
    payload: partial(PartnerIn),  # type: ignore[valid-type]
):
    app = _app(request, id)
    partner = get_object_or_404(app.partners, pk=partner_id)
    data = _resolve_partner(request, payload.model_dump(exclude_unset=True))
    return _run(services.update_partner, request.auth_user, partner, data)


@router.delete(
    "/applications/{int:id}/partners/{int:partner_id}/",
    response={204: None, **ACTION_ERRORS},
    operation_id="remove_partner",
    summary="Remove a foreign partner",
)
def remove_partner(request, id: RecordId, partner_id: RecordId):
    partner = get_object_or_404(_app(request, id).partners, pk=partner_id)
    result = _run(services.remove_partner, request.auth_user, partner)
    return result if isinstance(result, Status) else Status(204, None)


@router.put(
    "/applications/{int:id}/budget/",
    response={200: list[BudgetLineIO], **ACTION_ERRORS},
    operation_id="set_budget",
    summary="Replace the budget",
)
def set_budget(request, id: RecordId, payload: list[BudgetLineIO]):
    lines = [line.model_dump() for line in payload]
    return _run(services.set_budget, request.auth_user, _app(request, id), lines)


@router.post(
    "/applications/{int:id}/attachments/",
    response={201: AttachmentOut, **ACTION_ERRORS},
    operation_id="add_attachment",
    summary="Upload an attachment (PDF, DOCX, XLSX)",
)
def add_attachment(
    request,
    id: RecordId,
    file: File[UploadedFile],
    kind: Form[m.AttachmentKind],
    title: Form[str] = "",
):
    """The type is read from the content; the name is only kept for display."""
    app = _app(request, id)
    result = _run(services.add_attachment, request.auth_user, app, file, kind, title)
    return result if isinstance(result, Status) else Status(201, result)


@router.get(
    "/applications/{int:id}/attachments/{int:attachment_id}/",
    response={200: None, **READ_ERRORS},
    operation_id="download_attachment",
    summary="Download an attachment",
)
def download_attachment(request, id: RecordId, attachment_id: RecordId):
    from hezuo.core.uploads import CONTENT_TYPES

    attachment = get_object_or_404(_app(request, id).attachments, pk=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/applications/{int:id}/attachments/{int:attachment_id}/",
    response={204: None, **ACTION_ERRORS},
    operation_id="remove_attachment",
    summary="Remove an attachment",
)
def remove_attachment(request, id: RecordId, attachment_id: RecordId):
    attachment = get_object_or_404(_app(request, id).attachments, pk=attachment_id)
    result = _run(services.remove_attachment, request.auth_user, attachment)
    return result if isinstance(result, Status) else Status(204, None)


@router.put(
    "/applications/{int:id}/eligibility/{code}/",
    response={200: AnswerOut, **ACTION_ERRORS},
    operation_id="declare_condition",
    summary="Declare a self-declared eligibility condition",
)
def declare(request, id: RecordId, code: str, payload: AnswerIn):
    app = _app(request, id)
    criterion = get_object_or_404(app.call.criteria, code=code)
    evidence = None
    if payload.evidence is not None:
        evidence = app.attachments.filter(pk=payload.evidence).first()
        if evidence is None:
            raise ValidationError(
                {"evidence": [_("The evidence must be attached to this application.")]}
            )
    return _run(
        services.save_answer,
        request.auth_user,
        app,
        criterion,
        payload.declared,
        payload.statement,
        evidence,
    )


@router.put(
    "/applications/{int:id}/check/",
    response={200: ApplicationDetailOut, **ACTION_ERRORS},
    operation_id="confirm_check",
    summary="Confirm lines of the formal check (office)",
)
def confirm_check(request, id: RecordId, payload: Body[dict[str, CheckIn]]):
    app = _app(request, id)
    confirmations = {code: (c.passes, c.note) for code, c in payload.items()}
    result = _run(services.confirm_check, request.auth_user, app, confirmations)
    return result if isinstance(result, Status) else _detail(request, app)
