"""Spreadsheet import/export of the registry: one resource per kind, registered by name.

How a row finds the record it updates (so importing the same file twice changes nothing):

- any kind: the ID column (the record's number, as exported), when filled in;
- organisation: ROR id, then unified social credit code, then its names — any of the row's
  Chinese name, English name and aliases equal to any of a record's (after normalisation: case,
  width, spaces, punctuation: `normalise_name`), in the same country (or with no country given);
  then, in the same country only, the acronym (exactly: MPG in Germany is not MPG in Brazil);
  then fuzzy (rapidfuzz token-sort ratio ≥ 95, same country). A row found by a name keeps the
  record's names; a differing spelling is added to the aliases. Fuzzy matches are listed in the
  outcome for review;
- person: ORCID iD, then e-mail, then the exact name (Chinese or English) with the nationality —
  among the people the user can see;
- agreement: its code; mechanism: its exact name; post: person + organisation + level + term
  start; candidacy: person + organisation + target level.

A matched record is updated with the row's non-empty cells (empty cells keep what is there). Each
match keeps why (`Row.why`), which the outcome shows beside the record.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hezuo.core.io import parsers as p
from hezuo.core.io.matching import (
    ACRONYM,
    ALIAS,
    NAME_EN,
    NAME_ZH,
    NameIndex,
    name_facts,
    same_value,
    same_values,
    similar_name,
)
from hezuo.core.io.parsers import CellError, Ref
from hezuo.core.io.resources import Col, Resource, Row, RowIssue, register

from . import models as m
from .provinces import PROVINCE_NAMES_EN, PROVINCE_NAMES_ZH, province_code
from .services import may_create

NAME_FIELDS = ("name_en", "name_zh")
# A row found by one of these kept the record's names (a differing spelling becomes an alias).
MATCHED_BY_NAME = (*NAME_FIELDS, "aliases", "acronym")
ROR_IN_TEXT = re.compile(
    r"(?:https?://)?(?:www\.)?ror\.org/(0[a-z0-9]{6}\d{2})/?$|^(0[a-z0-9]{6}\d{2})$"
)
NUMBER = re.compile(r"#\s*(\d+)$")


def _number(text: str) -> int | None:
    match = NUMBER.match(text.strip())
    return int(match.group(1)) if match else None


# --- shared indexes (built once per import) ------------------------------------------------------


class OrganisationIndex:
    def __init__(self):
        self.names = NameIndex(m.normalise_name)
        self.by_ror: dict[str, int] = {}
        self.by_uscc: dict[str, int] = {}
        rows = m.Organisation.objects.values_list(
            "pk", "name_zh", "name_en", "aliases", "acronym", "country_id", "ror_id", "uscc"
        )
        for pk, zh, en, aliases, acronym, country_id, ror, uscc in rows.iterator(chunk_size=5000):
            names = [(NAME_EN, en), (NAME_ZH, zh)]
            names += [(ALIAS, a) for a in aliases or [] if isinstance(a, str)]
            self.names.add_names(pk, country_id, names, display=en or zh, acronym=acronym)
            if ror:
                self.by_ror[ror] = pk
            if uscc:
                self.by_uscc[uscc] = pk

    def resolve(self, text: str):
        """A reference typed in a cell: #number, ROR id (or URL), or a name."""
        number = _number(text)
        if number is not None:
            return Ref(m.Organisation, number) if number in self.names.display else None
        ror = ROR_IN_TEXT.match(text.strip().lower())
        if ror:
            pk = self.by_ror.get(ror.group(1) or ror.group(2))
            return Ref(m.Organisation, pk) if pk else None
        pks = self.names.exact([text])
        if len(pks) > 1:
            raise CellError(
                _(
                    "Several organisations are called “%(name)s” (%(ids)s); give the ROR id or "
                    "the number, like #%(first)d."
                )
                % {"name": text, "ids": ", ".join(f"#{pk}" for pk in pks[:5]), "first": pks[0]}
            )
        return Ref(m.Organisation, pks[0]) if pks else None


