"""The directory's lists: filters and search (pages and API alike), the spreadsheet export of
the filtered list, a record's history on its page, and query budgets."""

import datetime as dt
import io
import re

import openpyxl
import pytest

from hezuo.core.testing import client_for, query_budget
from hezuo.portfolio.models import ProjectStatus

from .factories import make_base, make_project, published_base, published_project

pytestmark = pytest.mark.django_db

API = "/api/v1/portfolio"


def _codes(response) -> list[str]:
    """The codes a list page or an API list shows, in order."""
    if response["Content-Type"].startswith("application/json"):
        return [item["code"] for item in response.json()["items"]]
    return [obj.code for obj, _values in response.context["rows"]]


PROJECT_QUERIES = [
    ("", ["GJHZ2024-0002", "GJHZ2024-0001", "GJHZ2023-0003"]),
    ("status=completed", ["GJHZ2024-0002"]),
    ("field=health", ["GJHZ2023-0003"]),
    ("country=DE", ["GJHZ2024-0001", "GJHZ2023-0003"]),
    ("country=FR&status=active", ["GJHZ2023-0003"]),
    ("q=氢能", ["GJHZ2024-0001"]),
    ("q=CORAL", ["GJHZ2024-0002"]),
    ("q=gjhz2023", ["GJHZ2023-0003"]),
    ("q=protein prediction", ["GJHZ2023-0003"]),
    ("q=nothing-like-this", []),
]
BASE_QUERIES = [
    ("", ["JD2026-0002", "JD2026-0001"]),
    ("kind=innovation_park", ["JD2026-0002"]),
    ("status=active", ["JD2026-0001"]),
    ("field=health", ["JD2026-0001"]),
    ("q=苏州", ["JD2026-0002"]),
    ("q=batteries", ["JD2026-0001"]),
]


@pytest.mark.parametrize("where", ["/portfolio", API])
@pytest.mark.parametrize(("query", "codes"), PROJECT_QUERIES)
def test_project_filters_and_search(users, directory, where, query, codes):
    response = client_for(users, "anonymous").get(f"{where}/projects/?{query}")
    assert response.status_code == 200
    assert _codes(response) == codes


@pytest.mark.parametrize("where", ["/portfolio", API])
@pytest.mark.parametrize(("query", "codes"), BASE_QUERIES)
def test_base_filters_and_search(users, directory, where, query, codes):
    response = client_for(users, "viewer").get(f"{where}/bases/?{query}")
    assert response.status_code == 200
    assert _codes(response) == codes


def test_page_sorting_and_api_ordering(users, directory):
    client = client_for(users, "anonymous")
    assert _codes(client.get("/portfolio/projects/?sort=code")) == [
        "GJHZ2023-0003",
        "GJHZ2024-0001",
        "GJHZ2024-0002",
    ]
    assert _codes(client.get("/portfolio/projects/?sort=password")) == _codes(
        client.get("/portfolio/projects/")
    )  # unknown sort keys are ignored, not passed to SQL
    assert _codes(client.get(f"{API}/bases/?ordering=code")) == ["JD2026-0001", "JD2026-0002"]
    assert client.get(f"{API}/projects/?ordering=title_zh").status_code == 422


def test_bad_api_filters_name_the_filter(users, directory):
    client = client_for(users, "anonymous")
    for query, field in (("status=frozen", "status"), ("country=ZZ", "country")):
        response = client.get(f"{API}/projects/?{query}")
        assert response.status_code == 422, query
        assert [e["field"] for e in response.json()["detail"]] == [field]
    response = client.get(f"{API}/bases/?kind=castle")
    assert response.status_code == 422


def test_the_api_shapes(users, directory):
    client = client_for(users, "anonymous")
    body = client.get(f"{API}/projects/{directory['protein'].code}/").json()
    assert body["institution"] == "inst-a2" and body["countries"] == ["DE", "FR"]
    assert body["amount"] == "120.50" and body["call"] is None and body["status"] == "active"
    body = client.get(f"{API}/bases/{directory['park'].code}/").json()
    assert body["institution"] is None and body["kind"] == "innovation_park"
    assert body["valid_to"] == "2029-12-31"


def test_the_public_reads_exactly_the_documented_fields(users, directory):
    """README, "What the public may read": nothing more reaches a signed-out reader."""
    client = client_for(users, "anonymous")
    project = client.get(f"{API}/projects/{directory['protein'].code}/").json()
    assert set(project) == {
        "code", "title", "title_zh", "title_en", "institution", "call", "field", "countries",
        "amount", "start", "end", "status",
    }  # fmt: skip
    base = client.get(f"{API}/bases/{directory['park'].code}/").json()
    assert set(base) == {
        "code", "name", "name_zh", "name_en", "kind", "institution", "field", "valid_from",
        "valid_to", "status",
    }  # fmt: skip


