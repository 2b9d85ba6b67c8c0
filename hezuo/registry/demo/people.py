"""People: domestic researchers, officeholders, foreign experts, their affiliations."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hezuo.registry.models import Affiliation, Organisation, OrganisationKind, Person

from .codes import make_orcid
from .draws import add_years, random_date
from .figures import OFFICEHOLDERS
from .names import ascii_fold, pinyin_given_name
from .tables import (
    COUNTRY_INFO,
    DISCIPLINES,
    DOMESTIC_POSITIONS,
    FOREIGN_POSITIONS,
    GIVEN_CHARS,
    NAME_GROUPS,
    SURNAME_WEIGHTS,
    SURNAMES,
)


class PeopleSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def chinese_name(self) -> tuple[str, str]:
        rng = self.rng
        surname, pinyin = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        chars = [rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2)]
        zh = surname + "".join(c for c, _ in chars)
        return zh, f"{pinyin} {pinyin_given_name([p for _, p in chars])}"

    def foreign_name(self, iso: str) -> str:
        group = COUNTRY_INFO[iso][3]
        given, family = NAME_GROUPS[group]
        first, last = self.rng.choice(given), self.rng.choice(family)
        return f"{last} {first}" if group == "vietnamese" else f"{first} {last}"

    def orcid(self) -> str:
        while True:
            value = make_orcid(self.rng)
            if value not in self.orcids:
                self.orcids.add(value)
                return value

    def _domestic_person(self, org: Organisation, officeholder: bool) -> Person:
        rng = self.rng
        zh, en = self.chinese_name()
        disciplines = rng.sample(DISCIPLINES, 1 if rng.random() < 0.6 else 2)
        keywords = []
        for _dzh, _den, pairs in disciplines:
            for kw_zh, kw_en in rng.sample(pairs, 2):
                keywords += [kw_zh, kw_en]
        email = ""
        if rng.random() < 0.6:
            family, given = en.split(" ", 1)
            number = rng.randint(1, 99) if rng.random() < 0.5 else ""
            email = f"{ascii_fold(family)}.{ascii_fold(given)}{number}@example.com"
        research = org.kind in (OrganisationKind.UNIVERSITY, OrganisationKind.INSTITUTE)
        person = Person(
            name_zh=zh,
            name_en=en,
            nationality=self.home,
            email=email,
            orcid=self.orcid() if research and rng.random() < 0.4 else "",
            disciplines=[d[0] for d in disciplines],
            keywords=keywords,
            is_expert=rng.random() < (0.6 if officeholder else 0.25),
            is_officeholder=officeholder,
            owner_unit=self.unit_of_org.get(org.pk, self.unit["office"]),
        )
        person._org = org
        return person

    def people(self) -> None:
        rng = self.rng
        self.orcids: set[str] = set()
        research = [
            o for o in self.domestic
            if o.kind in (OrganisationKind.UNIVERSITY, OrganisationKind.INSTITUTE,
                          OrganisationKind.ENTERPRISE)
        ]  # fmt: skip
        rweights = [
            3.0 if o.kind == "university" else 2.0 if o.kind == "institute" else 0.6
            for o in research
        ]
        with_unit = [
            u.organisation for u in self.institutions
            if u.organisation.kind != OrganisationKind.SOCIETY
        ]  # fmt: skip
        self.domestic_people: list[Person] = []
        total = self.n("domestic_people")
        for i in self.bar(range(total), desc=str(_("People"))):
            if i < 3 and self.bjut is not None:
                org = self.bjut  # the demo applicant's institution keeps a few people
            elif rng.random() < 0.55:
                org = rng.choice(with_unit)
            else:
                org = rng.choices(research, rweights)[0]
            self.domestic_people.append(self._domestic_person(org, officeholder=False))
        majors = [o for o in self.domestic if o._major and o.kind != OrganisationKind.GOVERNMENT]
        self.officeholders = [
            self._domestic_person(rng.choice(majors), officeholder=True)
            for _i in range(OFFICEHOLDERS)
        ]
        self.foreign_people: list[Person] = []
        safea, office = self.unit["office-safea"], self.unit["office"]
        for _i in self.bar(range(self.n("foreign_people")), desc=str(_("Foreign experts"))):
            org = rng.choice(self.foreign)
            iso = org.country.iso2 if rng.random() < 0.88 else self.pick_partner()
            en = self.foreign_name(iso)
            discipline = rng.choice(DISCIPLINES)
            expert = rng.random() < 0.35
            email = ""
            if rng.random() < 0.5:
                email = ".".join(ascii_fold(part) for part in en.split()[:2]) + "@example.org"
            person = Person(
                name_en=en,
                nationality=self.country[iso],
                email=email,
                orcid=self.orcid() if rng.random() < 0.4 else "",
                disciplines=[discipline[1]],
                keywords=[kw_en for _zh, kw_en in rng.sample(discipline[2], 3)],
                is_expert=expert,
                owner_unit=safea if expert else office,
            )
            person._org = org
            self.foreign_people.append(person)
        everyone = self.domestic_people + self.officeholders + self.foreign_people
        self.save(Person, everyone, batch_size=1000)
        affiliations = []
        for person in everyone:
            foreign = person._org.country_id != self.home.pk
            positions = FOREIGN_POSITIONS if foreign else DOMESTIC_POSITIONS
            start = random_date(rng, dt.date(1996, 1, 1), dt.date(2024, 12, 31))
            affiliations.append(
                Affiliation(person=person, organisation=person._org,
                            position=rng.choice(positions), start=start)
            )  # fmt: skip
            if rng.random() < 0.3:
                if foreign or rng.random() < 0.35:  # abroad before: a returnee
                    earlier = rng.choice(self.foreign)
                    position = rng.choice(FOREIGN_POSITIONS)
                else:
                    earlier = rng.choices(research, rweights)[0]
                    position = rng.choice(positions)
                if earlier.pk != person._org.pk:
                    affiliations.append(
                        Affiliation(
                            person=person, organisation=earlier, position=position,
                            start=random_date(rng, add_years(start, -12), add_years(start, -1)),
                            end=start - dt.timedelta(days=1),
                        )
                    )  # fmt: skip
        self.save(Affiliation, affiliations, batch_size=1000)