def organisations(ctx) -> OrganisationIndex:
    return ctx.cached("organisations", OrganisationIndex)


class PersonIndex:
    """The people the importing user can see."""

    def __init__(self, user):
        self.names = NameIndex(m.normalise_name)
        self.by_orcid: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        rows = m.Person.objects.visible_to(user).values_list(
            "pk", "name_zh", "name_en", "nationality_id", "email", "orcid"
        )
        for pk, zh, en, nationality_id, email, orcid in rows.iterator(chunk_size=5000):
            self.names.add_names(pk, nationality_id, [(NAME_EN, en), (NAME_ZH, zh)], en or zh)
            if orcid:
                self.by_orcid.setdefault(orcid, pk)
            if email:
                self.by_email.setdefault(email.lower(), pk)

    def resolve(self, text: str):
        number = _number(text)
        if number is not None:
            return Ref(m.Person, number) if number in self.names.display else None
        text = text.strip()
        if m.ORCID_VALIDATOR.regex.match(text):
            pk = self.by_orcid.get(text)
            return Ref(m.Person, pk) if pk else None
        if "@" in text:
            pk = self.by_email.get(text.lower())
            return Ref(m.Person, pk) if pk else None
        pks = self.names.exact([text])
        if len(pks) > 1:
            raise CellError(
                _(
                    "Several people are called “%(name)s” (%(ids)s); give the ORCID iD, the "
                    "e-mail or the number, like #%(first)d."
                )
                % {"name": text, "ids": ", ".join(f"#{pk}" for pk in pks[:5]), "first": pks[0]}
            )
        return Ref(m.Person, pks[0]) if pks else None


def people(ctx) -> PersonIndex:
    return ctx.cached("people", lambda: PersonIndex(ctx.user))


def agreements(ctx) -> dict[str, int]:
    def build():
        return {
            code.lower(): pk
            for code, pk in m.Agreement.objects.visible_to(ctx.user).values_list("code", "pk")
        }

    return ctx.cached("agreements", build)


def _agreement_ref(ctx):
    table = agreements(ctx)

    def resolve(text: str):
        number = _number(text)
        if number is not None:
            return Ref(m.Agreement, number) if number in table.values() else None
        pk = table.get(text.strip().lower())
        return Ref(m.Agreement, pk) if pk else None

    return resolve


# --- parsers for registry references ------------------------------------------------------------


def organisation_ref(multiple: bool = False) -> p.Lookup:
    return p.Lookup(
        lambda ctx: organisations(ctx).resolve,
        unknown=gettext_lazy(
            "Unknown organisation “%(value)s” (it must already be in the registry; give its exact "
            "name, ROR id or number like #12)."
        ),
        hint=gettext_lazy("Organisation: exact name, ROR id, or number like #12")
        if not multiple
        else gettext_lazy("Organisations: exact names, ROR ids or numbers, separated by ;"),
        display=lambda org: org.name_en or org.name_zh,
        multiple=multiple,
    )


def person_ref() -> p.Lookup:
    return p.Lookup(
        lambda ctx: people(ctx).resolve,
        unknown=gettext_lazy(
            "Unknown person “%(value)s” (give the exact name, ORCID iD, e-mail or number like #12 "
            "of someone already in the registry)."
        ),
        hint=gettext_lazy("Person: exact name, ORCID iD, e-mail or number like #12"),
        display=lambda person: person.name_en or person.name_zh,
    )


def agreement_ref() -> p.Lookup:
    return p.Lookup(
        _agreement_ref,
        unknown=gettext_lazy("Unknown agreement code “%(value)s”."),
        hint=gettext_lazy("Agreement code"),
        display=lambda agreement: agreement.code,
    )


