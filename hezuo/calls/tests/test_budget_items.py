"""Budget items are the categories the central funding rules fix (issue 8, finding 7), not free
text: stored as stable keys, shown in the reader's language, accepted by the API as an enum; the
free text stored before is moved to the nearest category, its words kept as a note."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hezuo.calls import forms, services
from hezuo.calls import models as m
from hezuo.core.models import ApiToken
from hezuo.core.testing import client_for

migration = importlib.import_module("hezuo.calls.migrations.0003_budget_line_note")


def test_the_form_offers_the_categories_grouped_as_the_rules_list_them():
    field = forms.BudgetLineForm().fields["item"]
    flat = {}
    for key, label in field.choices:
        if isinstance(label, list | tuple):
            flat.update(dict(label))
        else:
            flat[key] = label
    assert set(flat) == {"", *m.BudgetItem.values}
    groups = [label for label in field.choices if isinstance(label[1], list | tuple)]
    assert [key for key, _label in groups[0][1]] == [k.value for k in m.BUSINESS_PARTS]
    assert not forms.BudgetLineForm(
        {"source": "central", "item": "设备费", "amount": "1"}
    ).is_valid()
    assert forms.BudgetLineForm({"source": "central", "item": "testing", "amount": "1"}).is_valid()


@pytest.mark.django_db
def test_the_service_takes_keys_and_a_note(users, draft_app):
    user = users["applicant"]
    with pytest.raises(ValidationError, match="unknown budget item"):
        services.set_budget(user, draft_app, [{"source": "central", "item": "设备", "amount": 1}])
    services.set_budget(
        user,
        draft_app,
        [{"source": "central", "item": "equipment", "note": "光谱仪", "amount": 300}],
    )
    line = draft_app.budget_lines.get()
    assert (line.item, line.note) == ("equipment", "光谱仪")
    assert line.item_text == "Equipment · 光谱仪"


@pytest.mark.django_db
def test_the_pages_show_the_category_in_words(users, draft_app):
    client = client_for(users, "applicant")
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    data.update({"form-0-source": "central", "form-0-item": "fuel_power", "form-0-amount": "300"})
    data.update({"form-0-note": "液氮"})
    response = client.post(reverse("calls:budget_edit", args=[draft_app.pk]), data)
    assert response.status_code == 302
    page = client.get(draft_app.get_absolute_url()).content.decode()
    assert "Fuel and power · 液氮" in page and "fuel_power" not in page
    form = client.get(reverse("calls:budget_edit", args=[draft_app.pk])).content.decode()
    assert '<option value="fuel_power" selected>' in form and 'value="液氮"' in form
    assert '<optgroup label="Business costs">' in form


@pytest.mark.django_db
def test_the_api_takes_the_keys_and_documents_them(users, draft_app, calls_api):
    _record, token = ApiToken.issue(users["applicant"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    url = f"/api/v1/calls/applications/{draft_app.pk}/budget/"

    def put(lines):
        return client.put(url, lines, content_type="application/json")

    refused = put([{"source": "central", "item": "设备费", "amount": "300"}])
    assert refused.status_code == 422
    ok = put(
        [
            {"source": "central", "item": "equipment", "note": "光谱仪", "amount": "300"},
            {"source": "foreign", "amount": "20"},
        ]
    )
    assert ok.status_code == 200, ok.content.decode()
    assert [(line["item"], line["note"]) for line in ok.json()] == [
        ("equipment", "光谱仪"),
        ("", ""),
    ]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schema["BudgetItem"]["enum"]) == set(m.BudgetItem.values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("", "")),
        ("设备费", ("equipment", "")),
        ("Equipment", ("equipment", "")),
        ("设备购置", ("equipment", "设备购置")),
        ("国际合作与交流费", ("meetings_travel", "国际合作与交流费")),
        ("差旅", ("meetings_travel", "差旅")),
        ("专家咨询费", ("expert_consultation", "")),
        ("人员", ("labour", "人员")),
        ("测试化验加工费", ("testing", "")),
        ("燃料动力费", ("fuel_power", "")),
        ("知识产权事务费", ("publication_ip", "知识产权事务费")),
        ("间接费用", ("indirect", "")),
        ("Travel to Munich", ("meetings_travel", "Travel to Munich")),
        ("自筹", ("other", "自筹")),
        ("外方投入", ("other", "外方投入")),
    ],
)
def test_free_text_goes_to_the_nearest_category(text, expected):
    assert migration.category(text) == expected


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_free_text(users, draft_app):
    """Back to free text, store what people typed before, forward again."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("calls")
    executor.migrate([("calls", "0002_notifications_in_core")])
    old = (
        MigrationExecutor(connection)
        .loader.project_state([("calls", "0002_notifications_in_core")])
        .apps
    )
    OldLine = old.get_model("calls", "BudgetLine")
    OldLine.objects.filter(application_id=draft_app.pk).delete()
    for item in ("设备费", "差旅", "自筹", ""):
        OldLine.objects.create(application_id=draft_app.pk, source="central", item=item, amount=1)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    lines = m.BudgetLine.objects.filter(application=draft_app).order_by("pk")
    assert [(b.item, b.note) for b in lines] == [
        ("equipment", ""),
        ("meetings_travel", "差旅"),
        ("other", "自筹"),
        ("", ""),
    ]
    with translation.override("en"):
        assert [b.item_text for b in lines][:3] == [
            "Equipment",
            "Meetings, travel and international cooperation · 差旅",
            "Other costs · 自筹",
        ]
