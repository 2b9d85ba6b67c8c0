"""Import pages: the import form, templates, jobs with live progress, and error reports.

Views are thin: they check who may do what and hand the work to `tasks`/`imports`. A job, its
progress and its error report are visible to the user who started it and to the office; anyone
else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from hezuo.core.models import Job, JobStatus
from hezuo.core.scoping import scope_for

from .forms import ImportForm
from .imports import save_upload
from .matching import describe_why, local_label
from .reports import report_path
from .resources import Resource, get_resource
from .tasks import create_import_job, runs_in_background, start_import_job


def visible_jobs(user):
    jobs = Job.objects.select_related("user")
    return jobs if scope_for(user).is_office else jobs.filter(user=user)


def _importable(kind: str, user) -> Resource:
    resource = get_resource(kind)
    if resource is None or not resource.importable or not resource.may_import(user):
        raise Http404
    return resource


def _list_url(resource: Resource | None) -> str:
    if resource is None or not resource.list_url_name:
        return ""
    try:
        return reverse(resource.list_url_name)
    except NoReverseMatch:
        return ""


def _matches(job: Job, resource: Resource | None) -> list[dict]:
    """The rows that matched existing records, worded in the reader's language."""
    return [
        {
            **match,
            "record": local_label(match.get("record", "")),
            "reason": describe_why(match.get("why", []), resource),
        }
        for match in (job.result or {}).get("matches", [])
    ]


def _job_context(job: Job) -> dict:
    resource = get_resource(job.params.get("kind", ""))
    return {
        "job": job,
        "resource": resource,
        "list_url": _list_url(resource),
        "matches": _matches(job, resource),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, kind):
    resource = _importable(kind, request.user)
    job = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        path = save_upload(uploaded)
        dry_run = form.cleaned_data["dry_run"]
        job = create_import_job(
            kind,
            path,
            form.kind,
            request.user,
            filename=uploaded.name[-100:],
            dry_run=dry_run,
            language=get_language(),
        )
        background = runs_in_background(job)
        job = start_import_job(job)
        if background or not job.is_finished:
            return redirect("io:job_detail", pk=job.pk)
        if job.status == JobStatus.SUCCEEDED and not dry_run:
            messages.success(request, job.message_text)
            return redirect(_list_url(resource) or reverse("io:job_detail", args=[job.pk]))
        form = ImportForm()
    return render(
        request,
        "io/import.html",
        {
            "resource": resource,
            "columns": resource.import_columns,
            "form": form,
            "title": resource.title,
            **(_job_context(job) if job else {"list_url": _list_url(resource)}),
        },
    )


@login_required
def template_view(request, kind):
    from .exports import template_response

    resource = get_resource(kind)
    if resource is None or not resource.importable:
        raise Http404
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise Http404
    return template_response(resource, fmt)


@login_required
def job_list(request):
    paginator = Paginator(visible_jobs(request.user).order_by("-created", "-pk"), 25)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "io/job_list.html", {"page": page, "jobs": page.object_list})


@login_required
def job_detail(request, pk):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    return render(request, "io/job_detail.html", _job_context(job))


@login_required
def job_progress(request, pk):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    return render(request, "io/_job_progress.html", _job_context(job))


@login_required
def error_report(request, pk):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    path = report_path((job.result or {}).get("report", ""))
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"import-errors-{job.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