class Province(p.Parser):
    _table: dict[str, str] | None = None

    def parse(self, raw, ctx):
        text = p.as_text(raw)
        if self._table is None:
            self._table = {}
        code = self._table.get(text)
        if code is None:
            code = province_code(text)
            if code is not None:
                self._table[text] = code
        if code is None:
            raise CellError(
                _("Unknown province “%(value)s”; give its name (北京, Beijing) or code (11).")
                % {"value": text}
            )
        return code

    def to_cell(self, value):
        if not value:
            return ""
        names = PROVINCE_NAMES_EN if (get_language() or "").startswith("en") else PROVINCE_NAMES_ZH
        return names.get(value, value)

    @property
    def hint(self) -> str:
        return _("Province of a domestic organisation: name (北京, Beijing) or code (11)")


# --- Chinese names of the choices (understood on import whatever translations are installed) -----

ZH_ORGANISATION_KIND = {
    "university": ("高校", "大学", "高等院校"),
    "institute": ("科研院所", "研究机构", "研究所", "科研机构"),
    "enterprise": ("企业", "公司"),
    "government": ("政府机构", "政府部门"),
    "igo": ("政府间国际组织",),
    "ingo": ("国际非政府组织",),
    "society": ("科技社团", "学会", "协会"),
    "other": ("其他",),
}
ZH_FLAG = {
    "national_key_lab": ("全国重点实验室", "国家重点实验室"),
    "engineering_centre": ("国家工程研究中心",),
    "high_tech_enterprise": ("高新技术企业",),
    "double_first_class": ("双一流高校", "双一流"),
    "intergov_executor": ("承担政府间合作项目",),
}
ZH_AGREEMENT_KIND = {
    "intergovernmental": ("政府间科技合作协定", "政府间协定"),
    "mou": ("谅解备忘录",),
    "institutional": ("机构间合作协议", "机构间协议"),
}
ZH_AGREEMENT_STATUS = {
    "negotiating": ("谈判中", "商谈中"),
    "in_force": ("有效", "生效", "在有效期内"),
    "expired": ("已到期", "已失效", "过期"),
    "terminated": ("已终止", "终止"),
}
ZH_MECHANISM_KIND = {
    "joint_committee": ("联委会", "联合委员会"),
    "high_level_dialogue": ("高层对话",),
    "innovation_dialogue": ("创新对话",),
    "forum": ("论坛",),
}
ZH_POST_LEVEL = {
    "president": ("主席", "会长", "总干事"),
    "vice_president": ("副主席", "副会长", "副总干事"),
    "executive": ("执委", "理事", "执行委员"),
    "member": ("成员", "委员"),
}
ZH_CANDIDACY_STATUS = {
    "nominated": ("已推荐", "推荐"),
    "in_training": ("培养中",),
    "ready": ("可任用", "储备就绪"),
    "appointed": ("已任职", "已任命"),
    "withdrawn": ("已退出", "退出"),
}
ZH_REGION = {
    "africa": ("非洲",),
    "americas": ("美洲",),
    "asia": ("亚洲",),
    "europe": ("欧洲",),
    "oceania": ("大洋洲",),
    "antarctica": ("南极洲",),
}
ZH_DEVELOPMENT_GROUP = {
    "developed": ("发达国家",),
    "emerging": ("新兴经济体",),
    "developing": ("发展中国家",),
}


# --- resources -----------------------------------------------------------------------------------


class RegistryResource(Resource):
    def may_import(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and may_create(user, self.model))


OWNER = Col(
    "owner_unit",
    "所属单位代码",
    "Owner unit code",
    help=gettext_lazy("Code of the unit that keeps the record; empty: your own unit"),
)


