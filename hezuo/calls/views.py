"""Pages for calls and applications. Thin: each view finds the record among those the user can
see (404 otherwise, the same as a missing one), hands the input to `services`, and shows the
outcome. Buttons and their forms come from the workflow table (`workflow.APPLICATION`): only
the actions it allows this user now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hezuo.core.forms import action_form
from hezuo.core.views import Column, RecordListView, Related, _add_errors
from hezuo.portfolio.reference import PriorityField

from . import filters, forms, services
from . import models as m
from .access import reach_for
from .rules import FORMAL_RULES, evaluate_all
from .workflow import APPLICATION

C = Column
S = m.ApplicationState


def kept_rows(formset) -> list[dict]:
    """The rows of a valid formset that the person filled in and did not mark for deletion."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _call(request, code: str) -> m.Call:
    return get_object_or_404(m.Call.objects.visible_to(request.user), code=code)


def _application(request, pk: int) -> m.Application:
    return get_object_or_404(
        m.Application.objects.visible_to(request.user).select_related(
            "call__programme", "applicant_unit", "recommending_unit", "organisation"
        ),
        pk=pk,
    )


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- calls ----------------------------------------------------------------------------------------


class CallList(RecordListView):
    model = m.Call
    public = True
    filterset_class = filters.CallFilter
    select_related = ("programme",)
    default_ordering = "-opens_at"
    create_url_name = "calls:call_create"  # shown to those `services` lets open a call
    title = gettext_lazy("Calls")
    columns = [
        C(gettext_lazy("Title"), "title", sort="title_zh"),
        C(gettext_lazy("Code"), "code", sort="code"),
        C(gettext_lazy("Kind"), lambda c: c.get_base_kind_display() or c.get_kind_display()),
        C(gettext_lazy("Phase"), lambda c: c.get_phase_display()),
        C(gettext_lazy("Opens"), "opens_at", sort="opens_at"),
        C(gettext_lazy("Closes"), "closes_at", sort="closes_at"),
    ]


def call_detail(request, code: str):
    call = _call(request, code)
    user = request.user
    reach = reach_for(user)
    context: dict[str, Any] = {
        "call": call,
        "title": call.title,
        "criteria": call.criteria.all(),
        "rubric": call.rubric.all(),
        "quotas": call.quotas.select_related("unit"),
        "offices": call.approving_offices.all(),
        "can_edit": call.can_edit(user),
        "can_configure": call.can_configure(user),
        "can_apply": call.can_apply(user),
        "is_office": reach.is_office,
        "is_recommender": bool(reach.recommender_units),
        "template_form": forms.TemplateForm() if call.can_configure(user) else None,
        "criterion_form": forms.CriterionForm() if call.can_configure(user) else None,
    }
    if call.status == m.CallStatus.DRAFT and reach.is_office:
        context["announcement_problems"] = services.announcement_problems(call)
    if user.is_authenticated:
        visible = m.Application.objects.visible_to(user).filter(call=call)
        context["my_count"] = visible.count()
        if reach.recommender_units:
            context["quota_use"] = [
                (q, services.recommended_count(call, q.unit_id))
                for q in call.quotas.select_related("unit")
                if q.unit_id in reach.recommender_units
            ]
    return render(request, "calls/call_detail.html", context)


@login_required
def call_edit(request, code: str | None = None):
    call = _call(request, code) if code else None
    if call is not None and not call.can_edit(request.user):
        raise Http404
    if call is None and not reach_for(request.user).is_office:
        raise Http404
    form = forms.CallForm(request.POST or None, instance=call or m.Call(), user=request.user)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.split_data()
        offices = list(form.cleaned_data["approving_offices"])
        try:
            if call is None:
                call = services.create_call(
                    request.user, data, offices, form.cleaned_data.get("template") or None
                )
            else:
                call = services.update_call(request.user, call, data, offices)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "core/record_form.html",
        {
            "form": form,
            "object": call,
            "title": str(call) if call else _("New call"),
            "kind": m.Call._meta.verbose_name,
        },
    )


