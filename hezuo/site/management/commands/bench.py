"""`hezuo bench KIND ...`: benchmarks reporting ratios against a baseline measured in the same run.

Each kind lives beside the code it measures, as a module exposing `add_arguments(parser)` and
`run(options, stdout)`.
"""

import importlib

from django.core.management.base import BaseCommand

BENCHMARKS = {
    "import": "hezuo.registry.bench",
    "assign": "hezuo.review.bench",
}


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(sorted(BENCHMARKS))

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        for kind, module in BENCHMARKS.items():
            sub_parser = sub.add_parser(kind)
            importlib.import_module(module).add_arguments(sub_parser)

    def handle(self, *args, **options):
        importlib.import_module(BENCHMARKS[options["kind"]]).run(options, self.stdout)