class OrganisationResource(RegistryResource):
    model = m.Organisation
    list_url_name = "registry:organisation_list"
    select_related = ("country", "parent")
    columns = [
        Col("name_zh", "名称（中文）", "Name (Chinese)", width=30),
        Col("name_en", "名称（英文）", "Name (English)", width=40),
        Col("acronym", "简称", "Acronym"),
        Col("aliases", "别名", "Aliases", parser=p.TextList(names=True)),
        Col("kind", "类型", "Kind", parser=p.Choice(zh=ZH_ORGANISATION_KIND), required=True),
        Col("country", "国家", "Country"),
        Col("province", "省份", "Province", parser=Province()),
        Col("city", "城市", "City"),
        Col("parent", "上级机构", "Parent organisation", parser=organisation_ref()),
        Col("ror_id", "ROR 标识", "ROR id"),
        Col("uscc", "统一社会信用代码", "Unified social credit code"),
        Col("flags", "标记", "Flags", parser=p.ChoiceList(m.OrganisationFlag.choices, zh=ZH_FLAG)),
        Col("website", "网址", "Website"),
    ]

    def match(self, row: Row, ctx) -> int | None:
        index = organisations(ctx)
        v = row.values
        for name, table in (("ror_id", index.by_ror), ("uscc", index.by_uscc)):
            if v.get(name) and v[name] in table:
                row.match_column = name
                row.why = [same_value(name, v[name])]
                return table[v[name]]
        keys, alias_keys, acronym_key = self._keys(row)
        if not keys and not alias_keys and not acronym_key:
            return None
        country = v.get("country")
        group = country.pk if country is not None else None
        pks, hits = index.names.find(keys, group, acronym_key, alias_keys)
        name_col = next((c for c in MATCHED_BY_NAME if v.get(c)), "name_en")
        if len(pks) > 1:
            by_acronym = all(ACRONYM in (h.kind, h.via) for h in hits)
            raise RowIssue(
                "acronym" if by_acronym else name_col,
                (
                    _(
                        "This acronym matches several organisations in this country (%(ids)s); "
                        "add the ROR id, or the number in the ID column."
                    )
                    if by_acronym
                    else _(
                        "This name matches several organisations (%(ids)s); add the country, the "
                        "ROR id, or the number in the ID column."
                    )
                )
                % {"ids": ", ".join(f"#{pk}" for pk in pks[:5])},
            )
        if pks:
            pk = pks[0]
            row.match_column = next(h.via for h in hits if h.pk == pk) or name_col
            place = {"zh": country.name_zh, "en": country.name_en} if country else None
            row.why = name_facts(hits, pk, place)
            return pk
        names = [v.get("name_en"), v.get("name_zh"), *(v.get("aliases") or [])]
        hit = index.names.fuzzy(names, group) if any(names) else None
        if hit is not None:
            row.match_column = name_col
            row.why = [similar_name(hit.name, hit.score)]
            row.note = {
                "column": name_col,
                "value": v.get(name_col),
                "matched": hit.name,
                "id": hit.pk,
                "score": round(hit.score, 1),
                "message": _("Updated the organisation with a similar name."),
            }
            return hit.pk
        return None

    @staticmethod
    def _keys(row: Row) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
        """The row's normalised names and aliases as (column, key), and its normalised acronym,
        computed once."""
        keys = row.cache.get("name_keys")
        if keys is None:
            v, norm = row.values, m.normalise_name
            names = [(n, norm(v[n])) for n in NAME_FIELDS if v.get(n)]
            aliases = [("aliases", norm(a)) for a in v.get("aliases") or []]
            keys = (
                [(c, k) for c, k in names if k],
                [(c, k) for c, k in aliases if k],
                norm(v.get("acronym") or ""),
            )
            row.cache["name_keys"] = keys
        return keys

    def duplicate_keys(self, row: Row, ctx):
        v = row.values
        for name in ("ror_id", "uscc"):
            if v.get(name):
                yield name, (name, v[name])
        country = v.get("country")
        group = country.pk if country is not None else None
        keys, alias_keys, acronym_key = self._keys(row)
        for name, key in [*keys, *alias_keys]:
            yield name, ("name", group, key)
        if acronym_key and group is not None:  # an acronym only names one within a country
            yield "acronym", ("name", group, acronym_key)

    def build(self, row: Row, ctx, instance):
        if instance is not None:
            values = dict(row.values)
            aliases = list(instance.aliases or [])
            for alias in values.pop("aliases", None) or []:
                if alias not in aliases:
                    aliases.append(alias)
            if row.match_column in MATCHED_BY_NAME:
                # A name identified the record: keep its names, remember other spellings.
                for name in NAME_FIELDS:
                    new, old = values.get(name), getattr(instance, name)
                    if new and old:
                        del values[name]
                        if m.normalise_name(new) != m.normalise_name(old) and new not in aliases:
                            aliases.append(new)
            if aliases != list(instance.aliases or []):
                values["aliases"] = aliases
            row = replace(row, values=values)
        return super().build(row, ctx, instance)

    @property
    def derived_fields(self) -> list[str]:
        return ["search_text", "name_key"]

    def before_bulk_write(self, obj) -> None:
        obj.search_text = obj.build_search_text()
        obj.name_key = m.normalise_name(obj.name_en or obj.name_zh)