def _call_action(request, code: str, action: Callable[[m.Call], Any], done: str):
    call = _call(request, code)
    try:
        action(call)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect(call.get_absolute_url())


@login_required
@require_POST
def call_announce(request, code: str):
    return _call_action(
        request, code, lambda c: services.announce_call(request.user, c), _("Announced.")
    )


@login_required
@require_POST
def call_template(request, code: str):
    form = forms.TemplateForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _call_action(
        request,
        code,
        lambda c: services.apply_template(request.user, c, form.cleaned_data["template"]),
        _("The criteria were replaced."),
    )


@login_required
@require_POST
def criterion_add(request, code: str):
    form = forms.CriterionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect(_call(request, code).get_absolute_url())
    return _call_action(
        request,
        code,
        lambda c: services.add_criterion(request.user, c, dict(form.cleaned_data)),
        _("Saved."),
    )


@login_required
@require_POST
def criterion_delete(request, code: str, pk: int):
    call = _call(request, code)
    criterion = get_object_or_404(call.criteria, pk=pk)
    return _call_action(
        request, code, lambda c: services.remove_criterion(request.user, criterion), _("Deleted.")
    )


@login_required
@require_POST
def call_start_review(request, code: str):
    return _call_action(
        request,
        code,
        lambda c: services.start_review_all(request.user, c),
        _("Accepted applications were sent to review."),
    )


@login_required
@require_POST
def call_publish(request, code: str):
    return _call_action(
        request,
        code,
        lambda c: services.publish_results(request.user, c),
        _("The final decisions were published."),
    )


@login_required
def call_rubric(request, code: str):
    call = _call(request, code)
    if not call.can_configure(request.user):
        raise Http404
    initial = [
        {"name_zh": r.name_zh, "name_en": r.name_en, "weight": r.weight} for r in call.rubric.all()
    ]
    formset = forms.RubricFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = kept_rows(formset)
        try:
            services.set_rubric(request.user, call, rows)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect(call.get_absolute_url())
    return render(
        request, "calls/rubric_form.html", {"call": call, "formset": formset, "title": call.title}
    )


@login_required
def call_quotas(request, code: str):
    call = _call(request, code)
    if not reach_for(request.user).is_office:
        raise Http404
    form = forms.QuotaForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            for unit, limit in form.limits():
                services.set_quota(request.user, call, unit, limit)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "core/record_form.html",
        {"form": form, "object": call, "title": _("Quotas"), "kind": call.title},
    )


@login_required
@require_POST
def call_apply(request, code: str):
    call = _call(request, code)
    try:
        app = services.create_application(request.user, call, {})
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
        return redirect(call.get_absolute_url())
    return redirect("calls:application_edit", app.pk)


@login_required
def call_ranking(request, code: str):
    """A recommending unit's applications to a call: rank them, recommend or return each."""
    call = _call(request, code)
    reach = reach_for(request.user)
    if not reach.recommender_units:
        raise Http404
    apps = (
        m.Application.objects.visible_to(request.user)
        .filter(call=call, state__in=(S.SUBMITTED, S.RECOMMENDED, S.RETURNED))
        .select_related("applicant_unit", "recommending_unit")
        .order_by("recommending_unit__code", "unit_rank", "submitted_at")
    )
    if request.method == "POST":
        order = [int(pk) for pk in request.POST.getlist("order") if pk.isdigit()]
        ranked = [a for pk in order for a in apps if a.pk == pk]
        try:
            services.rank(request.user, call, ranked)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Ranking saved."))
        return redirect("calls:call_ranking", call.code)
    quota_use = [
        (q, services.recommended_count(call, q.unit_id))
        for q in call.quotas.select_related("unit")
        if q.unit_id in reach.recommender_units
    ]
    return render(
        request,
        "calls/ranking.html",
        {
            "call": call,
            "title": call.title,
            "apps": [
                (
                    a,
                    APPLICATION.can(a, "recommend", request.user),
                    APPLICATION.can(a, "return", request.user),
                )
                for a in apps
            ],
            "quota_use": quota_use,
        },
    )


