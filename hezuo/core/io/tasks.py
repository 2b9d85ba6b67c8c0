"""Import jobs: every import — web (inline or in the background) and command line — is a `Job`
run by `execute_job`, so progress, outcome and error report are kept the same way."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from hezuo.core.models import Job, JobStatus

from .imports import ImportFailure, Progress, count_rows, media_path, run_import
from .reports import write_error_report
from .resources import get_resource

logger = logging.getLogger(__name__)

JOB_KIND = "import"


def create_import_job(
    kind: str,
    path: str,
    fmt: str,
    user,
    *,
    filename: str = "",
    dry_run: bool = False,
    language: str | None = None,
) -> Job:
    resource = get_resource(kind)
    total = count_rows(media_path(path), fmt)
    title, title_args = Job.describe(
        gettext_lazy("Import %(what)s: %(file)s"),
        what=resource.title if resource else kind,
        file=filename or path,
    )
    return Job.objects.create(
        kind=JOB_KIND,
        title=title,
        title_args=title_args,
        user=user,
        total=total,
        params={
            "kind": kind,
            "path": path,
            "fmt": fmt,
            "filename": filename,
            "dry_run": dry_run,
            "language": language or translation.get_language() or settings.LANGUAGE_CODE,
        },
    )


def runs_in_background(job: Job) -> bool:
    return job.total > settings.IMPORT_BACKGROUND_THRESHOLD


def start_import_job(job: Job) -> Job:
    """Run small imports now; queue large ones for the worker. Returns the job as it stands."""
    if runs_in_background(job):
        run_import_job.enqueue(job.pk)
    else:
        execute_job(job)
    job.refresh_from_db()
    return job


class JobProgress:
    """Writes progress to the job row, at most every half second (and always at the end)."""

    def __init__(self, job: Job, also: Progress | None = None):
        self.job = job
        self.also = also
        self.last = 0.0
        self.message = ""

    def __call__(self, done: int, total: int, message: str) -> None:
        if self.also is not None:
            self.also(done, total, message)
        now = time.monotonic()
        if message == self.message and now - self.last < 0.5 and done < total:
            return
        self.last, self.message = now, message
        self.job.report(done, total, message)


def execute_job(job: Job, progress: Progress | None = None):
    """Run one import job to its end; the outcome is in `job.result`. Returns the ImportResult
    (None when the import stopped on an unexpected error)."""
    params = job.params
    job.report(0, job.total, gettext_lazy("Reading the file…"))
    result = None
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        try:
            result = run_import(
                params["kind"],
                media_path(params["path"]),
                params["fmt"],
                job.user,
                dry_run=params.get("dry_run", False),
                progress=JobProgress(job, progress),
            )
        except (ImportFailure, PermissionDenied) as exc:
            job.finish(JobStatus.FAILED, str(exc), {"error_count": 1, "errors": []})
            return None
        except Exception:
            logger.exception("import job %s failed", job.pk)
            job.finish(
                JobStatus.FAILED,
                gettext_lazy("The import stopped on an unexpected error; nothing was written."),
                {"error_count": 0, "errors": []},
            )
            return None
        summary = result.summary()
        counts = {k: summary[k] for k in ("total", "created", "updated", "unchanged")}
        if result.ok:
            message = (
                gettext_lazy("Checked %(total)d rows: all valid (dry run, nothing written).")
                if result.dry_run
                else gettext_lazy(
                    "Imported %(total)d rows: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
            )
            # Done: every data row (blank rows, which the first count may include, are not rows).
            job.finish(JobStatus.SUCCEEDED, message, summary, done=result.total, args=counts)
        else:
            summary["report"] = write_error_report(result.errors, prefix=f"{job.pk}-")
            message = gettext_lazy(
                "Nothing was imported: %(count)d problems found. Correct them and upload again."
            )
            job.finish(JobStatus.FAILED, message, summary, args={"count": len(result.errors)})
    job.refresh_from_db()
    return result


@task()
def run_import_job(job_id: int) -> str:
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return job.status
    execute_job(job)
    job.refresh_from_db()
    return job.status