class _KeyedResource(RegistryResource):
    """Matched on a tuple of values among the records the user can see."""

    key_fields: tuple[str, ...] = ()

    def _key(self, values: dict):
        key = []
        for name in self.key_fields:
            value = values.get(name)
            key.append(value.pk if hasattr(value, "pk") else (value or None))
        return tuple(key)

    def prepare(self, ctx) -> None:
        super().prepare(ctx)

        def build():
            columns = [
                f"{n}_id" if self.model._meta.get_field(n).is_relation else n
                for n in self.key_fields
            ]
            table = {}
            for values in self.visible(ctx.user).values_list(*columns, "pk"):
                table.setdefault(tuple(v or None for v in values[:-1]), values[-1])
            return table

        ctx.cached(f"keys:{self.kind}", build)

    def match(self, row: Row, ctx) -> int | None:
        pk = ctx.cached(f"keys:{self.kind}", dict).get(self._key(row.values))
        if pk is not None:
            row.match_column = self.key_fields[0]
            row.why = [same_values(self.key_fields)]
        return pk

    def duplicate_keys(self, row: Row, ctx):
        yield self.key_fields[0], ("key", self._key(row.values))


class PersonResource(RegistryResource):
    model = m.Person
    list_url_name = "registry:person_list"
    owner_field = "owner_unit"
    select_related = ("nationality", "owner_unit")
    columns = [
        Col("name_zh", "姓名（中文）", "Name (Chinese)"),
        Col("name_en", "姓名（英文）", "Name (English)"),
        Col("nationality", "国籍", "Nationality"),
        Col("email", "电子邮箱", "E-mail"),
        Col("orcid", "ORCID", "ORCID iD"),
        Col("disciplines", "学科", "Disciplines"),
        Col("keywords", "关键词", "Keywords"),
        Col("is_expert", "专家", "Expert"),
        Col("is_officeholder", "国际组织任职", "Holds an international post"),
        OWNER,
    ]

    def match(self, row: Row, ctx) -> int | None:
        index = people(ctx)
        v = row.values
        if v.get("orcid") and v["orcid"] in index.by_orcid:
            row.match_column = "orcid"
            row.why = [same_value("orcid", v["orcid"])]
            return index.by_orcid[v["orcid"]]
        if v.get("email") and v["email"].lower() in index.by_email:
            row.match_column = "email"
            row.why = [same_value("email", v["email"])]
            return index.by_email[v["email"].lower()]
        keys = [(n, m.normalise_name(v[n])) for n in NAME_FIELDS if v.get(n)]
        if not keys:
            return None
        nationality = v.get("nationality")
        pks, hits = index.names.find(keys, nationality.pk if nationality else None)
        name_col = "name_en" if v.get("name_en") else "name_zh"
        if len(pks) > 1:
            raise RowIssue(
                name_col,
                _(
                    "Several people have this name (%(ids)s); add the ORCID iD or e-mail, or the "
                    "number in the ID column."
                )
                % {"ids": ", ".join(f"#{pk}" for pk in pks[:5])},
            )
        if pks:
            row.match_column = next(h.via for h in hits if h.pk == pks[0])
            row.why = name_facts(hits, pks[0])
            return pks[0]
        return None

    def duplicate_keys(self, row: Row, ctx):
        v = row.values
        if v.get("orcid"):
            yield "orcid", ("orcid", v["orcid"])
        if v.get("email"):
            yield "email", ("email", v["email"].lower())
        nationality = v.get("nationality")
        group = nationality.pk if nationality else None
        names = tuple(m.normalise_name(v.get(n) or "") for n in NAME_FIELDS)
        if any(names):
            yield ("name_en" if v.get("name_en") else "name_zh"), ("name", group, names)


