"""Spreadsheet exports of applications: any list the user can see, as filtered. Applications are
made through the workflow, never imported, so the resource exports only."""

from __future__ import annotations

from hezuo.core.io import parsers as p
from hezuo.core.io.resources import Col, Resource, register
from hezuo.portfolio.reference import PRIORITY_FIELD_ZH

from . import models as m

# Chinese names, so a Chinese export reads right whatever catalogues are compiled (as the
# registry's resources do).
ZH_STATE = {
    "draft": "草稿",
    "submitted": "已提交",
    "returned": "退回修改",
    "withdrawn": "已撤回",
    "recommended": "已推荐",
    "accepted": "形式审查通过",
    "rejected": "形式审查未通过",
    "in_review": "评审中",
    "reviewed": "已评审",
    "decided": "已决定",
    "published": "已公布",
}
ZH_OUTCOME = {"approve": "批准", "reject": "不予支持", "waitlist": "候补"}


def _partners(app: m.Application) -> list[str]:
    return [f"{p.display_name} ({p.country.name})" for p in app.partners.all()]


def _countries(app: m.Application) -> list[str]:
    return sorted({p.country.name for p in app.partners.all()})


class ApplicationResource(Resource):
    model = m.Application
    importable = False
    select_related = ("call", "applicant_unit", "recommending_unit", "organisation")
    prefetch_related = ("partners__country", "partners__organisation", "budget_lines")
    columns = [
        Col("number", "申报编号", "Number"),
        Col("call_code", "指南", "Call", export=lambda a: a.call.code),
        Col("title_zh", "名称（中文）", "Title (Chinese)", width=40),
        Col("title_en", "名称（英文）", "Title (English)", width=40),
        Col("applicant", "申报单位", "Applicant", export=lambda a: str(a.applicant_unit)),
        Col(
            "recommender",
            "推荐单位",
            "Recommending unit",
            export=lambda a: str(a.recommending_unit),
        ),
        Col("field", "领域", "Field", parser=p.Choice(zh=PRIORITY_FIELD_ZH)),
        Col("keywords", "关键词", "Keywords"),
        Col("partner_list", "外方合作单位", "Foreign partners", export=_partners, width=40),
        Col("partner_countries", "合作国别", "Partner countries", export=_countries),
        Col("duration_months", "执行期（月）", "Duration (months)"),
        Col("requested_amount", "申请中央财政经费（万元）", "Central funding requested (10k CNY)"),
        Col(
            "budget_total",
            "总预算（万元）",
            "Total budget (10k CNY)",
            export=lambda a: a.budget_totals()["total"],
        ),
        Col(
            "budget_foreign",
            "外方投入（万元）",
            "Foreign funds (10k CNY)",
            export=lambda a: a.budget_totals()["foreign"],
        ),
        Col("state", "状态", "State", parser=p.Choice(zh=ZH_STATE)),
        Col("submitted_at", "提交时间", "Submitted"),
        Col("unit_rank", "推荐排序", "Rank in unit"),
        Col("score", "评分", "Score"),
        Col("outcome", "决定", "Decision", parser=p.Choice(zh=ZH_OUTCOME)),
        Col("awarded_amount", "资助金额（万元）", "Amount awarded (10k CNY)"),
    ]


register("application", ApplicationResource())
