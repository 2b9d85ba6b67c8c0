"""Conflicts of interest: each automatic rule, declared ones, and that no path — the solver, a
pin, an invitation by hand — ever assigns a conflicted pair."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hezuo.calls.models import Application, Partner
from hezuo.calls.tests.factories import applicant_org, country
from hezuo.portfolio.models import Project, ProjectStatus
from hezuo.review import services
from hezuo.review.conflicts import ConflictKind, conflicts, pair_conflicts, relatives
from hezuo.review.models import PairRuleKind, RunState

from .factories import make_expert, org

pytestmark = pytest.mark.django_db


def kinds(app, expert) -> set[str]:
    return {r.kind for r in pair_conflicts(app, expert)}


def test_same_organisation_and_foreign_partner(apps, pool):
    assert kinds(apps["h2"], pool["same"]) == {ConflictKind.SAME_ORGANISATION}
    assert kinds(apps["ai"], pool["same"]) == set()
    for app in apps.values():  # Fraunhofer is every application's partner
        assert kinds(app, pool["hans"]) == {ConflictKind.PARTNER}
    assert kinds(apps["h2"], pool["li"]) == set()
    reasons = pair_conflicts(apps["h2"], pool["hans"])
    assert "Fraunhofer" in str(reasons[0])


def test_parent_and_child_organisations(apps, units):
    academy = org("Chinese Academy of Sciences", name_zh="中国科学院")
    b1 = applicant_org(units["inst-b1"])
    b1.parent = academy
    b1.save()
    lab = org("Key Lab of inst-b1", parent=b1)
    sibling = org("Another institute of the Academy", parent=academy)
    partner_child = org("Fraunhofer ISE", "DE", parent=apps["ocean"].partners.first().organisation)
    assert relatives([b1.pk])[b1.pk] == {academy.pk, lab.pk}
    at_academy = make_expert("Zhou Yuan", academy)
    at_lab = make_expert("Qian Li", lab)
    at_sibling = make_expert("Hu Bo", sibling)
    at_partner_child = make_expert("Karl Sonne", partner_child)
    ocean = apps["ocean"]
    assert kinds(ocean, at_academy) == {ConflictKind.RELATED_ORGANISATION}
    assert kinds(ocean, at_lab) == {ConflictKind.RELATED_ORGANISATION}
    assert kinds(ocean, at_sibling) == set()  # a sibling is neither parent nor child
    assert kinds(ocean, at_partner_child) == {ConflictKind.PARTNER}


def test_co_participants_in_a_current_project(apps, pool, units, call):
    """inst-a1 leads a current project with the University of Southampton: Claire (who works
    there) may not review inst-a1's application; an ended project does not count."""
    a1 = applicant_org(units["inst-a1"])
    earlier = Application.objects.create(
        call=call,
        applicant_unit=units["inst-a1"],
        recommending_unit=units["prov-a"],
        organisation=a1,
        title_zh="早年的合作",
    )
    Partner.objects.create(
        application=earlier, organisation=pool["claire"].organisation, country=country("GB")
    )
    today = timezone.localdate()
    project = Project.objects.create(
        code="GJHZ2024-0001",
        title_zh="早年的合作",
        application=earlier,
        unit=units["inst-a1"],
        organisation=a1,
        status=ProjectStatus.ACTIVE,
        start=today - timedelta(days=400),
        end=today + timedelta(days=300),
    )
    reasons = pair_conflicts(apps["h2"], pool["claire"])
    assert [r.kind for r in reasons] == [ConflictKind.PROJECT]
    assert "GJHZ2024-0001" in reasons[0].detail
    assert kinds(apps["ocean"], pool["claire"]) == set()
    project.end = today - timedelta(days=1)
    project.save()
    assert kinds(apps["h2"], pool["claire"]) == set()


