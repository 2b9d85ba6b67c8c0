"""Spreadsheet exports of funded projects and designated bases (imports come later, with the
bases designated before the platform)."""

from __future__ import annotations

from hezuo.core.io import parsers as p
from hezuo.core.io.resources import Col, Resource, register

from . import models as pm
from .reference import PRIORITY_FIELD_ZH

ZH_BASE_KIND = {
    "innovation_park": "国际创新园",
    "joint_research_centre": "国际联合研究中心",
    "technology_transfer_centre": "国际技术转移中心",
    "demonstration_base": "示范型国际科技合作基地",
    "key_institution": "国际科技合作重点科研机构",
}
ZH_PROJECT_STATUS = {"active": "执行中", "completed": "已结题", "terminated": "已终止"}
ZH_BASE_STATUS = {
    "active": "有效",
    "rectification": "限期整改",
    "revoked": "已撤销",
    "expired": "已到期",
}


class ProjectResource(Resource):
    model = pm.Project
    importable = False
    select_related = ("unit", "organisation", "call")
    prefetch_related = ("countries",)
    columns = [
        Col("code", "项目编号", "Code"),
        Col("title_zh", "名称（中文）", "Title (Chinese)", width=40),
        Col("title_en", "名称（英文）", "Title (English)", width=40),
        Col("unit_name", "承担单位", "Institution", export=lambda x: str(x.unit)),
        Col("field", "领域", "Field", parser=p.Choice(zh=PRIORITY_FIELD_ZH)),
        Col("countries", "合作国别", "Partner countries"),
        Col("amount", "资助金额（万元）", "Amount (10k CNY)"),
        Col("start", "开始日期", "Starts"),
        Col("end", "结束日期", "Ends"),
        Col("status", "状态", "Status", parser=p.Choice(zh=ZH_PROJECT_STATUS)),
    ]


class BaseResource(Resource):
    model = pm.Base
    importable = False
    select_related = ("unit", "organisation")
    columns = [
        Col("code", "基地编号", "Code"),
        Col("name_zh", "名称（中文）", "Name (Chinese)", width=40),
        Col("name_en", "名称（英文）", "Name (English)", width=40),
        Col("kind", "类别", "Kind", parser=p.Choice(zh=ZH_BASE_KIND)),
        Col("unit_name", "依托单位", "Institution", export=lambda x: str(x.unit or "")),
        Col("field", "领域", "Field", parser=p.Choice(zh=PRIORITY_FIELD_ZH)),
        Col("valid_from", "有效期起", "Valid from"),
        Col("valid_to", "有效期止", "Valid to"),
        Col("status", "状态", "Status", parser=p.Choice(zh=ZH_BASE_STATUS)),
    ]


register("project", ProjectResource())
register("base", BaseResource())
