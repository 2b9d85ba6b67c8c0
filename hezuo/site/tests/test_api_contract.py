"""The API answers as its OpenAPI says, for every role (issue 8, finding 13).

Schemathesis reads `/api/v1/openapi.json` from the application itself and runs every operation
with each role's token and all of its checks (`--checks all`): no server error; status codes,
content types, bodies and headers as documented; invalid input refused; valid input accepted.
It runs in-process, inside the test's transaction, on a small world seeded below whose records
the path parameters name, so each operation reaches real records, not only 404s. Few examples
per operation and a fixed seed keep it short and reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import (
    DEFAULT_DB_ALIAS,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.test.client import Client, ClientHandler
from schemathesis.engine import events
from schemathesis.transport.wsgi import WSGITransport

from hezuo.calls import services as calls
from hezuo.calls.models import ApplicationState as S
from hezuo.calls.models import AttachmentKind, CriterionMode
from hezuo.calls.tests.factories import advance, complete_application, make_call, pdf_upload
from hezuo.core.models import ApiToken
from hezuo.portfolio.tests.factories import make_base, make_project
from hezuo.registry.tests.factories import (
    make_agreement,
    make_candidacy,
    make_mechanism,
    make_organisation,
    make_person,
    make_post,
    make_scoped_world,
)
from hezuo.review import services as review
from hezuo.review.tests.factories import TOPICS, in_review, make_expert, org

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("api-contract")]

SCHEMA = "/api/v1/openapi.json"
# The roles, and whether each run is deep. The deep one adds the coverage phase: every
# operation with each parameter and field at its bounds, just past them, of the wrong type or
# missing (about 5,000 requests). How bad input is refused does not depend on who sends it, and
# the office admin is the one role that gets past the permission checks of nearly every
# operation, so one deep run reaches that code. Every role then sends generated requests to
# every operation (about 300 per role), each naming the seeded records, so the answers of each
# scope (200, 403, 404, 409) are checked against the document too.
ROLES = {
    "office_admin": True,
    "office_staff": False,
    "recommender": False,
    "applicant": False,
    "reviewer": False,
    "viewer": False,
    "anonymous": False,
}


# --- the world the operations reach ---------------------------------------------------------------


def seed(users, units, countries) -> dict[str, Any]:
    """One record for each path parameter to name, in the state its operations act on; records
    that operations delete are spares, so the others still find theirs."""
    world = make_scoped_world(units, countries)
    de = countries["DE"]
    spare_person = make_person(units["inst-a1"], name_zh="备用", name_en="Spare Person")
    open_call = make_call(units, "open", quotas={"prov-a": 5, "prov-b": 5}, code="2026-open")
    draft_call = make_call(units, "draft", code="2026-draft")
    applicant = users["applicant"]

    draft = complete_application(applicant, open_call, units["inst-a1"])
    spare_draft = complete_application(applicant, open_call, units["inst-a1"])
    spare_partner = calls.add_partner(applicant, draft, {"name": "Spare partner", "country": de})
    spare_attachment = calls.add_attachment(
        applicant, draft, pdf_upload("spare.pdf"), AttachmentKind.OTHER
    )
    apps = {
        state: advance(complete_application(applicant, open_call, units["inst-a1"]), state, users)
        for state in (S.SUBMITTED, S.RECOMMENDED, S.ACCEPTED, S.REVIEWED)
    }
    apps[S.DECIDED] = advance(
        complete_application(users["applicant_b1"], open_call, units["inst-b1"]), S.DECIDED, users
    )
    h2 = in_review(users, open_call, units["inst-a1"], **TOPICS["h2"])
    ocean = in_review(users, open_call, units["inst-b1"], **TOPICS["ocean"])
    office = users["office_staff"]
    review.configure_review(office, open_call, {"reviewers_per_application": 1, "time_limit": 5})
    li = make_expert("Li Qing", org("Tsinghua University"), user=users["reviewer"])
    anna = make_expert("Anna Becker", org("Technical University of Munich", "DE"))
    invitation = review.invite(office, h2, li)
    review.accept_invitation(users["reviewer"], invitation)
    review.invite(office, ocean, anna)
    run = review.start_run(office, open_call)
    review.set_pair_rule(office, h2, anna, "forbid", "")

    self_declared = open_call.criteria.filter(mode=CriterionMode.SELF_DECLARED).first()
    assert self_declared is not None, "the call's template has a self-declared criterion"
    return {
        "path.iso2": "DE",
        "path.partner_id": draft.partners.exclude(pk=spare_partner.pk).first().pk,
        "path.attachment_id": draft.attachments.exclude(pk=spare_attachment.pk).first().pk,
        "path.unit": "prov-a",
        "path.criterion": draft_call.criteria.first().code,
        # by operation: what its path names
        "get_organisation": world["org"].pk,
        "update_organisation": world["org"].pk,
        "delete_organisation": make_organisation("Spare University", "备用大学").pk,
        "person": world["person:inst-a1"].pk,
        "delete_person": spare_person.pk,
        "agreement": world["agreement:inst-a1"].pk,
        "delete_agreement": make_agreement(units["inst-a1"], "SPARE-1", countries=[de]).pk,
        "mechanism": world["mechanism"].pk,
        "delete_mechanism": make_mechanism("Spare committee", countries=[de]).pk,
        "post": world["post:inst-a1"].pk,
        "delete_post": make_post(units["inst-a1"], spare_person, world["igo"]).pk,
        "candidacy": world["candidacy:inst-a1"].pk,
        "delete_candidacy": make_candidacy(units["inst-a1"], spare_person, world["igo"]).pk,
        "draft": draft.pk,
        "delete_application": spare_draft.pk,
        "remove_partner": spare_partner.pk,
        "remove_attachment": spare_attachment.pk,
        "submitted": apps[S.SUBMITTED].pk,
        "recommended": apps[S.RECOMMENDED].pk,
        "accepted": apps[S.ACCEPTED].pk,
        "in_review": h2.pk,
        "reviewed": apps[S.REVIEWED].pk,
        "decided": apps[S.DECIDED].pk,
        "open_call": open_call.code,
        "draft_call": draft_call.code,
        "eligibility": self_declared.code,
        "project": make_project(units["inst-a1"], "GJHZ2026-0001").code,
        "base": make_base("JD2026-0001", units["inst-a1"]).code,
        "expert": li.pk,
        "other_expert": anna.pk,
        "invitation": invitation.pk,
        "run": run.pk,
    }


# Which record each operation's path names (a key of `seed`'s answer), beyond the shared ones.
PATHS = {
    "id": {
        "get_organisation": "get_organisation",
        "update_organisation": "update_organisation",
        "delete_organisation": "delete_organisation",
        **{f"{verb}_person": "person" for verb in ("get", "update")},
        "delete_person": "delete_person",
        **{f"{verb}_agreement": "agreement" for verb in ("get", "update")},
        "delete_agreement": "delete_agreement",
        **{f"{verb}_mechanism": "mechanism" for verb in ("get", "update")},
        "delete_mechanism": "delete_mechanism",
        **{f"{verb}_post": "post" for verb in ("get", "update")},
        "delete_post": "delete_post",
        **{f"{verb}_candidacy": "candidacy" for verb in ("get", "update")},
        "delete_candidacy": "delete_candidacy",
        **dict.fromkeys(
            (
                "get_application",
                "update_application",
                "add_partner",
                "update_partner",
                "remove_partner",
                "set_budget",
                "add_attachment",
                "download_attachment",
                "remove_attachment",
                "declare_condition",
                "submit_application",
            ),
            "draft",
        ),
        "delete_application": "delete_application",
        **dict.fromkeys(
            ("withdraw_application", "recommend_application", "return_application"), "submitted"
        ),
        **dict.fromkeys(
            (
                "accept_application",
                "reject_application",
                "refresh_check_application",
                "confirm_check",
            ),
            "recommended",
        ),
        "start_review_application": "accepted",
        **dict.fromkeys(
            (
                "score_application",
                "set_pair_rule",
                "remove_pair_rule",
                "invite_expert",
                "record_conflict",
                "review_summary",
            ),
            "in_review",
        ),
        "propose_application": "reviewed",
        **dict.fromkeys(("sign_application", "publish_application"), "decided"),
        **dict.fromkeys(("get_expert", "update_expert"), "expert"),
        **dict.fromkeys(("get_assignment_run", "send_invitations"), "run"),
        **dict.fromkeys(
            (
                "get_invitation",
                "get_review",
                "save_review",
                "peer_reviews",
                "accept_invitation",
                "decline_invitation",
                "conflict_invitation",
                "cancel_invitation",
                "replace_invitation",
            ),
            "invitation",
        ),
    },
    "code": {
        **dict.fromkeys(
            (
                "get_call",
                "update_call",
                "announce_call",
                "apply_criteria_template",
                "add_criterion",
                "remove_criterion",
                "set_rubric",
            ),
            "draft_call",
        ),
        **dict.fromkeys(
            (
                "start_review_all",
                "set_quota",
                "create_application",
                "rank_applications",
                "publish_results",
                "call_monitor",
                "get_review_plan",
                "set_review_plan",
                "start_assignment_run",
                "review_ranking",
                "adopt_review_scores",
            ),
            "open_call",
        ),
        "get_project": "project",
        "get_base": "base",
    },
    "expert": dict.fromkeys(("set_pair_rule", "remove_pair_rule"), "other_expert"),
    "partner_id": {"remove_partner": "remove_partner"},
    "attachment_id": {"remove_attachment": "remove_attachment"},
}
# `declare_condition` names an application (`id`) and one of its call's criteria (`code`).
PATHS["code"]["declare_condition"] = "eligibility"


def role_config(token: str | None, world: dict[str, Any], deep: bool, ops: list[dict]) -> dict:
    """Schemathesis' configuration for one role's run (as `schemathesis.toml` would say it)."""
    operations = []
    for op in ops:
        op_id, method = op["operationId"], op["method"]
        entry: dict[str, Any] = {"include-operation-id": op_id}
        parameters = {
            f"path.{name}": world[by_op[op_id]] for name, by_op in PATHS.items() if op_id in by_op
        }
        if parameters:
            entry["parameters"] = parameters
        if method != "get":
            # A change is checked against records and rules no schema can state: a reference to
            # a record that does not exist (or that the caller may not see), a code already
            # taken, dates out of order, a rule of the record's state. Valid-looking input may
            # therefore be refused (422, naming the field); only reads must take what the
            # schema allows.
            entry["checks"] = {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
                }
            }
        if len(entry) > 1:
            operations.append(entry)
    return {
        "seed": 8013,
        "workers": 1,  # one thread: the requests share the test's database connection
        "headers": {"Authorization": f"Bearer {token}"} if token else {},
        "parameters": {key: value for key, value in world.items() if key.startswith("path.")}
        | {
            # Filters that name a record look it up; an unknown one is refused (422), which no
            # schema can foresee. Name existing ones, so that valid filters must be accepted.
            "query.country": "DE",
            "query.nationality": "DE",
            "query.grouping": "eu",
            "query.call": world["open_call"],
            "query.recommending_unit": "prov-a",
        },
        "generation": {"max-examples": 1, "deterministic": True},
        # The document has no examples, and declares no links between operations for stateful
        # runs to follow: those phases would only spend time finding that out.
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": deep},
            "stateful": {"enabled": False},
        },
        "operations": operations,
    }


# --- running schemathesis in-process, inside the test's transaction -------------------------------


class InTestTransaction:
    """Django as a WSGI application serving on the test's own database connection.

    Schemathesis sends its requests from a worker thread; Django gives each thread its own
    connection, which would not see the test's uncommitted records (and would commit what it
    writes). This hands the worker the test's connection, and keeps Django from closing it after
    each request, as the test client does."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)
        self.connection = connections[DEFAULT_DB_ALIAS]

    def __call__(self, environ, start_response):
        connections[DEFAULT_DB_ALIAS] = self.connection
        response = self.handler(environ)
        headers = [*response.items()]
        headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return [b"".join(response.streaming_content)]
        return [response.content]

    @contextmanager
    def serving(self) -> Iterator[InTestTransaction]:
        self.connection.inc_thread_sharing()
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            yield self
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            self.connection.dec_thread_sharing()


