"""Agreements: intergovernmental, memoranda of understanding, institutional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from hezuo.registry.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Country,
    Organisation,
    OrganisationKind,
)

from .draws import add_years, random_date
from .figures import INTERGOVERNMENTAL_AGREEMENTS, MOU_COUNT
from .names import country_formal_names, treaty_party
from .tables import (
    COMMIT_EQUIPMENT,
    COMMIT_PEOPLE,
    COMMIT_TECHNOLOGY,
    COUNTERPARTS,
    COUNTRY_INFO,
    IGA_DATES,
    INSTITUTIONAL_KINDS,
    IP_ARRANGEMENTS,
    TOPICS,
)


class AgreementSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def _iga_date(self, country: Country) -> dt.date:
        if country.development_group == "developed":
            return random_date(self.rng, dt.date(1978, 6, 1), dt.date(1995, 12, 31))
        if country.development_group == "emerging":
            return random_date(self.rng, dt.date(1979, 1, 1), dt.date(2008, 12, 31))
        return random_date(self.rng, dt.date(1980, 1, 1), dt.date(2020, 12, 31))

    def _counterpart(self, iso: str) -> Organisation | None:
        """The partner country's S&T ministry or agency: a real one, from the table or among the
        real foreign organisations; None where the demo knows none (it never makes one up)."""
        if iso in self.counterparts:
            return self.counterparts[iso]
        known = {row[0]: row[1:] for row in COUNTERPARTS}
        if iso in known:
            en, zh = known[iso]
            org = self._foreign(iso, en, OrganisationKind.GOVERNMENT, COUNTRY_INFO[iso][1], zh)
            self.new_counterparts.append(org)
        else:
            org = next(
                (
                    o
                    for o in self.foreign_by_country.get(iso, [])
                    if o.kind == OrganisationKind.GOVERNMENT
                ),
                None,
            )
        if org is not None:
            self.counterparts[iso] = org
        return org

    def _counterpart_countries(self) -> list[str]:
        known = {row[0] for row in COUNTERPARTS}
        return [
            iso
            for iso in self.partners
            if iso in known
            or any(
                o.kind == OrganisationKind.GOVERNMENT for o in self.foreign_by_country.get(iso, [])
            )
        ]

    def _validity(self, signed: dt.date, years: tuple[int, ...]) -> tuple[str, dt.date | None]:
        until = add_years(signed, self.rng.choice(years))
        if until >= self.today:
            return AgreementStatus.IN_FORCE, until
        if self.rng.random() < 0.4:  # renewed automatically
            return AgreementStatus.IN_FORCE, None
        return AgreementStatus.EXPIRED, until

    def _commitments(self, agreement: Agreement) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            agreement.commits_technology = rng.choice(COMMIT_TECHNOLOGY)
        if rng.random() < 0.7:
            agreement.commits_people = rng.choice(COMMIT_PEOPLE)
        if rng.random() < 0.25:
            agreement.commits_equipment = rng.choice(COMMIT_EQUIPMENT)
        if rng.random() < 0.4:
            agreement.commits_money = Decimal(rng.randint(500, 50_000)) / 100

    def agreements(self) -> None:
        rng = self.rng
        office, home = self.unit["office"], self.home
        majors = self.partners[:45]
        chosen = majors + rng.sample(self.partners[45:], INTERGOVERNMENTAL_AGREEMENTS - len(majors))
        objs: list[Agreement] = []
        self.iga: dict[str, Agreement] = {}
        for iso in chosen:
            country = self.country[iso]
            zh_formal, en_formal = country_formal_names(iso, country)
            signed = IGA_DATES.get(iso) or self._iga_date(country)
            valid_from = signed + dt.timedelta(days=rng.randint(0, 240))
            status, until = AgreementStatus.IN_FORCE, None
            if rng.random() < 0.08:
                status, until = self._validity(valid_from, (5, 10))
            agreement = Agreement(
                code=f"IGA-{country.iso3}",
                title_zh=f"中华人民共和国政府和{zh_formal}政府科学技术合作协定",
                title_en="Agreement on Scientific and Technological Cooperation between the "
                "Government of the People's Republic of China and the Government of "
                f"{treaty_party(en_formal)}",
                kind=AgreementKind.INTERGOVERNMENTAL,
                status=status,
                signed_on=signed,
                valid_from=valid_from,
                valid_until=until,
                ip_arrangement=IP_ARRANGEMENTS[-1],
                owner_unit=office,
            )
            agreement._countries = [home.pk, country.pk]
            agreement._orgs = []
            objs.append(agreement)
            self.iga[iso] = agreement
        # memoranda of understanding
        self.counterparts: dict[str, Organisation] = {}
        self.new_counterparts: list[Organisation] = []
        ministries = ["min-cas", "min-moe", "min-miit", "min-moa", "min-nhc", "min-cast"]
        with_counterpart = self._counterpart_countries()
        for seq in range(1, MOU_COUNT + 1):
            topic_zh, topic_en = rng.choice(TOPICS)
            owner_kind = rng.choices(("office", "safea", "ministry", "institution"),
                                     (45, 15, 25, 15))[0]  # fmt: skip
            if owner_kind in ("office", "safea"):
                # Only where the partner's real ministry or agency is known.
                iso = self.pick_partner(with_counterpart)
                owner = self.unit["office" if owner_kind == "office" else "office-safea"]
                ours = self.top["MOST" if owner_kind == "office" else "SAFEA"]
                theirs = self._counterpart(iso)
                assert theirs is not None
                party = theirs.name_en
                if party.startswith(("Ministry", "Department", "Office", "State", "National",
                                     "Federal", "General", "Foundation")):  # fmt: skip
                    party = f"the {party}"
                    country_en = COUNTRY_INFO[iso][0]
                    if country_en not in party:  # "the Ministry of Science and Technology" of whom
                        party = f"{party} of {treaty_party(country_en)}"
                if owner_kind == "office":
                    title_zh = (
                        f"中华人民共和国科学技术部与{theirs.name_zh}关于{topic_zh}合作的谅解备忘录"
                    )
                    title_en = (
                        "Memorandum of Understanding between the Ministry of Science and "
                        "Technology of the People's Republic of China and "
                        f"{party} on Cooperation in {topic_en}"
                    )
                else:
                    title_zh = f"国家外国专家局与{theirs.name_zh}关于引进外国专家合作的谅解备忘录"
                    title_en = (
                        "Memorandum of Understanding between the State Administration of "
                        f"Foreign Experts Affairs and {party} on the Recruitment of Foreign "
                        "Experts"
                    )
            else:
                if owner_kind == "ministry":
                    owner = self.unit[rng.choice(ministries)]
                else:
                    owner = rng.choice(self.institutions)
                ours = owner.organisation
                iso = self.pick_partner()
                local = [o for o in self.foreign_by_country.get(iso, []) if o.kind != "government"]
                theirs = rng.choice(local) if local else rng.choice(self.foreign)
                iso = theirs.country.iso2
                title_zh = (
                    f"{ours.name_zh}与{theirs.name_zh or theirs.name_en}{topic_zh}合作谅解备忘录"
                )
                title_en = (
                    f"Memorandum of Understanding on {topic_en} between {ours.name_en} and "
                    f"{theirs.name_en}"
                )
            if rng.random() < 0.06:
                signed, status, until = None, AgreementStatus.NEGOTIATING, None
            else:
                signed = random_date(rng, dt.date(2003, 1, 1), dt.date(2025, 10, 31))
                status, until = self._validity(signed, (3, 5, 5))
            agreement = Agreement(
                code=f"MOU-{signed.year if signed else 'N'}-{seq:03d}",
                title_zh=title_zh[:300],
                title_en=title_en[:300],
                kind=AgreementKind.MOU,
                status=status,
                signed_on=signed,
                valid_from=signed,
                valid_until=until,
                ip_arrangement=rng.choice(IP_ARRANGEMENTS),
                owner_unit=owner,
            )
            self._commitments(agreement)
            agreement._countries = [home.pk, self.country[iso].pk]
            agreement._orgs = [ours, theirs]
            objs.append(agreement)
        self.save(Organisation, self.new_counterparts)
        # institutional agreements
        weights = [
            2.0 if u.organisation.kind in ("university", "institute") else 1.0
            for u in self.institutions
        ]
        total = self.n("institutional_agreements")
        for seq in self.bar(range(1, total + 1), desc=str(_("Institutional agreements"))):
            owner = rng.choices(self.institutions, weights)[0]
            ours = owner.organisation
            theirs = rng.choice(self.foreign)
            kind_zh, kind_en = rng.choice(INSTITUTIONAL_KINDS)
            if rng.random() < 0.04:
                signed, status, until = None, AgreementStatus.NEGOTIATING, None
            else:
                signed = random_date(rng, dt.date(2008, 1, 1), dt.date(2025, 10, 31))
                status, until = self._validity(signed, (3, 5, 5, 10))
                if status == AgreementStatus.IN_FORCE and rng.random() < 0.03:
                    status = AgreementStatus.TERMINATED
            agreement = Agreement(
                code=f"INS-{signed.year if signed else 'N'}-{seq:05d}",
                title_zh=f"{ours.name_zh}与{theirs.name_zh or theirs.name_en}{kind_zh}"[:300],
                title_en=f"{kind_en} between {ours.name_en} and {theirs.name_en}"[:300],
                kind=AgreementKind.INSTITUTIONAL,
                status=status,
                signed_on=signed,
                valid_from=signed,
                valid_until=until,
                ip_arrangement=rng.choice(IP_ARRANGEMENTS[:-1]),
                owner_unit=owner,
            )
            self._commitments(agreement)
            agreement._countries = [theirs.country_id]
            agreement._orgs = [ours, theirs]
            objs.append(agreement)
        self.save(Agreement, objs)
        self.link(Agreement, "countries", [(a.pk, c) for a in objs for c in a._countries])
        self.link(Agreement, "organisations", [(a.pk, o.pk) for a in objs for o in a._orgs])
