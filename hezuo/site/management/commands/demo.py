import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.calls.demo import build_demo_calls
from hezuo.registry.demo import DEMO_USERS, demo_exists, demo_logins, generate
from hezuo.review import demo as review_demo


class Command(BaseCommand):
    """Builds each app's demo in turn: the registry, the expert pool, then the calls, whose
    applications the experts review as the calls demo takes them along. Each builder keeps what
    is already there, so re-running changes nothing."""

    help = gettext_lazy(
        "Load a seeded, believable demo office (once): the same seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help=gettext_lazy("Random seed."))
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=gettext_lazy(
                "Multiplies the bulk of the registry (organisations, people, institutional "
                "agreements, reserve pool); the figures of the plans hold at every scale."
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("Hide the progress bars.")
        )

    def handle(self, *args, **opts):
        if opts["scale"] <= 0:
            raise CommandError(_("--scale must be greater than 0."))
        if demo_exists():
            self.stdout.write(
                _("Demo data is already loaded (the demo users exist); keeping it as it is.")
            )
            # a database from before calls (or the review stage) existed gets them now
            self.build_calls(opts["seed"])
            self.print_logins(demo_logins())
            return
        started = time.monotonic()
        progress = not opts["no_progress"] and opts["verbosity"] > 0
        result = generate(seed=opts["seed"], scale=opts["scale"], progress=progress)
        result.counts.update(self.build_calls(opts["seed"]))
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo office built in %(seconds).1f s (seed %(seed)s, scale %(scale)s).")
                % {"seconds": elapsed, "seed": result.seed, "scale": result.scale}
            )
        )
        if opts["verbosity"] > 0:
            width = max(len(key) for key in result.counts)
            for key, value in result.counts.items():
                self.stdout.write(f"  {key.ljust(width)}  {value:>7}")
        self.print_logins(result.logins)

    def build_calls(self, seed: int) -> dict[str, int]:
        stage = review_demo.ReviewDemo(seed)
        stage.build_pool()
        counts = {f"calls:{k}": v for k, v in build_demo_calls(seed, review=stage.review).items()}
        stage.settle_dates()
        counts.update({f"review:{k}": v for k, v in review_demo.counts().items()})
        return counts

    def print_logins(self, logins):
        if not logins:
            return
        header = (_("Username"), _("Role"), _("Unit"), _("Password"))
        rows = [header, *logins]
        widths = [max(_display_width(str(row[i])) for row in rows) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(_("Demo logins (%(count)d users):") % {"count": len(DEMO_USERS)})
        for n, row in enumerate(rows):
            cells = [_pad(str(cell), width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))


def _display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))