@pytest.fixture
def wsgi_probes(monkeypatch):
    """Schemathesis 4.32 passes network-only settings (`max_redirects`, ...) to the in-process
    transport when `ignored_auth` re-sends a request without credentials; werkzeug refuses them.
    Drop them there, as the transport already does for its ordinary requests."""
    send = WSGITransport.send

    def without_network_settings(self, case, *, session=None, **kwargs):
        if session is None:
            for name in ("max_redirects", "verify", "cert", "proxies"):
                kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", without_network_settings)


def without_tuples(node: Any) -> Any:
    """The OpenAPI with each tuple (`prefixItems`, e.g. `[term, weight]`) read as an array of
    its items' types. Schemathesis 4.32 rewrites a response's `prefixItems` to the Draft 4
    `items: [...]` and then rejects that under the 2020-12 rules of OpenAPI 3.1 ("Invalid Schema
    Object"), a fault of the tool, not of the document."""
    if isinstance(node, list):
        return [without_tuples(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: without_tuples(value) for key, value in node.items()}
    if "prefixItems" in node:
        node["items"] = {"anyOf": node.pop("prefixItems")}
    return node


def run(app, document: dict, config: dict) -> tuple[list[str], set[str]]:
    """The failures and errors of one schemathesis run, and the operations it sent requests
    to."""
    schema = schemathesis.openapi.from_dict(document, config=schemathesis.Config.from_dict(config))
    schema.app = app  # sent in-process, to the WSGI application
    problems: dict[tuple[str, str, str], str] = {}
    reached: set[str] = set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            if event.recorder.interactions:
                reached.add(event.recorder.label)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    failure = check.failure_info.failure
                    key = (event.recorder.label, check.name, failure.title)
                    problems.setdefault(
                        key,
                        f"{key[0]} [{key[1]}] {failure.title}: {failure.message}\n"
                        f"    {check.failure_info.code_sample}",
                    )
        elif isinstance(event, events.NonFatalError):
            key = (event.label, "error", event.info.title)
            problems.setdefault(key, f"{event.label}: {event.info.title}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    return list(problems.values()), reached


@pytest.mark.django_db
def test_every_role_gets_what_the_openapi_promises(users, units, countries, wsgi_probes):
    world = seed(users, units, countries)
    app = InTestTransaction()
    document = without_tuples(Client().get(SCHEMA).json())
    ops = [
        {"operationId": op["operationId"], "method": method, "label": f"{method.upper()} {path}"}
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    ]
    found: dict[str, list[str]] = {}
    # The coverage phase's thousands of requests run on the default backend (SQLite) only: how
    # input is refused is decided by the schemas and the code above the database. On
    # PostgreSQL every role's generated requests (bad values among them) still run.
    deep_here = connection.vendor == "sqlite"
    with app.serving():
        for role, deep in ROLES.items():
            token = None if role == "anonymous" else ApiToken.issue(users[role], "contract")[1]
            # Each role starts from the same world: its writes are rolled back after its run.
            with transaction.atomic():
                config = role_config(token, world, deep and deep_here, ops)
                problems, reached = run(app, document, config)
                transaction.set_rollback(True)
            problems += [
                f"{op['label']}: no request sent" for op in ops if op["label"] not in reached
            ]
            if problems:
                found[role] = problems
    report = "\n".join(
        f"--- {role} ({len(problems)})\n" + "\n".join(problems) for role, problems in found.items()
    )
    assert not found, report
