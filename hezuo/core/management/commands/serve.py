import os
import subprocess
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Serve Hezuo on http://HOST:PORT through gunicorn, with a background worker for long jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("HEZUO_WEB_WORKERS", "2"))
        )
        parser.add_argument("--no-worker", action="store_true", help=_("Do not start the worker."))

    def handle(self, *args, **opts):
        # A production server, not Django's development one: DEBUG stays off unless
        # HEZUO_DEBUG=1, and errors show Hezuo's own pages.
        worker = None
        if not opts["no_worker"]:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "hezuo.cli", "worker", "--interval", "0.5"],
            )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "hezuo.wsgi",
            "--bind",
            f"{opts['host']}:{opts['port']}",
            "--workers",
            str(opts["workers"]),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(_("Serving on http://%(host)s:%(port)s/") % opts)
        server = subprocess.Popen(command)  # noqa: S603 - our own interpreter and gunicorn
        try:
            server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait(timeout=10)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
