"""Searching the demo office as its users do (issue 8, finding 5): the well-known foreign
organisations are found by the names people call them, and the best match comes first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hezuo.registry import demo
from hezuo.registry.models import Organisation

SCALE = 0.03


@pytest.fixture
def office(db):
    return demo.generate(seed=7, scale=SCALE)


def _first(client, q: str) -> Organisation:
    response = client.get(reverse("registry:organisation_list"), {"q": q})
    assert response.status_code == 200
    return response.context["rows"][0][0]


def test_the_demo_is_searched_by_the_names_people_use(office):
    mpg = Organisation.objects.get(acronym="MPG")
    assert {"马普学会", "马普", "Max-Planck-Gesellschaft"} <= set(mpg.aliases)
    cnrs = Organisation.objects.get(acronym="CNRS")
    assert "Centre national de la recherche scientifique" in cnrs.aliases
    for language in ("zh-hans", "en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        assert client.login(username="demo-staff", password=demo.DEMO_PASSWORD)
        assert _first(client, "马普") == mpg  # not the University of Maputo (马普托大学)
        assert _first(client, "Max-Planck-Gesellschaft") == mpg
        assert _first(client, "max planck gesellschaft") == mpg
        assert _first(client, "法国国家科研中心") == cnrs
        assert _first(client, "科学院").name_zh == "中国科学院"
        assert _first(client, "CAS").name_zh == "中国科学院"
    # the Chinese list reads in pinyin order
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.login(username="demo-staff", password=demo.DEMO_PASSWORD)
    rows = client.get(reverse("registry:organisation_list")).context["rows"]
    keys = [obj.sort_zh for obj, _cells in rows]
    assert keys == sorted(keys) and keys[0] < "b"
