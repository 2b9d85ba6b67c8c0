"""The application's foreign partner is picked as one types (issue 8, finding 7): no dropdown of
every organisation, and the form accepts exactly what the picker offers — foreign organisations
and agreements the applicant may read."""

import pytest
from django.urls import reverse

from hezuo.calls import models as m
from hezuo.core.testing import client_for
from hezuo.registry.tests.factories import make_agreement

from .factories import applicant_org, country, foreign_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_url(draft_app):
    return reverse("calls:partner_create", args=[draft_app.pk])


def _partner(**extra) -> dict:
    return {"role": m.PartnerRole.PARTNER, "commits_people": "2", **extra}


def test_the_partner_form_lists_no_organisation(users, draft_app, form_url):
    for i in range(30):
        foreign_org(f"Listed Institute {i:02}", "FR")
    page = client_for(users, "applicant").get(form_url).content.decode()
    assert "Listed Institute" not in page  # the form does not grow with the registry
    assert 'hx-get="/pick/foreign-organisation/"' in page
    assert 'hx-get="/pick/foreign-country/"' in page and 'hx-get="/pick/agreement/"' in page
    assert '<select name="organisation"' not in page and '<select name="country"' not in page


def test_a_picked_foreign_organisation_is_saved(users, draft_app, form_url):
    mpg = foreign_org("Max Planck Society", "DE")
    response = client_for(users, "applicant").post(form_url, _partner(organisation=mpg.pk))
    assert response.status_code == 302
    partner = draft_app.partners.get(organisation=mpg)
    assert partner.country == country("DE")  # taken from the organisation


def test_a_domestic_organisation_sent_by_key_is_a_field_error(users, units, draft_app, form_url):
    domestic = applicant_org(units["inst-a1"])
    before = draft_app.partners.count()
    response = client_for(users, "applicant").post(form_url, _partner(organisation=domestic.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert draft_app.partners.count() == before


def test_an_agreement_out_of_reach_sent_by_key_is_a_field_error(users, units, draft_app, form_url):
    """inst-b1's institutional agreement is not the inst-a1 applicant's to link."""
    mpg = foreign_org("Max Planck Society", "DE")
    theirs = make_agreement(units["inst-b1"], "INST-B1", countries=[country("DE")])
    client = client_for(users, "applicant")
    response = client.post(form_url, _partner(organisation=mpg.pk, agreement=theirs.pk))
    assert response.status_code == 200 and "agreement" in response.context["form"].errors
    assert client.get("/pick/agreement/", {"q": "INST-B1"}).content.count(b"data-pick=") == 0
    seen = client_for(users, "applicant_b1").get("/pick/agreement/", {"q": "INST-B1"})
    assert f'data-pick="{theirs.pk}"'.encode() in seen.content


def test_editing_a_partner_shows_its_organisation_by_name(users, draft_app):
    partner = draft_app.partners.filter(organisation__isnull=False).first()
    url = reverse("calls:partner_edit", args=[draft_app.pk, partner.pk])
    page = client_for(users, "applicant").get(url).content.decode()
    assert f'name="organisation" value="{partner.organisation_id}"' in page
    assert f'value="{partner.organisation.name}"' in page
