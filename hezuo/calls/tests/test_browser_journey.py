"""The whole call journey in a real browser, one person at a time (issue 3's "Done when").

The programme office opens a joint-project call (window, quotas, two approving offices);
institutions A1 and A2 under province A and B1 under province B apply, and B1's second
application, finished after the call closed, is refused. Province A ranks and recommends within
its quota of one (its second recommendation is refused), province B recommends B1. The office
rejects B1 at the formal check (with a reason) and accepts A2, records the score and proposes the
award; it signs, the second office (the foreign-experts authority) signs, and the results are
published: a project with a code. A short second pass designates a base. Last, the applicants read
the outcome in their notifications, on their applications and in their mailboxes.

Only the unit tree, users, registry organisations and the programmes (which have no pages yet) are
set up beforehand; time passes by moving the call's deadlines. Everything else is the UI, in
Chinese (the browser's language); the messages expected are read from the same catalogue."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from hezuo.calls import services
from hezuo.calls.models import (
    Application,
    ApplicationState,
    Call,
    CallPhase,
    CallStatus,
    Quota,
    Signature,
)
from hezuo.core.models import Notification
from hezuo.core.tests.browser import login, pick
from hezuo.core.tests.factories import PASSWORD
from hezuo.portfolio.models import Base, Project
from hezuo.registry.models import OrganisationFlag, OrganisationKind
from hezuo.registry.tests.factories import make_organisation

from .factories import MINIMAL_PDF, make_second_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ApplicationState
APP_PAGE = re.compile(r"/calls/applications/(\d+)/(#[\w-]+)?$")


# --- what a person sees ---------------------------------------------------------------------------


def zh(message: str, **params) -> str:
    """A message as the (Chinese-speaking) person reads it."""
    with translation.override("zh-hans"):
        text = gettext(message)
    return text % params if params else text


def label(choice) -> str:
    with translation.override("zh-hans"):
        return str(choice.label)


def expect_message(page, text: str, kind: str = "success") -> None:
    alert = page.locator(f"main > .alert-{'danger' if kind == 'error' else kind}[role=alert]")
    expect(alert.first).to_contain_text(text)


def expect_state(page, state: str) -> None:
    expect(page.locator("#app-state")).to_have_attribute("data-state", state)
    expect(page.locator("#app-state")).to_have_text(label(S(state)))


def save(page, url=APP_PAGE) -> None:
    """Press the form's Save and wait for the page it leads to."""
    page.click("main form button.btn-primary")
    page.wait_for_url(url)


