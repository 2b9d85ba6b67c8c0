"""`hezuo import KIND FILE [--user USERNAME] [--dry-run]`: import an XLSX or CSV file.

The same checks as the web import (all rows validated, all-or-nothing, error report), with a
progress bar. Exits with status 1 when the file has problems.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from hezuo.core.io.imports import RowError
from hezuo.core.io.resources import all_resources, get_resource
from hezuo.core.io.tasks import create_import_job, execute_job
from hezuo.core.models import JobStatus, User
from hezuo.core.uploads import check_upload

CLI_MAX_BYTES = 2 * 1024**3


def command_user(username: str | None):
    """The named user, or the first superuser when none is named."""
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("Give --user USERNAME (there is no superuser to act as).")
    return user


class Command(BaseCommand):
    help = "Import records of one kind from an XLSX or CSV file (all rows or none)."

    def add_arguments(self, parser):
        kinds = sorted(k for k, r in all_resources().items() if r.importable)
        parser.add_argument("kind", help="one of: " + ", ".join(kinds))
        parser.add_argument("file", help="an .xlsx or .csv file")
        parser.add_argument("--user", help="import as this user (default: the first superuser)")
        parser.add_argument("--dry-run", action="store_true", help="check every row; write nothing")

    def handle(self, *args, **options):
        from tqdm import tqdm

        kind = options["kind"]
        resource = get_resource(kind)
        if resource is None or not resource.importable:
            raise CommandError(f"Unknown or not importable kind {kind!r}.")
        path = Path(options["file"]).resolve()
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                # The command line is for big files: a larger limit than web uploads.
                fmt = check_upload(upload, {"xlsx", "csv"}, max_bytes=CLI_MAX_BYTES)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        user = command_user(options["user"])
        if not resource.may_import(user):
            raise CommandError(f"{user.username} may not import {kind} records.")
        job = create_import_job(
            kind, str(path), fmt, user, filename=path.name, dry_run=options["dry_run"]
        )
        bar = tqdm(total=job.total, unit="rows", desc=kind, disable=options["verbosity"] == 0)

        def progress(done, total, message):
            bar.total = total
            bar.n = done
            bar.set_postfix_str(message, refresh=False)
            bar.refresh()

        try:
            execute_job(job, progress=progress)
        finally:
            bar.close()
        job.refresh_from_db()
        result = job.result or {}
        self.stdout.write(job.message_text)
        if job.status == JobStatus.SUCCEEDED:
            for note in result.get("notes", [])[:20]:
                self.stdout.write(
                    f"  row {note['row']}: “{note['value']}” matched #{note['id']} "
                    f"“{note['matched']}” ({note['score']})"
                )
            return
        for error in result.get("errors", [])[:50]:
            self.stderr.write(f"  {RowError(**error)}")
        if result.get("error_count", 0) > 50:
            self.stderr.write(f"  … {result['error_count'] - 50} more in the error report")
        if result.get("report"):
            from hezuo.core.io.reports import reports_dir

            self.stderr.write(f"Error report: {reports_dir() / result['report']}")
        raise SystemExit(1)
