"""The units (the offices, recommending units, institutions) and the demo users."""

from __future__ import annotations

from hezuo.core.management.commands.createadmin import office_unit
from hezuo.core.models import Membership, Role, Unit, UnitKind, User
from hezuo.registry.models import OrganisationKind
from hezuo.registry.provinces import PROVINCES

from .draws import weighted_sample
from .figures import CHANGE_REASON, DEMO_PASSWORD, DEMO_USERS


class UnitSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def units(self) -> None:
        office = office_unit()
        if office.organisation_id is None:
            office.organisation = self.top["MOST"]
            office.save()
        self.unit: dict[str, Unit] = {"office": office}
        specs = [
            ("office-safea", "国家外国专家局", "State Administration of Foreign Experts Affairs",
             UnitKind.OFFICE, "SAFEA"),
            ("min-moe", "教育部", "Ministry of Education", UnitKind.RECOMMENDER, "MOE"),
            ("min-cas", "中国科学院", "Chinese Academy of Sciences", UnitKind.RECOMMENDER, "CAS"),
            ("min-miit", "工业和信息化部", "Ministry of Industry and Information Technology",
             UnitKind.RECOMMENDER, "MIIT"),
            ("min-cast", "中国科学技术协会", "China Association for Science and Technology",
             UnitKind.RECOMMENDER, "CAST"),
            ("min-moa", "农业农村部", "Ministry of Agriculture and Rural Affairs",
             UnitKind.RECOMMENDER, "MARA"),
            ("min-nhc", "国家卫生健康委员会", "National Health Commission", UnitKind.RECOMMENDER,
             "NHC"),
        ]  # fmt: skip
        objs = [
            Unit(code=code, name_zh=zh, name_en=en, kind=kind, organisation=self.top[acr])
            for code, zh, en, kind, acr in specs
        ]
        for code, _zh, _en in PROVINCES:
            org = self.departments[code]
            objs.append(
                Unit(code=f"prov-{code}", name_zh=org.name_zh, name_en=org.name_en[:200],
                     kind=UnitKind.RECOMMENDER, organisation=org)
            )  # fmt: skip
        objs.append(
            Unit(code="expert-group", name_zh="评审专家组", name_en="Review panel",
                 kind=UnitKind.EXPERT_GROUP)
        )  # fmt: skip
        for unit in self.save(Unit, objs):
            self.unit[unit.code] = unit

    def institution_units(self) -> None:
        rng = self.rng
        pinned = [o for o in self.domestic if o.kind == OrganisationKind.UNIVERSITY and o._major]
        pinned += self.societies[:10]
        pinned += [o for o in self.domestic if o.kind == "enterprise" and o._major]
        pinned_ids = {o.pk for o in pinned}
        unit_orgs = {self.top[acr].pk for acr in ("CAS", "MOST", "SAFEA", "CAST")}
        eligible = [
            o for o in self.domestic
            if o.pk not in pinned_ids and o.pk not in unit_orgs
            and o.kind in (OrganisationKind.UNIVERSITY, OrganisationKind.INSTITUTE,
                           OrganisationKind.ENTERPRISE)
        ]  # fmt: skip
        weights = [
            3.0 if o._rec == "min-cas" else 2.0 if o.kind == "university" else 1.0 for o in eligible
        ]
        extra = max(0, self.n("institution_units") - len(pinned))
        chosen = pinned + weighted_sample(rng, eligible, weights, extra)
        objs = []
        for i, org in enumerate(chosen):
            code = "inst-bjut" if org is self.bjut else f"inst-{i:04d}"
            objs.append(
                Unit(code=code, name_zh=org.name_zh, name_en=org.name_en[:200],
                     kind=UnitKind.INSTITUTION, parent=self.unit[org._rec], organisation=org)
            )  # fmt: skip
        self.institutions = self.save(Unit, objs)
        self.unit_of_org = {}
        for unit in self.institutions:
            self.unit[unit.code] = unit
            self.unit_of_org[unit.organisation_id] = unit
        self.society_units = [
            u for u in self.institutions if u.organisation.kind == OrganisationKind.SOCIETY
        ]

    def users(self) -> None:
        hashed = None
        created = {}
        for spec in DEMO_USERS:
            user = User(username=spec.username, display_name=spec.display_name)
            if hashed is None:
                user.set_password(DEMO_PASSWORD)
                hashed = user.password
            else:
                user.password = hashed  # one shared password: hash it once
            user.save()
            Membership.objects.create(user=user, unit=self.unit[spec.unit_code], role=spec.role)
            created[spec.role] = user
        reviewer = next((p for p in self.domestic_people if p.is_expert), self.domestic_people[0])
        reviewer.user = created[Role.REVIEWER]
        reviewer._change_reason = CHANGE_REASON
        reviewer.save()
