"""A partner's agreement counts only when the partner is a party to it and it is in force; the
rules say what they checked (issue 8, finding 1: an agreement between two other universities
passed as "✓ signed with Max Planck Society")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hezuo.calls import services
from hezuo.calls.models import Partner
from hezuo.calls.rules import agreement_present, partner_agreement
from hezuo.registry.models import AgreementStatus
from hezuo.registry.tests.factories import make_agreement

from .factories import complete_application, foreign_org

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def app(users, units, call):
    return complete_application(users["applicant"], call, units["inst-a1"])


def _link(app, agreement) -> Partner:
    """Link the partner to a registry agreement, as an old record or an import might have."""
    partner = app.partners.get()
    Partner.objects.filter(pk=partner.pk).update(agreement=agreement, agreement_signed_on=None)
    return Partner.objects.get(pk=partner.pk)


def _agreement(units, code, parties, **extra):
    extra.setdefault("status", AgreementStatus.IN_FORCE)
    agreement = make_agreement(units["inst-a1"], code, **extra)
    agreement.organisations.set(parties)
    return agreement


def test_an_agreement_between_others_does_not_count(users, units, app):
    danish = foreign_org("Technical University of Denmark", "DK")
    other = _agreement(units, "BJUT-DTU", [danish])
    partner = _link(app, other)
    assert not partner.has_agreement
    finding = partner_agreement(app)
    assert not finding.passed
    assert "BJUT-DTU is not signed with Fraunhofer-Gesellschaft" in finding.detail
    assert not agreement_present(app).passed
    # and the applicant cannot link it in the first place: the field says why
    with pytest.raises(ValidationError) as caught:
        services.update_partner(users["applicant"], partner, {"agreement": other})
    assert "agreement" in caught.value.message_dict


def test_a_partys_agreement_in_force_counts_and_says_which(users, units, app):
    fraunhofer = app.partners.get().organisation
    own = _agreement(units, "BJUT-FHG", [fraunhofer], valid_until=TODAY + dt.timedelta(days=400))
    services.update_partner(users["applicant"], app.partners.get(), {"agreement": own})
    finding = partner_agreement(app)
    assert finding.passed
    assert f"BJUT-FHG, in force until {(TODAY + dt.timedelta(days=400)).isoformat()}" in (
        finding.detail
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"status": AgreementStatus.EXPIRED},
        {"status": AgreementStatus.NEGOTIATING},
        {"valid_from": dt.date(2019, 1, 1), "valid_until": TODAY - dt.timedelta(days=1)},
    ],
)
def test_an_agreement_not_in_force_does_not_count(units, app, extra):
    fraunhofer = app.partners.get().organisation
    partner = _link(app, _agreement(units, "BJUT-FHG-OLD", [fraunhofer], **extra))
    assert not partner.has_agreement
    assert "BJUT-FHG-OLD is not in force" in partner_agreement(app).detail


def test_a_declared_agreement_says_it_is_declared(app):
    finding = partner_agreement(app)  # the factory declares a signing date, no registry record
    assert finding.passed and "declared signed on" in finding.detail