def act(page, action: str, **fields) -> None:
    """Fill an action's form on the application page (e.g. `note=`) and press its button."""
    form = page.locator(f"#actions form[data-action='{action}']")
    for name, value in fields.items():
        control = form.locator(f"[name='{action}-{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_url(APP_PAGE)


def as_user(page, username: str) -> None:
    """Log out through the navbar (if someone is logged in), then log in."""
    logout = page.locator("nav form[action$='/accounts/logout/'] button")
    if logout.count():
        logout.click()
        page.wait_for_selector("nav a[href$='/accounts/login/']")
    login(page, username, PASSWORD)


def local(when) -> str:
    """A datetime-local value in Beijing time, as the person types it."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def open_application(page, app: Application) -> None:
    page.goto(f"{page.base_url}{app.get_absolute_url()}")


# --- the office opens a call ----------------------------------------------------------------------


def open_call(page, programme, offices, quotas, units, *, shot=None, **call) -> Call:
    """The office creates the call from the list's "New", sets its quotas and announces it."""
    page.goto(page.base_url + "/calls/")
    page.click("main a.btn-primary[href$='/calls/new/']")
    page.wait_for_url("**/calls/new/")
    now = timezone.now()
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_code", call["code"])
    page.fill("#id_title_zh", call["title_zh"])
    page.fill("#id_title_en", call["title_en"])
    page.fill("#id_description_zh", call.get("description_zh", ""))
    page.select_option("#id_kind", call["kind"])
    if call.get("base_kind"):
        page.select_option("#id_base_kind", call["base_kind"])
    page.fill("#id_year", "2026")
    page.fill("#id_opens_at", local(now - timedelta(hours=1)))
    page.fill("#id_closes_at", local(now + timedelta(days=14)))
    page.fill("#id_recommend_by", local(now + timedelta(days=30)))
    for value in call["priority_fields"]:
        page.check(f"input[name=priority_fields][value={value}]")
    page.check("input[name=required_attachments][value=agreement]")
    page.fill("#id_max_amount", "500")
    page.fill("#id_max_duration_months", "36")
    if call.get("designation_years"):
        page.fill("#id_designation_years", str(call["designation_years"]))
    for office in offices:
        page.check(f"input[name=approving_offices][value='{office.pk}']")
    page.select_option("#id_template", call["template"])
    if shot:
        page.locator("#id_priority_fields").scroll_into_view_if_needed()
        page.shot(shot + "-fields")
        page.locator("#id_template").scroll_into_view_if_needed()
        page.shot(shot + "-offices")
    save(page, f"**/calls/{call['code']}/")
    expect_message(page, zh("Saved."))
    expect(page.locator("#call-phase")).to_have_text(label(CallPhase.DRAFT))

    page.click("#quotas-link")
    for code, limit in quotas.items():
        page.fill(f"#id_unit_{units[code].pk}", str(limit))
    save(page, f"**/calls/{call['code']}/")
    for code, limit in quotas.items():
        expect(page.locator(f"tr[data-quota='{code}']")).to_contain_text(str(limit))

    page.click("#announce")
    expect_message(page, zh("Announced."))
    expect(page.locator("#call-phase")).to_have_text(label(CallPhase.OPEN))
    return Call.objects.get(code=call["code"])


# --- an institution applies -----------------------------------------------------------------------


def fill_application(page, call: Call, spec: dict, files) -> Application:
    """Start an application on the call's page and fill in every part of it."""
    page.goto(f"{page.base_url}/calls/{call.code}/")
    page.click("#apply")
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    pk = int(re.search(r"/applications/(\d+)/edit/", page.url).group(1))
    page.fill("#id_title_zh", spec["title_zh"])
    page.fill("#id_title_en", spec["title_en"])
    page.fill("#id_abstract_zh", spec["title_zh"] + "：联合攻关，共建实验平台，互派研究人员。")
    page.fill("#id_abstract_en", spec["title_en"] + ": joint research and exchange of researchers.")
    page.fill("#id_keywords", spec["keywords"])
    page.fill("#id_disciplines", "能源科学")
    page.select_option("#id_field", spec["field"])
    page.fill("#id_duration_months", "36")
    page.fill("#id_requested_amount", str(spec["central"][0] + spec["central"][1]))
    save(page)
    expect_message(page, zh("Saved."))

    page.click("#partner-add")
    pick(page, "id_organisation", spec["partner"].name_en.split()[0], spec["partner"].pk)
    page.select_option("#id_role", "lead")
    page.fill("#id_agreement_signed_on", "2026-03-18")
    page.fill("#id_ip_arrangement", "双方共有，按贡献分享")
    page.fill("#id_commits_technology", "储氢材料表征技术")
    page.fill("#id_commits_people", "3名研究人员")
    page.fill("#id_commits_money", "120")
    save(page)

    # Two lines of central funding; the form's third row is left empty.
    page.click("#budget-edit")
    lines = [
        ("central", "equipment", spec["central"][0]),
        ("central", "meetings_travel", spec["central"][1]),
    ]
    for i, (source, item, amount) in enumerate(lines):
        page.select_option(f"#id_form-{i}-source", source)
        page.select_option(f"#id_form-{i}-item", item)
        page.fill(f"#id_form-{i}-amount", str(amount))
    save(page)
    expect(page.locator("#budget-total")).to_have_text(f"{sum(spec['central'])}.00")

    for kind, path, title in files:
        page.select_option("#attachment-form select[name=kind]", kind)
        page.fill("#attachment-form input[name=title]", title)
        page.set_input_files("#attachment-form input[type=file]", str(path))
        page.click("#attachment-form button")
        page.wait_for_url(APP_PAGE)
        expect_message(page, zh("Uploaded."))

    page.click("#eligibility-edit")
    for box in page.locator("input[type=checkbox][name^=declared_]").all():
        box.check()
    for statement in page.locator("textarea[name^=statement_]").all():
        statement.fill("符合，见附件")
    for evidence in page.locator("select[name^=evidence_]").all():
        if evidence.locator("option", has_text="成果证明").count():
            evidence.select_option(label="成果证明")
    save(page)
    expect(page.locator("#problems")).to_have_count(0)  # nothing is missing any more
    return Application.objects.get(pk=pk)


def submit(page) -> str:
    page.locator("#actions form[data-action=submit] button").click()
    page.wait_for_url(APP_PAGE)
    expect_message(page, zh("Submitted."))
    expect_state(page, S.SUBMITTED)
    return page.inner_text("#app-number")


def formal_check(page, app: Application, failing: dict[str, str] | None = None) -> None:
    """Office staff confirm every line of the formal check (some as failing, with a note)."""
    open_application(page, app)
    failing = failing or {}
    for row in page.locator("#check-form tr[data-check]").all():
        code = row.get_attribute("data-check")
        row.locator("select").select_option("fail" if code in failing else "pass")
        if code in failing:
            row.locator("input[type=text]").fill(failing[code])
    page.click("#check-form button")
    page.wait_for_url(APP_PAGE)
    expect_message(page, zh("Saved."))


# --- the journey ----------------------------------------------------------------------------------


def test_the_whole_call_journey(page, users, units, countries, tmp_path):
    # What a person would have set up before: a second approving office with its admin, the
    # institutions' entries in the registry, foreign partners, e-mail addresses, the programmes.
    safea = make_second_office(users)
    for code, name_en, kind in [
        ("inst-a1", "Jia One University", OrganisationKind.UNIVERSITY),
        ("inst-a2", "Jia Two Institute", OrganisationKind.INSTITUTE),
        ("inst-b1", "Yi One University", OrganisationKind.UNIVERSITY),
    ]:
        unit = units[code]
        unit.organisation = make_organisation(
            name_en,
            unit.name_zh,
            country=countries["CN"],
            province="11",
            kind=kind,
            flags=[OrganisationFlag.INTERGOV_PROJECT_EXECUTOR],
        )
        unit.save()
    fraunhofer = make_organisation(
        "Fraunhofer-Gesellschaft",
        "弗劳恩霍夫协会",
        country=countries["DE"],
        kind=OrganisationKind.INSTITUTE,
    )
    tokyo = make_organisation("University of Tokyo", "东京大学", country=countries["JP"])
    chile = make_organisation("Universidad de Chile", "智利大学", country=countries["CL"])
    for who in ("applicant", "applicant_a2", "applicant_b1"):
        users[who].email = f"{who}@example.cn"
        users[who].save()
    gjhz = services.create_programme(
        users["office_admin"],
        {
            "code": "gjhz",
            "name_zh": "国家国际科技合作专项",
            "name_en": "National international S&T cooperation programme",
            "code_prefix": "GJHZ",
            "office": units["office"],
        },
    )
    gjjd = services.create_programme(
        users["office_admin"],
        {
            "code": "gjjd",
            "name_zh": "国际科技合作基地",
            "name_en": "International cooperation bases",
            "code_prefix": "GJJD",
            "office": units["office"],
        },
    )
    agreement_pdf = tmp_path / "合作协议.pdf"
    agreement_pdf.write_bytes(MINIMAL_PDF)
    evidence_pdf = tmp_path / "成果证明.pdf"
    evidence_pdf.write_bytes(MINIMAL_PDF)

    # 1. The office opens a joint-project call: two weeks' window, quotas (province A: one),
    #    decided jointly by two offices.
    as_user(page, "office_staff")
    call = open_call(
        page,
        gjhz,
        [units["office"], safea],
        {"prov-a": 1, "prov-b": 2},
        units,
        shot="01-new-call-form",
        code="2026-gjhz",
        title_zh="2026年度国家国际科技合作专项项目申报指南",
        title_en="International S&T cooperation projects 2026",
        description_zh="重点支持清洁能源与生物健康领域的政府间合作项目。",
        kind="joint_project",
        priority_fields=["energy", "health"],
        template="joint_project",
    )
    assert call.status == CallStatus.ANNOUNCED and call.announced_at
    assert set(call.approving_offices.values_list("code", flat=True)) == {"office", "safea"}
    assert dict(Quota.objects.filter(call=call).values_list("unit__code", "limit")) == {
        "prov-a": 1,
        "prov-b": 2,
    }
    assert call.criteria.count() == 5 and sum(r.weight for r in call.rubric.all()) == 100
    page.shot("02-call-announced")

    # 2. Three institutions apply: A1 and A2 under province A, B1 under province B.
    applications = {}
    for who, spec in [
        (
            "applicant",
            {
                "title_zh": "中德氢能储运联合研究",
                "title_en": "Sino-German research on hydrogen storage",
                "keywords": "氢能、储运",
                "field": "energy",
                "partner": fraunhofer,
                "central": (180, 100),
            },
        ),
        (
            "applicant_a2",
            {
                "title_zh": "中日钙钛矿太阳能电池合作研究",
                "title_en": "Sino-Japanese research on perovskite solar cells",
                "keywords": "钙钛矿、光伏",
                "field": "energy",
                "partner": tokyo,
                "central": (200, 100),
            },
        ),
        (
            "applicant_b1",
            {
                "title_zh": "中智干旱区生态修复联合研究",
                "title_en": "Sino-Chilean research on dryland restoration",
                "keywords": "生态修复",
                "field": "health",
                "partner": chile,
                "central": (150, 50),
            },
        ),
    ]:
        as_user(page, who)
        app = fill_application(page, call, spec, [("agreement", agreement_pdf, "合作协议")])
        if who == "applicant":
            page.shot("03-application-complete")
        applications[who] = app
        number = submit(page)
        assert number.startswith("2026-GJHZ-")
    a1, a2, b1 = (applications[w] for w in ("applicant", "applicant_a2", "applicant_b1"))
    for app in (a1, a2, b1):
        app.refresh_from_db()
        assert app.state == S.SUBMITTED and app.number and app.submitted_at
    assert {a1.recommending_unit.code, a2.recommending_unit.code, b1.recommending_unit.code} == {
        "prov-a",
        "prov-b",
    }
    assert Notification.objects.filter(recipient=users["recommender"]).count() == 2
    assert Notification.objects.filter(recipient=users["recommender_b"]).count() == 1

    # ... B1 prepares a second application but is still on its page when the call closes.
    late = fill_application(
        page,
        call,
        {
            "title_zh": "中智铜矿尾矿综合利用",
            "title_en": "Copper tailings reuse",
            "keywords": "尾矿",
            "field": "energy",
            "partner": chile,
            "central": (100, 20),
        },
        [("agreement", agreement_pdf, "合作协议")],
    )
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=5))
    page.locator("#actions form[data-action=submit] button").click()
    page.wait_for_url(APP_PAGE)
    expect_message(page, zh("The call has closed."), "error")
    expect_state(page, S.DRAFT)
    expect(page.locator("#actions form[data-action=submit]")).to_have_count(0)
    page.shot("04-late-submission-refused")
    late.refresh_from_db()
    assert late.state == S.DRAFT and not late.number and late.submitted_at is None

    # 3. Province A ranks A2 first and recommends it; its second recommendation is over quota.
    as_user(page, "recommender")
    page.goto(f"{page.base_url}/calls/{call.code}/")
    expect(page.locator("#call-phase")).to_have_text(label(CallPhase.RECOMMENDING))
    page.click("#ranking-link")
    expect(page.locator("#ranking-form tbody tr[data-app]")).to_have_count(2)
    page.click(f"tr[data-app='{a2.pk}'] button[data-move=up]")
    page.click("#ranking-form button.btn-primary")
    expect_message(page, zh("Ranking saved."))
    expect(page.locator(f"tr[data-app='{a2.pk}'] .rank")).to_have_text("1")
    expect(page.locator(f"tr[data-app='{a1.pk}'] .rank")).to_have_text("2")
    page.shot("05-ranking")
    page.click(f"tr[data-app='{a2.pk}'] a[href$='#actions']")
    act(page, "recommend", note="研究基础扎实，外方投入明确，推荐。")
    expect_message(page, zh("Recommended."))
    expect_state(page, S.RECOMMENDED)
    open_application(page, a1)
    act(page, "recommend", note="同样推荐。")
    quota_message = zh(
        "%(unit)s has used its quota: %(used)s of %(limit)s recommended.",
        unit=units["prov-a"].name_zh,
        used=1,
        limit=1,
    )
    expect_message(page, quota_message, "error")
    expect_state(page, S.SUBMITTED)
    page.shot("06-over-quota-refused")

    # ... province B recommends B1.
    as_user(page, "recommender_b")
    open_application(page, b1)
    act(page, "recommend", note="推荐。")
    expect_state(page, S.RECOMMENDED)
    for app, state, rank in [
        (a1, S.SUBMITTED, 2),
        (a2, S.RECOMMENDED, 1),
        (b1, S.RECOMMENDED, None),
    ]:
        app.refresh_from_db()
        assert (app.state, app.unit_rank) == (state, rank)
    assert (
        Application.objects.filter(recommending_unit=units["prov-a"])
        .exclude(recommended_at=None)
        .count()
        == 1
    )

    # 4. Recommendations are due; the office checks form. B1's agreement lacks the partner's
    #    signature page: rejected, with the reason. A2 passes every line and is accepted.
    Call.objects.filter(pk=call.pk).update(recommend_by=timezone.now() - timedelta(minutes=1))
    as_user(page, "office_staff")
    formal_check(page, b1, {"agreement": "合作协议缺少外方签字页"})
    reason = "合作协议缺少外方签字页，形式审查不通过。"
    act(page, "reject", reason=reason)
    expect_message(page, zh("Rejected."))
    expect_state(page, S.REJECTED)
    expect(page.locator("#rejection-reason")).to_contain_text(reason)
    page.shot("07-rejected")
    expect(page.locator("tr[data-check=agreement]")).to_contain_text("合作协议缺少外方签字页")
    page.locator("#formal-check").scroll_into_view_if_needed()
    page.shot("07-formal-check")

    formal_check(page, a2)
    act(page, "accept", note="形式审查通过。")
    expect_state(page, S.ACCEPTED)

    # 5. Review (the score is recorded by hand until the review capability lands), decision,
    #    and the first signature.
    act(page, "start-review")
    expect_state(page, S.IN_REVIEW)
    act(page, "score", score="88.5", note="专家组综合评分")
    expect_state(page, S.REVIEWED)
    act(page, "propose", outcome="approve", amount="260", note="建议立项")
    expect_message(page, zh("Decision proposed."))
    expect(page.locator("#decision-pending")).to_be_visible()
    act(page, "sign")
    expect_message(page, zh("Signed."))
    expect_state(page, S.REVIEWED)  # one office has signed; the other has not
    expect(page.locator("#signatures li[data-office=office]")).to_contain_text("office_staff")
    expect(page.locator("#actions form[data-action=sign]")).to_have_count(0)

    # 6. The second office signs: the decision is final.
    as_user(page, "safea_admin")
    open_application(page, a2)
    act(page, "sign")
    expect_message(page, zh("Signed."))
    expect_state(page, S.DECIDED)
    expect(page.locator("#decision-final")).to_be_visible()
    expect(page.locator("#signatures li[data-office=safea]")).to_contain_text("safea_admin")
    page.locator("#decision").scroll_into_view_if_needed()
    page.shot("08-decision-signed-by-both-offices")
    a2.refresh_from_db()
    assert a2.state == S.DECIDED and a2.awarded_amount == Decimal("260")
    assert sorted(
        Signature.objects.filter(decision__application=a2).values_list("office__code", flat=True)
    ) == ["office", "safea"]

    # 7. The office publishes the results: a project with its code; nothing else is pending, so
    #    the call's results are published.
    as_user(page, "office_staff")
    page.goto(f"{page.base_url}/calls/{call.code}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#publish-results")
    expect_message(page, zh("The final decisions were published."))
    expect(page.locator("#call-phase")).to_have_text(label(CallPhase.FINISHED))
    page.shot("09-results-published")
    project = Project.objects.get(application=a2)
    assert project.code == "GJHZ2026-0001"
    assert project.unit == units["inst-a2"] and project.amount == Decimal("260")
    assert list(project.countries.values_list("iso2", flat=True)) == ["JP"]
    call.refresh_from_db()
    assert call.status == CallStatus.FINISHED and call.finished_at

    # 8. A short second pass: a designation call, decided by one office, makes a base.
    jrc = open_call(
        page,
        gjjd,
        [units["office"]],
        {"prov-a": 1},
        units,
        code="2026-jrc",
        title_zh="2026年度国际联合研究中心认定",
        title_en="International joint research centres 2026",
        kind="designation",
        base_kind="joint_research_centre",
        designation_years=5,
        priority_fields=["energy"],
        template="base_designation",
    )
    as_user(page, "applicant")
    centre = fill_application(
        page,
        jrc,
        {
            "title_zh": "中德氢能国际联合研究中心",
            "title_en": "Sino-German joint research centre for hydrogen",
            "keywords": "氢能",
            "field": "energy",
            "partner": fraunhofer,
            "central": (60, 40),
        },
        [("agreement", agreement_pdf, "合作协议"), ("evidence", evidence_pdf, "成果证明")],
    )
    submit(page)
    centre.refresh_from_db()
    as_user(page, "recommender")
    open_application(page, centre)
    act(page, "recommend", note="推荐认定。")
    expect_state(page, S.RECOMMENDED)
    as_user(page, "office_staff")
    formal_check(page, centre)
    act(page, "accept")
    act(page, "start-review")
    act(page, "score", score="91")
    act(page, "propose", outcome="approve", amount="100")
    act(page, "sign")
    expect_state(page, S.DECIDED)  # one approving office: its signature makes it final
    act(page, "publish")
    expect_message(page, zh("Published."))
    expect_state(page, S.PUBLISHED)
    base = Base.objects.get(application=centre)
    assert base.code == "GJJD2026-0001" and base.kind == "joint_research_centre"
    assert base.unit == units["inst-a1"] and base.valid_to.year == base.valid_from.year + 5
    expect(page.locator("#award")).to_have_attribute("data-code", base.code)
    page.click("#award a")
    page.wait_for_url(f"**/portfolio/bases/{base.code}/")
    expect(page.locator("main")).to_contain_text(base.code)
    page.shot("10-base")

    # 9. The applicants see the result: in their notifications, on the application, by e-mail.
    as_user(page, "applicant_a2")
    page.click("#nav-notifications")
    note = page.locator("main .list-group-item", has_text=a2.number).first
    expect(note).to_contain_text(project.code)
    page.shot("11-applicant-notifications")
    note.locator("a").click()
    page.wait_for_url(APP_PAGE)
    expect_state(page, S.PUBLISHED)
    expect(page.locator("#award")).to_have_attribute("data-code", project.code)
    page.shot("12-applicant-sees-award")
    page.click("#award a")
    page.wait_for_url(f"**/portfolio/projects/{project.code}/")
    expect(page.locator("main")).to_contain_text(project.code)
    expect(page.locator("main")).to_contain_text("日本")
    page.shot("13-project")

    as_user(page, "applicant_b1")
    page.click("#nav-notifications")
    page.locator("main .list-group-item a", has_text=b1.number).first.click()
    page.wait_for_url(APP_PAGE)
    expect_state(page, S.REJECTED)
    expect(page.locator("#rejection-reason")).to_contain_text(reason)
    page.shot("14-applicant-sees-rejection")

    as_user(page, "applicant")
    page.click("#nav-notifications")
    expect(page.locator("main .list-group-item", has_text=base.code)).to_have_count(1)

    # The public directory lists the project and the base.
    page.click("nav form[action$='/accounts/logout/'] button")
    page.goto(page.base_url + "/portfolio/projects/")
    expect(page.locator("#record-table")).to_contain_text(project.code)
    page.goto(page.base_url + "/portfolio/bases/")
    expect(page.locator("#record-table")).to_contain_text(base.code)

    # E-mail went out for the rejection (with its reason) and for each award (with its code);
    # nothing else was mailed.
    sent = {(tuple(m.to), m.subject): m.body for m in mail.outbox}
    assert len(mail.outbox) == 3, [m.subject for m in mail.outbox]
    (rejection,) = [b for (to, s), b in sent.items() if to == ("applicant_b1@example.cn",)]
    assert reason in rejection
    (award,) = [b for (to, s), b in sent.items() if to == ("applicant_a2@example.cn",)]
    assert project.code in award
    (designation,) = [b for (to, s), b in sent.items() if to == ("applicant@example.cn",)]
    assert base.code in designation
    for (_to, subject), _body in sent.items():
        assert any(n in subject for n in (a2.number, b1.number, centre.number))