class AgreementResource(RegistryResource):
    model = m.Agreement
    list_url_name = "registry:agreement_list"
    owner_field = "owner_unit"
    select_related = ("owner_unit",)
    prefetch_related = ("countries", "organisations")
    columns = [
        Col("code", "编号", "Code", required=True),
        Col("title_zh", "名称（中文）", "Title (Chinese)", width=40),
        Col("title_en", "名称（英文）", "Title (English)", width=40),
        Col("kind", "类型", "Kind", parser=p.Choice(zh=ZH_AGREEMENT_KIND), required=True),
        Col("status", "状态", "Status", parser=p.Choice(zh=ZH_AGREEMENT_STATUS)),
        Col("countries", "缔约国家", "Party countries"),
        Col("organisations", "缔约机构", "Party organisations", parser=organisation_ref(True)),
        Col("signed_on", "签署日期", "Signed on"),
        Col("valid_from", "生效日期", "Valid from"),
        Col("valid_until", "失效日期", "Valid until"),
        Col("ip_arrangement", "知识产权安排", "IP arrangement"),
        Col("commits_technology", "外方承诺：技术", "Foreign side commits: technology"),
        Col("commits_people", "外方承诺：人员", "Foreign side commits: people"),
        Col("commits_equipment", "外方承诺：设备", "Foreign side commits: equipment"),
        Col("commits_money", "外方承诺：资金（万元）", "Foreign side commits: money (10k CNY)"),
        OWNER,
    ]


class MechanismResource(RegistryResource):
    model = m.Mechanism
    list_url_name = "registry:mechanism_list"
    select_related = ("agreement",)
    prefetch_related = ("countries",)
    columns = [
        Col("name_zh", "名称（中文）", "Name (Chinese)", width=30),
        Col("name_en", "名称（英文）", "Name (English)", width=40),
        Col("kind", "类型", "Kind", parser=p.Choice(zh=ZH_MECHANISM_KIND), required=True),
        Col("countries", "国家", "Countries"),
        Col("agreement", "所依协定代码", "Agreement code", parser=agreement_ref()),
        Col("established", "设立年份", "Established (year)", parser=p.Int(1900, 2100)),
        Col("active", "是否活跃", "Active"),
    ]

    def prepare(self, ctx) -> None:
        super().prepare(ctx)

        def build():
            index = NameIndex(m.normalise_name)
            for pk, zh, en in m.Mechanism.objects.values_list("pk", "name_zh", "name_en"):
                index.add_names(pk, None, [(NAME_EN, en), (NAME_ZH, zh)])
            return index

        ctx.cached("mechanisms", build)

    def match(self, row: Row, ctx) -> int | None:
        v = row.values
        keys = [(n, m.normalise_name(v[n])) for n in NAME_FIELDS if v.get(n)]
        pks, hits = ctx.cached("mechanisms", dict).find(keys) if keys else ([], [])
        name_col = "name_en" if row.values.get("name_en") else "name_zh"
        if len(pks) > 1:
            raise RowIssue(
                name_col,
                _("This name matches several mechanisms (%(ids)s); give the ID.")
                % {"ids": ", ".join(f"#{pk}" for pk in pks[:5])},
            )
        if pks:
            row.match_column = next(h.via for h in hits if h.pk == pks[0])
            row.why = name_facts(hits, pks[0])
            return pks[0]
        return None

    def duplicate_keys(self, row: Row, ctx):
        for name in NAME_FIELDS:
            if row.values.get(name):
                yield name, ("name", m.normalise_name(row.values[name]))


