"""Pages of the expert review. Thin: each view finds the record among those the user can see (404
otherwise, the same as a missing one), hands the input to `services`, and shows the outcome.

The office works from a call's review page (plan, runs, pins, invitations, ranking, exports) and
a run's page (the proposal to check before the invitations go out). An expert works from "My
reviews" and each invitation's page (accept, decline or declare a conflict, then the review form).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hezuo.calls.models import Application, ApplicationState, Call
from hezuo.core.scoping import scope_for
from hezuo.core.views import Column, RecordDetailView, RecordListView, Related, _add_errors

from . import aggregation, exports, filters, forms, services
from . import models as m
from .conflicts import conflicts
from .workflow import INVITATION

C = Column


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _office_call(request, code: str) -> Call:
    """A call, for the office only (everyone else: 404)."""
    if not services.is_office(request.user):
        raise Http404
    return get_object_or_404(Call.objects.visible_to(request.user), code=code)


def _office_app(request, pk: int) -> Application:
    if not services.is_office(request.user):
        raise Http404
    return get_object_or_404(Application.objects.visible_to(request.user), pk=pk)


def _act(request, action: Callable[[], Any], done: str, back: str):
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect(back)


# --- the expert pool ------------------------------------------------------------------------------


class ExpertList(RecordListView):
    model = m.ExpertProfile
    filterset_class = filters.ExpertFilter
    select_related = ("person__nationality", "organisation__country", "country")
    default_ordering = "person__name_en"
    export_kind = "expert"
    import_kind = "expert"
    create_url_name = "review:expert_create"
    title = gettext_lazy("Expert pool")
    columns = [
        C(gettext_lazy("Name"), "person.name", sort="person__name_zh"),
        C(gettext_lazy("Organisation"), "organisation", sort="organisation__name_en"),
        C(gettext_lazy("Country"), "work_country"),
        C(gettext_lazy("Domestic or foreign"), lambda e: e.get_is_foreign_display()),
        C(gettext_lazy("Disciplines"), "disciplines"),
        C(gettext_lazy("Most at once"), "max_load", sort="max_load"),
        C(gettext_lazy("Available"), lambda e: e.is_available()),
    ]


class ExpertDetail(RecordDetailView):
    model = m.ExpertProfile
    select_related = ("person__nationality", "organisation__country", "country")
    edit_url_name = "review:expert_edit"
    list_url_name = "review:expert_list"
    template_name = "review/expert_detail.html"
    fields = [
        C(gettext_lazy("Person"), "person"),
        C(gettext_lazy("Organisation"), "organisation"),
        C(gettext_lazy("Country"), "work_country"),
        C(gettext_lazy("Domestic or foreign"), lambda e: e.get_is_foreign_display()),
        C(gettext_lazy("Disciplines"), "disciplines"),
        C(gettext_lazy("Keywords (Chinese)"), "keywords_zh"),
        C(gettext_lazy("Keywords (English)"), "keywords_en"),
        C(gettext_lazy("Research interests"), "expertise"),
        C(gettext_lazy("Most applications at once"), "max_load"),
        C(gettext_lazy("Available"), lambda e: e.is_available()),
        C(gettext_lazy("Unavailable until"), "unavailable_until"),
        C(gettext_lazy("User account"), lambda e: bool(e.person.user_id)),
    ]

    def related(self, obj):
        return [
            Related(
                _("Invitations"),
                lambda o, u: (
                    m.Invitation.objects.visible_to(u)
                    .filter(expert=o)
                    .select_related("application")
                ),
                [
                    C(_("Application"), "application"),
                    C(_("State"), "state"),
                    C(_("Invited"), "invited_at"),
                    C(_("Review due"), "due"),
                ],
            ),
            Related(
                _("Declared conflicts"),
                lambda o, u: (
                    m.Conflict.objects.visible_to(u).filter(expert=o).select_related("application")
                ),
                [C(_("Application"), "application"), C(_("Reason"), "reason")],
            ),
        ]

    def extra_context(self, obj):
        return {"is_own": scope_for(self.request.user).person_id == obj.person_id}


@login_required
def expert_edit(request, key: int | None = None):
    """The office adds an expert to the pool or changes any field of a profile."""
    if not services.is_office(request.user):
        raise Http404
    profile = (
        get_object_or_404(m.ExpertProfile.objects.visible_to(request.user), pk=key) if key else None
    )
    form = forms.ExpertForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.split_data()
        try:
            if profile is None:
                person = data.pop("person")
                profile = services.create_profile(request.user, person, data)
            else:
                profile = services.update_profile(request.user, profile, data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(profile.get_absolute_url())
    return render(
        request,
        "core/record_form.html",
        {
            "form": form,
            "object": profile,
            "title": str(profile) if profile else _("New expert"),
            "kind": m.ExpertProfile._meta.verbose_name,
        },
    )


@login_required
def my_profile(request):
    """An expert keeps their own profile up to date (not their organisation: the office does)."""
    person_id = scope_for(request.user).person_id
    profile = m.ExpertProfile.objects.filter(person_id=person_id).first() if person_id else None
    if profile is None:
        raise Http404
    form = forms.OwnProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.split_data()
        try:
            services.update_profile(request.user, profile, data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("review:my_invitations")
    return render(
        request,
        "core/record_form.html",
        {
            "form": form,
            "object": profile,
            "title": _("My expert profile"),
            "kind": m.ExpertProfile._meta.verbose_name,
        },
    )


# --- the office: a call's review ------------------------------------------------------------------


@login_required
def call_review(request, code: str):
    call = _office_call(request, code)
    plan = services.plan_for(call)
    apps = list(
        Application.objects.filter(
            call=call,
            state__in=(
                ApplicationState.IN_REVIEW,
                ApplicationState.REVIEWED,
                ApplicationState.DECIDED,
                ApplicationState.PUBLISHED,
            ),
        )
        .select_related("applicant_unit")
        .order_by("number")
    )
    invitations = defaultdict(list)
    for invitation in services.office_invitations(call):
        invitations[invitation.application_id].append(invitation)
    rules = defaultdict(list)
    for rule in m.PairRule.objects.filter(application__call=call).select_related("expert__person"):
        rules[rule.application_id].append(rule)
    ranking = aggregation.summaries(call, apps, plan)
    by_app = {s.application.pk: s for s in ranking}
    rows = [
        (app, invitations.get(app.pk, []), rules.get(app.pk, []), by_app[app.pk]) for app in apps
    ]
    context = {
        "call": call,
        "title": _("Expert review: %(call)s") % {"call": call.title},
        "plan": plan,
        "plan_form": forms.PlanForm(instance=plan, user=request.user),
        "runs": m.AssignmentRun.objects.filter(call=call)[:10],
        "rows": rows,
        "ranking": [s for s in ranking if s.n],
        "counts": [
            (m.InvitationState(state).label, n)
            for state, n in sorted(services.invitation_counts(call).items())
        ],
        "in_review": sum(1 for a in apps if a.state == ApplicationState.IN_REVIEW),
        "invite_form": forms.InviteForm(auto_id=False),  # one per application row
        "rule_form": forms.PairRuleForm(),
    }
    return render(request, "review/call_review.html", context)


@login_required
@require_POST
def call_plan(request, code: str):
    call = _office_call(request, code)
    plan = services.plan_for(call)
    form = forms.PlanForm(request.POST, instance=plan, user=request.user)
    back = reverse("review:call_review", args=[call.code])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    data, _m2m = form.split_data()
    return _act(
        request,
        lambda: services.configure_review(request.user, call, data),
        _("Saved."),
        back,
    )


@login_required
@require_POST
def run_start(request, code: str):
    call = _office_call(request, code)
    try:
        run = services.start_run(request.user, call)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
        return redirect("review:call_review", call.code)
    return redirect(run.get_absolute_url())


def _run(request, pk: int) -> m.AssignmentRun:
    return get_object_or_404(
        m.AssignmentRun.objects.visible_to(request.user).select_related("call", "job"), pk=pk
    )


@login_required
def run_detail(request, pk: int):
    run = _run(request, pk)
    proposals = defaultdict(list)
    for p in run.proposals.select_related(
        "application", "expert__person", "expert__organisation__country", "expert__country"
    ):
        proposals[p.application].append(p)
    short = set(run.short_applications)
    named = Application.objects.filter(pk__in=short).order_by("number") if short else []
    rows = sorted(proposals.items(), key=lambda item: item[0].number)
    pair_reasons = {}
    if rows and run.state == m.RunState.PROPOSED:
        found = conflicts(
            [a for a, _ in rows],
            services._experts().filter(pk__in={p.expert_id for _, ps in rows for p in ps}),
            services.plan_for(run.call),
        )
        pair_reasons = dict(found.reasons)
    latest = m.AssignmentRun.objects.filter(call=run.call).first()
    context = {
        "run": run,
        "call": run.call,
        "title": str(run),
        "job": run.job,
        "rows": rows,
        "named": named,
        "clashes": pair_reasons,
        "can_send": run.state == m.RunState.PROPOSED and latest == run and not pair_reasons,
        "rule_form": forms.PairRuleForm(),
    }
    return render(request, "review/run_detail.html", context)


@login_required
def run_progress(request, pk: int):
    run = _run(request, pk)
    if run.is_finished and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "review/_run_progress.html", {"run": run, "job": run.job})


@login_required
@require_POST
def run_send(request, pk: int):
    run = _run(request, pk)
    try:
        created = services.send_invitations(request.user, run)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
        return redirect(run.get_absolute_url())
    messages.success(request, _("%(n)d invitations sent.") % {"n": len(created)})
    return redirect("review:call_review", run.call.code)


def _expert(pk) -> m.ExpertProfile:
    return get_object_or_404(m.ExpertProfile, pk=pk)


@login_required
@require_POST
def pair_rule(request, pk: int, expert: int):
    app = _office_app(request, pk)
    form = forms.PairRuleForm(request.POST)
    if not form.is_valid():
        raise Http404
    back = request.POST.get("next") or reverse("review:call_review", args=[app.call.code])
    if not back.startswith("/"):
        back = reverse("review:call_review", args=[app.call.code])
    return _act(
        request,
        lambda: services.set_pair_rule(
            request.user, app, _expert(expert), form.cleaned_data["kind"], form.cleaned_data["note"]
        ),
        _("Saved; run the assignment again to apply it."),
        back,
    )


@login_required
@require_POST
def pair_rule_delete(request, pk: int):
    rule = get_object_or_404(
        m.PairRule.objects.visible_to(request.user).select_related("application__call"), pk=pk
    )
    return _act(
        request,
        lambda: services.remove_pair_rule(request.user, rule),
        _("Removed."),
        reverse("review:call_review", args=[rule.application.call.code]),
    )


@login_required
@require_POST
def invite(request, pk: int):
    app = _office_app(request, pk)
    form = forms.InviteForm(request.POST)
    back = reverse("review:call_review", args=[app.call.code]) + f"#app-{app.pk}"
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    return _act(
        request,
        lambda: services.invite(request.user, app, form.cleaned_data["expert"]),
        _("Invited."),
        back,
    )


@login_required
@require_POST
def office_conflict(request, pk: int):
    app = _office_app(request, pk)
    form = forms.InviteForm(request.POST)
    reason = forms.ReasonForm(request.POST)
    back = reverse("review:call_review", args=[app.call.code]) + f"#app-{app.pk}"
    if not (form.is_valid() and reason.is_valid()):
        messages.error(request, _("Choose the expert and say what the conflict is."))
        return redirect(back)
    return _act(
        request,
        lambda: services.office_conflict(
            request.user, app, form.cleaned_data["expert"], reason.cleaned_data["reason"]
        ),
        _("The conflict is recorded."),
        back,
    )


@login_required
@require_POST
def adopt(request, code: str):
    call = _office_call(request, code)
    try:
        result = services.adopt_scores(request.user, call)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _error(request, exc)
    else:
        if result.adopted:
            messages.success(
                request,
                _("Review scores adopted for %(n)d applications.") % {"n": len(result.adopted)},
            )
        for _app, why in result.skipped:
            messages.warning(request, why)
        if not result.adopted and not result.skipped:
            messages.info(request, _("No application is waiting for its score."))
    return redirect("review:call_review", call.code)


@login_required
@require_POST
def adopt_one(request, pk: int):
    app = _office_app(request, pk)
    return _act(
        request,
        lambda: services.adopt_score(request.user, app),
        _("The review score was adopted."),
        app.get_absolute_url(),
    )


@login_required
def call_summary(request, code: str, fmt: str):
    call = _office_call(request, code)
    if fmt == "xlsx":
        content, content_type = exports.summary_xlsx(call), exports.XLSX_TYPE
    elif fmt == "docx":
        content, content_type = exports.summary_docx(call), exports.DOCX_TYPE
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="review-{call.code}.{fmt}"'
    return response


# --- invitations and reviews ----------------------------------------------------------------------


@login_required
def my_invitations(request):
    person_id = scope_for(request.user).person_id
    profile = m.ExpertProfile.objects.filter(person_id=person_id).first() if person_id else None
    invitations = list(
        services.my_invitations(request.user).prefetch_related(Prefetch("application__call"))
    )
    return render(
        request,
        "review/my_invitations.html",
        {
            "title": _("My reviews"),
            "profile": profile,
            "invitations": [
                (
                    i,
                    INVITATION.can(i, "accept", request.user),
                    INVITATION.can(i, "decline", request.user),
                )
                for i in invitations
            ],
        },
    )


def _invitation(request, pk: int) -> m.Invitation:
    return get_object_or_404(
        m.Invitation.objects.visible_to(request.user).select_related(
            "application__call", "expert__person", "expert__organisation", "run"
        ),
        pk=pk,
    )


@login_required
def invitation_detail(request, pk: int):
    invitation = _invitation(request, pk)
    user = request.user
    call = invitation.application.call
    review = getattr(invitation, "review", None)
    rubric = list(call.rubric.all())
    can_review = INVITATION.can(invitation, "review", user)
    form = None
    if can_review:
        form = forms.ReviewForm(rubric=rubric, scale=call.rubric_scale, review=review)
    is_expert = invitation.is_expert(user)
    context = {
        "invitation": invitation,
        "app": invitation.application,
        "call": call,
        "title": invitation.application.title,
        "review": review,
        "scores": review.scores.select_related("criterion") if review else [],
        "form": form,
        "is_expert": is_expert,
        "is_office": services.is_office(user),
        "can_accept": INVITATION.can(invitation, "accept", user),
        "can_decline": INVITATION.can(invitation, "decline", user),
        "can_cancel": INVITATION.can(invitation, "cancel", user),
        "can_replace": INVITATION.can(invitation, "replace", user),
        "reason_form": forms.ReasonForm(),
        "refusal": INVITATION.refusal(invitation, "review", user) if is_expert else None,
        "peers": services.peer_reviews(user, invitation),
        "rubric_scale": call.rubric_scale,
    }
    return render(request, "review/invitation_detail.html", context)


@login_required
@require_POST
def invitation_review(request, pk: int):
    invitation = _invitation(request, pk)
    call = invitation.application.call
    form = forms.ReviewForm(request.POST, rubric=call.rubric.all(), scale=call.rubric_scale)
    back = invitation.get_absolute_url()
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    submit = "submit" in request.POST
    return _act(
        request,
        lambda: services.save_review(
            request.user, invitation, form.scores(), form.data_fields(), submit=submit
        ),
        _("Your review was submitted. Thank you.") if submit else _("Draft saved."),
        back,
    )


@login_required
@require_POST
def invitation_action(request, pk: int, action: str):
    invitation = _invitation(request, pk)
    user = request.user
    spec = INVITATION.actions.get(action)
    if spec is None or not spec.offered:
        raise Http404
    data = {"reason": request.POST.get("reason", "")}

    def run():
        return services.perform(user, invitation, action, data)

    done = spec.done
    back = invitation.get_absolute_url()
    if action in ("decline", "conflict"):
        back = reverse("review:my_invitations")
    return _act(request, run, done, back)