def _counts(qs, field: str):
    return list(qs.values(field).annotate(n=Count("pk", distinct=True)).order_by("-n", field))


@login_required
def call_monitor(request, code: str):
    """Counts of the applications the user can see, by state, recommending unit, field and partner
    country; each count links to the list, filtered."""
    call = _call(request, code)
    qs = m.Application.objects.visible_to(request.user).filter(call=call)
    states = dict(m.ApplicationState.choices)
    by_state = [(s, states[s], n) for s, n in qs.values_list("state").annotate(n=Count("pk"))]
    by_state.sort(key=lambda r: list(states).index(r[0]))
    by_unit = list(
        qs.values(
            "recommending_unit__code", "recommending_unit__name_zh", "recommending_unit__name_en"
        )
        .annotate(n=Count("pk"), recommended=Count("pk", filter=Q(recommended_at__isnull=False)))
        .order_by("recommending_unit__code")
    )
    quotas = {q.unit.code: q.limit for q in call.quotas.select_related("unit")}
    for row in by_unit:
        row["quota"] = quotas.get(row["recommending_unit__code"])
    fields = dict(PriorityField.choices)
    by_field = [
        (r["field"], fields.get(r["field"], r["field"]), r["n"]) for r in _counts(qs, "field")
    ]
    by_country = list(
        m.Partner.objects.filter(application__in=qs)
        .values("country__iso2", "country__name_zh", "country__name_en")
        .annotate(n=Count("application", distinct=True))
        .order_by("-n", "country__iso2")
    )
    return render(
        request,
        "calls/monitor.html",
        {
            "call": call,
            "title": call.title,
            "total": qs.count(),
            "by_state": by_state,
            "by_unit": by_unit,
            "by_field": by_field,
            "by_country": by_country,
            "list_url": reverse("calls:application_list") + f"?call={call.code}",
        },
    )


# --- applications ---------------------------------------------------------------------------------


class ApplicationList(RecordListView):
    model = m.Application
    filterset_class = filters.ApplicationFilter
    select_related = ("call", "applicant_unit", "recommending_unit")
    default_ordering = "-created"
    export_kind = "application"
    title = gettext_lazy("Applications")
    columns = [
        C(gettext_lazy("Title"), "title", sort="title_zh"),
        C(gettext_lazy("Number"), "number", sort="number"),
        C(gettext_lazy("Call"), "call.code", sort="call__code"),
        C(gettext_lazy("Applicant"), "applicant_unit", sort="applicant_unit__code"),
        C(gettext_lazy("Recommending unit"), "recommending_unit", sort="recommending_unit__code"),
        C(gettext_lazy("Field"), "field", sort="field"),
        C(gettext_lazy("State"), "state", sort="state"),
        C(gettext_lazy("Rank"), "unit_rank", sort="unit_rank"),
        C(gettext_lazy("Score"), "score", sort="score"),
    ]