class PostResource(_KeyedResource):
    model = m.Post
    list_url_name = "registry:post_list"
    owner_field = "owner_unit"
    select_related = ("person", "organisation", "owner_unit")
    key_fields = ("person", "organisation", "level", "term_start")
    columns = [
        Col("person", "人员", "Person", parser=person_ref(), required=True),
        Col(
            "organisation",
            "国际组织",
            "International organisation",
            parser=organisation_ref(),
            required=True,
        ),
        Col("level", "职级", "Level", parser=p.Choice(zh=ZH_POST_LEVEL), required=True),
        Col("title", "职务名称", "Title"),
        Col("term_start", "任期开始", "Term starts"),
        Col("term_end", "任期结束", "Term ends"),
        Col("owner_unit", "推荐单位代码", "Recommending body code", help=OWNER.help),
    ]


class CandidacyResource(_KeyedResource):
    model = m.Candidacy
    list_url_name = "registry:candidacy_list"
    owner_field = "owner_unit"
    select_related = ("person", "organisation", "owner_unit")
    key_fields = ("person", "organisation", "target_level")
    columns = [
        Col("person", "人员", "Person", parser=person_ref(), required=True),
        Col("organisation", "目标组织", "Target organisation", parser=organisation_ref()),
        Col("target_level", "目标职级", "Target level", parser=p.Choice(zh=ZH_POST_LEVEL)),
        Col("status", "状态", "Status", parser=p.Choice(zh=ZH_CANDIDACY_STATUS)),
        Col("nominated_on", "推荐日期", "Nominated on"),
        Col("notes", "备注", "Notes"),
        Col("owner_unit", "推荐单位代码", "Recommending body code", help=OWNER.help),
    ]


class CountryResource(Resource):
    """Countries are reference data: exported, not imported."""

    model = m.Country
    importable = False
    id_column = False
    prefetch_related = ("groupings",)
    columns = [
        Col("iso2", "ISO 二位代码", "ISO alpha-2"),
        Col("iso3", "ISO 三位代码", "ISO alpha-3"),
        Col("numeric", "ISO 数字代码", "ISO numeric"),
        Col("name_zh", "名称（中文）", "Name (Chinese)"),
        Col("name_en", "名称（英文）", "Name (English)"),
        Col("official_name_en", "正式名称（英文）", "Official name (English)"),
        Col("aliases", "别名", "Aliases"),
        Col("region", "地区", "Region", parser=p.Choice(zh=ZH_REGION)),
        Col(
            "development_group",
            "发展程度",
            "Development group",
            parser=p.Choice(zh=ZH_DEVELOPMENT_GROUP),
        ),
        Col(
            "groupings",
            "所属组织/集团",
            "Groupings",
            parser=p.Lookup(
                lambda ctx: None,
                unknown="",
                hint=gettext_lazy("Groupings the country belongs to (Belt and Road, BRICS…)"),
                display=str,
                multiple=True,
            ),
        ),
    ]


register("organisation", OrganisationResource())
register("person", PersonResource())
register("agreement", AgreementResource())
register("mechanism", MechanismResource())
register("post", PostResource())
register("candidacy", CandidacyResource())
register("country", CountryResource())