# --- exports --------------------------------------------------------------------------------------


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_the_project_list_exports_what_it_shows(users, directory):
    client = client_for(users, "anonymous")
    rows = _sheet(client.get("/portfolio/projects/?country=DE&export=xlsx"))
    header, data = rows[0], rows[1:]
    assert header[0] == "系统编号 / ID" and "合作国别 / Partner countries" in header
    code = header.index("项目编号 / Code")
    assert sorted(r[code] for r in data) == ["GJHZ2023-0003", "GJHZ2024-0001"]
    protein = next(r for r in data if r[code] == "GJHZ2023-0003")
    cells = dict(zip(header, protein, strict=True))
    assert cells["名称（中文） / Title (Chinese)"] == "蛋白质结构预测"
    assert cells["名称（英文） / Title (English)"] == "Protein structure prediction"
    assert set(cells["合作国别 / Partner countries"].split("; ")) == {"Germany", "France"}
    assert float(cells["资助金额（万元） / Amount (10k CNY)"]) == 120.5
    starts = cells["开始日期 / Starts"]
    assert str(starts)[:10] == "2026-01-01" or starts == dt.datetime(2026, 1, 1)
    everything = _sheet(client.get("/portfolio/projects/?export=xlsx"))
    assert len(everything) == 1 + 3


def test_the_base_list_exports_what_it_shows(users, directory):
    rows = _sheet(
        client_for(users, "recommender").get("/portfolio/bases/?status=revoked&export=xlsx")
    )
    header, data = rows[0], rows[1:]
    assert header[0] == "系统编号 / ID"
    assert [r[header.index("基地编号 / Code")] for r in data] == ["JD2026-0002"]
    cells = dict(zip(header, data[0], strict=True))
    assert cells["名称（中文） / Name (Chinese)"] == "苏州国际创新园"


def test_an_unknown_export_format_is_404(users, directory):
    assert client_for(users, "anonymous").get("/portfolio/projects/?export=exe").status_code == 404


# --- history --------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_history(users, directory):
    project = directory["hydrogen"]
    project.status = ProjectStatus.COMPLETED
    project._history_user = users["office_staff"]
    project.save()
    # the public reads the project, not who changed it (staff names are not public)
    public = client_for(users, "anonymous").get(project.get_absolute_url()).content.decode()
    assert 'id="history"' not in public and "office_staff" not in public
    html = client_for(users, "viewer").get(project.get_absolute_url()).content.decode()
    body = html[html.index('id="history"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    # newest first: the status change, the partner countries set, the creation
    assert len(rows) == 3
    assert "office_staff" in rows[0] and "changed" in rows[0]
    assert re.search(r"status:</span> <del>active</del> → completed", rows[0], re.I)
    assert re.search(r"partner countries:</span> <del>—</del> → Germany", rows[1], re.I)
    assert "created" in rows[2]


def test_history_of_a_published_project_names_the_publisher(users, units):
    project = published_project(users, units)
    history = client_for(users, "office_admin").get(project.get_absolute_url()).context["history"]
    assert [(e.kind, e.who) for e in history] == [("~", users["office_staff"])] + [
        ("+", users["office_staff"])
    ]
    assert [(c.field, c.new) for c in history[0].changes] == [("countries", ["Germany"])]
    assert project.call.code == "2026-portfolio" and project.unit == units["inst-a1"]


def test_a_published_base_is_in_the_directory(users, units):
    base = published_base(users, units)
    body = client_for(users, "anonymous").get(f"{API}/bases/{base.code}/").json()
    assert body["kind"] == "joint_research_centre" and body["institution"] == "inst-b1"


# --- query budgets --------------------------------------------------------------------------------

# Session, user, scope, count, page, the filter form's country choices, the menu: a little room
# over today's worst case (10 for a list, 15 for a project's page, a recommender's), none per row.
LIST_QUERY_BUDGET = 12
DETAIL_QUERY_BUDGET = 16


def _more(units, n: int) -> None:
    for i in range(n):
        make_project(units["inst-b1"], f"MORE-{i:03}", countries=("DE", "FR"))
        make_base(f"MORE-B{i:03}", units["inst-b1"])


@pytest.mark.parametrize(
    "url",
    ["/portfolio/projects/", "/portfolio/bases/", f"{API}/projects/", f"{API}/bases/"],
)
@pytest.mark.parametrize("role", ["anonymous", "recommender"])
def test_lists_do_not_grow_per_row(users, units, directory, url, role):
    client = client_for(users, role)
    with query_budget(LIST_QUERY_BUDGET) as few:
        assert client.get(url).status_code == 200
    _more(units, 15)
    with query_budget(len(few)) as many:
        assert len(_codes(client.get(url))) > 15
    assert len(many) == len(few)


@pytest.mark.parametrize("role", ["anonymous", "recommender"])
def test_detail_pages_have_a_budget(users, units, role):
    project = published_project(users, units)
    client = client_for(users, role)
    for url in (project.get_absolute_url(), f"{API}/projects/{project.code}/"):
        with query_budget(DETAIL_QUERY_BUDGET):
            assert client.get(url).status_code == 200