def application_detail(request, pk: int, *, bound: dict | None = None, status: int = 200):
    """The application page. `bound` holds a refused form (by action name, or "attachment"),
    drawn again with its errors next to its fields."""
    bound = bound or {}
    app = _application(request, pk)
    user = request.user
    if not user.is_authenticated:
        raise Http404
    app = (
        m.Application.objects.filter(pk=app.pk)
        .select_related("call__programme", "applicant_unit", "recommending_unit", "organisation")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=m.Partner.objects.select_related("country", "organisation", "agreement"),
            ),
            "budget_lines",
            "attachments",
            Prefetch(
                "answers",
                queryset=m.EligibilityAnswer.objects.select_related("criterion", "evidence"),
            ),
            Prefetch("events", queryset=m.ApplicationEvent.objects.select_related("actor")),
        )
        .get()
    )
    actions = [
        (
            action,
            bound.get(action.name) or action_form(action)(prefix=action.name)
            if action.inputs
            else None,
        )
        for action in APPLICATION.available(app, user)
        if action.offered
    ]
    can_edit = APPLICATION.can(app, "edit", user)
    is_office = reach_for(user).is_office
    decision = getattr(app, "decision", None)
    context = {
        "app": app,
        "object": app,
        "title": app.title or _("Untitled application"),
        "call": app.call,
        "actions": actions,
        "can_edit": can_edit,
        "can_delete": APPLICATION.can(app, "delete", user),
        "totals": app.budget_totals(),
        "criteria": app.call.criteria.all(),
        "answers": {a.criterion_id: a for a in app.answers.all()},
        "is_office": is_office,
        "decision": decision,
        "signatures": decision.signatures.select_related("office", "signer") if decision else [],
        "offices": app.call.approving_offices.all(),
        "check_form": forms.CheckForm(application=app)
        if APPLICATION.can(app, "check", user)
        else None,
        "check_items": app.check_items.select_related("criterion", "confirmed_by")
        if is_office
        else [],
        # each line by its name (a criterion's text, a fixed rule's label), never its code
        "preview": [
            (criterion.text if criterion else FORMAL_RULES[code].label, finding)
            for code, criterion, finding in evaluate_all(app)
        ]
        if can_edit
        else None,
        "problems": services.submission_problems(app) if can_edit else None,
        "attachment_form": bound.get("attachment") or forms.AttachmentForm() if can_edit else None,
        "project": getattr(app, "project", None) if app.state == S.PUBLISHED else None,
        "base": getattr(app, "base", None) if app.state == S.PUBLISHED else None,
    }
    return render(request, "calls/application_detail.html", context, status=status)