def test_co_participants_hold_over_a_whole_call(apps, pool, units, call):
    """A run checks every application at once: with a current project, the second application
    is checked like the first (it once failed on it)."""
    a1 = applicant_org(units["inst-a1"])
    earlier = Application.objects.create(
        call=call,
        applicant_unit=units["inst-a1"],
        recommending_unit=units["prov-a"],
        organisation=a1,
        title_zh="早年的合作",
    )
    Partner.objects.create(
        application=earlier, organisation=pool["claire"].organisation, country=country("GB")
    )
    today = timezone.localdate()
    Project.objects.create(
        code="GJHZ2024-0002",
        title_zh="早年的合作",
        application=earlier,
        unit=units["inst-a1"],
        organisation=a1,
        status=ProjectStatus.ACTIVE,
        start=today - timedelta(days=400),
        end=today + timedelta(days=300),
    )
    found = conflicts(list(apps.values()), list(pool.values()), None)
    assert [r.kind for r in found.get(apps["h2"].pk, pool["claire"].pk)] == [ConflictKind.PROJECT]
    assert found.get(apps["ocean"].pk, pool["claire"].pk) == []


def test_acting_for_the_applying_unit(apps, users):
    insider = make_expert("Ma Jun", None, user=users["applicant_b1"])
    assert kinds(apps["ocean"], insider) == {ConflictKind.MEMBER}
    assert kinds(apps["h2"], insider) == set()


def test_the_same_recommending_unit_where_the_call_says_so(apps, pool, users, call, units):
    a2_expert = make_expert("Tang Wei", applicant_org(units["inst-a2"]))
    # inst-a1 and inst-a2 are both under prov-a.
    assert kinds(apps["h2"], a2_expert) == set()
    services.configure_review(users["office_staff"], call, {"recommender_conflict": True})
    assert kinds(apps["h2"], a2_expert) == {ConflictKind.RECOMMENDER}
    assert kinds(apps["ocean"], a2_expert) == set()  # prov-b's
    assert kinds(apps["ai"], a2_expert) == {ConflictKind.SAME_ORGANISATION}


def test_declared_conflicts(apps, pool, users):
    services.office_conflict(users["office_staff"], apps["ai"], pool["wang"], "co-author in 2024")
    reasons = pair_conflicts(apps["ai"], pool["wang"])
    assert [r.kind for r in reasons] == [ConflictKind.DECLARED]
    assert "co-author in 2024" in reasons[0].detail and "office" in reasons[0].detail
    with pytest.raises(ValidationError):
        services.office_conflict(users["office_staff"], apps["ai"], pool["wang"], "")


def test_the_map_and_its_matrix(apps, pool):
    app_list = list(apps.values())
    experts = list(pool.values())
    found = conflicts(app_list, experts)
    assert (apps["h2"].pk, pool["same"].pk) in found
    assert len([k for k in found.reasons if k[1] == pool["hans"].pk]) == 3
    matrix = found.matrix([a.pk for a in app_list], [e.pk for e in experts])
    assert matrix.shape == (3, 8) and matrix.sum() == len(found)


def test_no_conflicted_pair_is_ever_assigned(apps, pool, plan, users, call):
    office = users["office_staff"]
    # Make the conflicted experts the most attractive on paper.
    for who in ("hans", "same"):
        services.update_profile(office, pool[who], {"max_load": 3})
    run = services.start_run(office, call)
    assert run.state == RunState.PROPOSED
    pairs = set(run.proposals.values_list("application_id", "expert_id"))
    found = conflicts(list(apps.values()), list(pool.values()))
    assert not pairs & set(found.reasons)
    # By hand: refused, naming the reason.
    with pytest.raises(ValidationError, match="Same organisation"):
        services.invite(office, apps["h2"], pool["same"])
    with pytest.raises(ValidationError, match="partner"):
        services.invite(office, apps["ocean"], pool["hans"])
    # Nor can it be pinned.
    with pytest.raises(ValidationError, match="may not review"):
        services.set_pair_rule(office, apps["h2"], pool["hans"], PairRuleKind.PIN)
    # Forbidding it is fine (and pointless).
    services.set_pair_rule(office, apps["h2"], pool["hans"], PairRuleKind.FORBID)


def test_a_conflict_found_after_the_run_stops_the_invitations(apps, pool, plan, users, call):
    office = users["office_staff"]
    run = services.start_run(office, call)
    proposed = run.proposals.select_related("application", "expert").first()
    services.office_conflict(office, proposed.application, proposed.expert, "found later")
    with pytest.raises(services.TransitionError, match="Conflicts of interest were found"):
        services.send_invitations(office, run)