def _refused(form, exc: ValidationError, field: str) -> None:
    """Put a service's refusal on the form: on its own fields where it names them, else on
    `field`."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {field: exc.messages}
    for name, messages_ in errors.items():
        form.add_error(name if name in form.fields else field, messages_)


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    app = _application(request, pk)
    spec = APPLICATION.actions.get(action)
    if spec is None or not spec.offered:
        raise Http404
    data: dict[str, Any] = {}
    if spec.inputs:
        form = action_form(spec)(request.POST, prefix=action)
        if not form.is_valid():
            return application_detail(request, pk, bound={action: form}, status=422)
        data = form.cleaned_data
    try:
        services.perform(request.user, app, action, data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, spec.done)
    return redirect(app.get_absolute_url())


@login_required
@require_POST
def application_check(request, pk: int):
    app = _application(request, pk)
    form = forms.CheckForm(request.POST, application=app)
    if form.is_valid():
        try:
            services.confirm_check(request.user, app, form.confirmations())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Saved."))
    return redirect(app.get_absolute_url() + "#formal-check")


@login_required
@require_POST
def application_delete(request, pk: int):
    app = _application(request, pk)
    call = app.call
    try:
        services.delete_draft(request.user, app)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
        return redirect(app.get_absolute_url())
    messages.success(request, _("Deleted."))
    return redirect(call.get_absolute_url())


def _editable(request, pk: int) -> m.Application:
    app = _application(request, pk)
    refusal = APPLICATION.refusal(app, "edit", request.user)
    if refusal is not None:
        if refusal.kind == "forbidden":
            raise Http404
        messages.error(request, refusal.message)
        raise _Redirect(app.get_absolute_url())
    return app


class _Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def _redirecting(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Redirect as r:
            return redirect(r.url)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


@_redirecting
def application_edit(request, pk: int):
    app = _editable(request, pk)
    form = forms.ApplicationForm(request.POST or None, instance=app, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.split_data()
        try:
            services.update_application(request.user, app, data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(app.get_absolute_url())
    return render(
        request,
        "core/record_form.html",
        {"form": form, "object": app, "title": str(app), "kind": app.call.title},
    )


@_redirecting
def partner_edit(request, pk: int, partner_pk: int | None = None):
    app = _editable(request, pk)
    partner = get_object_or_404(app.partners, pk=partner_pk) if partner_pk else None
    form = forms.PartnerForm(
        request.POST or None, instance=partner or m.Partner(application=app), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.split_data()
        try:
            if partner is None:
                services.add_partner(request.user, app, data)
            else:
                services.update_partner(request.user, partner, data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(app.get_absolute_url() + "#partners")
    return render(
        request,
        "core/record_form.html",
        {
            "form": form,
            "object": app,
            "title": str(partner) if partner else _("New foreign partner"),
            "kind": str(app),
        },
    )


@_redirecting
@require_POST
def partner_delete(request, pk: int, partner_pk: int):
    app = _editable(request, pk)
    partner = get_object_or_404(app.partners, pk=partner_pk)
    services.remove_partner(request.user, partner)
    messages.success(request, _("Deleted."))
    return redirect(app.get_absolute_url() + "#partners")


@_redirecting
def budget_edit(request, pk: int):
    app = _editable(request, pk)
    initial = [
        {"source": b.source, "item": b.item, "note": b.note, "amount": b.amount}
        for b in app.budget_lines.all()
    ]
    formset = forms.BudgetFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        lines = kept_rows(formset)
        try:
            services.set_budget(request.user, app, lines)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect(app.get_absolute_url() + "#budget")
    return render(
        request,
        "calls/budget_form.html",
        {"app": app, "formset": formset, "title": _("Budget"), "requested": app.requested_amount},
    )


@_redirecting
def eligibility_edit(request, pk: int):
    app = _editable(request, pk)
    form = forms.EligibilityForm(request.POST or None, application=app)
    if request.method == "POST" and form.is_valid():
        try:
            for criterion, declared, statement, evidence in form.answers():
                services.save_answer(request.user, app, criterion, declared, statement, evidence)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(app.get_absolute_url() + "#eligibility")
    return render(
        request,
        "calls/eligibility_form.html",
        {"app": app, "form": form, "title": _("Eligibility")},
    )


@_redirecting
@require_POST
def attachment_upload(request, pk: int):
    app = _editable(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                request.user,
                app,
                form.cleaned_data["file"],
                form.cleaned_data["kind"],
                form.cleaned_data["title"],
            )
        except ValidationError as exc:
            _refused(form, exc, "file")
        else:
            messages.success(request, _("Uploaded."))
            return redirect(app.get_absolute_url() + "#attachments")
    return application_detail(request, pk, bound={"attachment": form}, status=422)


@_redirecting
@require_POST
def attachment_delete(request, pk: int, file_pk: int):
    app = _editable(request, pk)
    attachment = get_object_or_404(app.attachments, pk=file_pk)
    services.remove_attachment(request.user, attachment)
    messages.success(request, _("Deleted."))
    return redirect(app.get_absolute_url() + "#attachments")


@login_required
def attachment_download(request, pk: int, file_pk: int):
    """The only way to a stored file: the application must be visible to the user."""
    app = _application(request, pk)
    attachment = get_object_or_404(app.attachments, pk=file_pk)
    from hezuo.core.uploads import CONTENT_TYPES

    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def application_print(request, pk: int, fmt: str):
    from . import printing

    app = _application(request, pk)
    if fmt == "pdf":
        try:
            content = printing.application_pdf(app)
        except printing.RendererMissing as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        content_type = "application/pdf"
    elif fmt == "docx":
        content = printing.application_docx(app)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    name = (app.number or f"application-{app.pk}") + f".{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def project_application(project) -> list:
    """On a project's page: the application it was awarded on (as far as the reader may see)."""
    return [
        Related(
            gettext_lazy("Application"),
            lambda p, u: m.Application.objects.visible_to(u).filter(project=p),
            [
                C(gettext_lazy("Number"), "number"),
                C(gettext_lazy("State"), "state"),
                C(gettext_lazy("Score"), "score"),
            ],
        )
    ]
