"""Organisations: domestic, foreign and international."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hezuo.registry.models import Organisation, OrganisationFlag, OrganisationKind
from hezuo.registry.provinces import PROVINCES

from .codes import make_uscc
from .draws import weighted_sample
from .figures import IGO_COUNT, INGO_COUNT
from .names import acronym_of, province_department
from .tables import (
    BRANDS,
    CAAS_INSTITUTES,
    CAMS_INSTITUTES,
    CAS_BRANCHES,
    CAS_CITIES,
    CAS_CITY_EN,
    CAS_FIELDS,
    CAS_SPECIAL,
    COMPANY_SUFFIX,
    COUNTRY_INFO,
    FOREIGN_FIELDS,
    FOREIGN_INDUSTRIES,
    IGO_PATTERNS,
    IGO_SEAT_WEIGHT,
    INDUSTRIES,
    INGO_PATTERNS,
    INTL_FIELDS,
    MUNICIPALITIES,
    NAME_GROUPS,
    NATIONAL_SOCIETIES,
    PROVINCE_CITIES,
    PROVINCE_EN,
    PROVINCE_SHORT,
    PROVINCE_WEIGHT,
    REAL_ENTERPRISES,
    REAL_FOREIGN,
    REAL_IGOS,
    REAL_INGOS,
    REAL_UNIVERSITIES,
    TOP_DOMESTIC,
    TOP_RECOMMENDER,
    UNIVERSITY_PATTERNS,
)


class OrganisationSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def _domestic(self, name_zh, name_en, kind, province, city="", **extra) -> Organisation:
        rec = extra.pop("rec", "")
        major = extra.pop("major", False)
        org = Organisation(
            name_zh=name_zh,
            name_en=name_en[:300],
            kind=kind,
            country=self.home,
            province=province,
            city=city or PROVINCE_CITIES[province][0][0],
            **extra,
        )
        org._rec = rec or f"prov-{province}"
        org._major = major
        return org

    def _flags(self, options: list[tuple[str, float]]) -> list[str]:
        return [flag for flag, p in options if self.rng.random() < p]

    def domestic_organisations(self) -> None:
        rng = self.rng
        roots: list[Organisation] = []
        children: list[Organisation] = []
        top = {}
        for zh, en, acronym, prov, kind, aliases in TOP_DOMESTIC:
            org = self._domestic(
                zh,
                en,
                kind,
                prov,
                acronym=acronym,
                aliases=aliases.split(";") if aliases else [],
                major=kind in ("institute", "society"),
                rec=TOP_RECOMMENDER.get(acronym, ""),
            )
            top[acronym] = org
            roots.append(org)
        self.top = top
        self.departments = {}
        for code, _zh, _en in PROVINCES:
            zh, en = province_department(code)
            org = self._domestic(zh, en, OrganisationKind.GOVERNMENT, code)
            self.departments[code] = org
            roots.append(org)
        academies = {}
        for code, pzh, pen in PROVINCES:
            for suffix_zh, suffix_en, agri in (
                ("科学院", "Academy of Sciences", False),
                ("农业科学院", "Academy of Agricultural Sciences", True),
            ):
                org = self._domestic(f"{pzh}{suffix_zh}", f"{pen} {suffix_en}", "institute", code)
                academies[code, agri] = org
                roots.append(org)
        # universities: the real ones, then generated ones weighted by province and pattern
        seen = set()
        self.bjut = None
        for zh, en, prov, city, rec, aliases in REAL_UNIVERSITIES:
            org = self._domestic(
                zh, en, OrganisationKind.UNIVERSITY, prov, city,
                rec={"moe": "min-moe", "cas": "min-cas"}.get(rec, ""), major=True,
                aliases=aliases.split(";") if aliases else [],
                flags=[OrganisationFlag.DOUBLE_FIRST_CLASS, *self._flags(
                    [(OrganisationFlag.NATIONAL_KEY_LAB, 0.6),
                     (OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.7)]
                )] if rec else self._flags([(OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.4)]),
            )  # fmt: skip
            if rec == "cas":
                org.parent = top["CAS"]
                children.append(org)
            else:
                roots.append(org)
            if en == "Beijing University of Technology":
                self.bjut = org
            seen.add(zh)
        pool, weights = [], []
        for prov, cities in PROVINCE_CITIES.items():
            places = [(zh, en, zh, 1.0 if i == 0 else 0.45) for i, (zh, en) in enumerate(cities)]
            if prov not in MUNICIPALITIES:
                places.append((PROVINCE_SHORT[prov], PROVINCE_EN[prov], cities[0][0], 0.8))
            for place_zh, place_en, city, w in places:
                for suffix, pattern, pw in UNIVERSITY_PATTERNS:
                    name = place_zh + suffix
                    if name in seen:
                        continue
                    seen.add(name)
                    pool.append((name, pattern.format(place_en), prov, city))
                    weights.append(PROVINCE_WEIGHT[prov] * w * float(pw))
        for zh, en, prov, city in weighted_sample(rng, pool, weights, self.n("universities")):
            roots.append(
                self._domestic(
                    zh, en, OrganisationKind.UNIVERSITY, prov, city,
                    flags=self._flags([(OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.15),
                                       (OrganisationFlag.NATIONAL_KEY_LAB, 0.05)]),
                )
            )  # fmt: skip
        # the Chinese Academy of Sciences: special units, branches, institutes
        cas = top["CAS"]
        for zh, en, prov, city in CAS_SPECIAL:
            if zh in seen:
                continue
            org = self._domestic(zh, en, "university" if "大学" in zh else "institute", prov, city,
                                 rec="min-cas", major=True, parent=cas)  # fmt: skip
            children.append(org)
            seen.add(zh)
        cas_city_prov = {"北京": "11", **dict(CAS_CITIES)}
        for city in CAS_BRANCHES:
            prov = cas_city_prov[city]
            city_en = "Beijing" if city == "北京" else CAS_CITY_EN[city]
            children.append(
                self._domestic(
                    f"中国科学院{city}分院",
                    f"{city_en} Branch, Chinese Academy of Sciences",
                    "institute",
                    prov,
                    self._city_in(prov, city),
                    rec="min-cas",
                    parent=cas,
                )
            )
        pool, weights = [], []
        for fzh, fen in CAS_FIELDS:
            pool.append((f"中国科学院{fzh}研究所", f"Institute of {fen}, Chinese Academy of "
                         "Sciences", "11", "北京"))  # fmt: skip
            weights.append(3.0)
            for city, prov in CAS_CITIES:
                pool.append((
                    f"中国科学院{city}{fzh}研究所",
                    f"{CAS_CITY_EN[city]} Institute of {fen}, Chinese Academy of Sciences",
                    prov, self._city_in(prov, city),
                ))  # fmt: skip
                weights.append(0.25)
        for zh, en, prov, city in weighted_sample(rng, pool, weights, self.n("cas_institutes")):
            children.append(
                self._domestic(
                    zh, en, "institute", prov, city, rec="min-cas", major=True, parent=cas,
                    flags=self._flags([(OrganisationFlag.NATIONAL_KEY_LAB, 0.35),
                                       (OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.4),
                                       (OrganisationFlag.ENGINEERING_CENTRE, 0.08)]),
                )
            )  # fmt: skip
        for rows, parent, academy_en, rec in (
            (CAAS_INSTITUTES, top["CAAS"], "Chinese Academy of Agricultural Sciences", "min-moa"),
            (CAMS_INSTITUTES, top["CAMS"], "Chinese Academy of Medical Sciences", "min-nhc"),
        ):
            for fzh, fen, prov in rows:
                children.append(
                    self._domestic(
                        f"{parent.name_zh}{fzh}研究所", f"{fen}, {academy_en}", "institute", prov,
                        rec=rec, major=True, parent=parent,
                        flags=self._flags([(OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.3)]),
                    )
                )  # fmt: skip
        # institutes of the provincial academies
        pool, weights = [], []
        general = CAS_FIELDS[:40]
        for code, pzh, pen in PROVINCES:
            for fzh, fen in general:
                pool.append(
                    (
                        academies[code, False],
                        f"{pzh}科学院{fzh}研究所",
                        f"Institute of {fen}, {pen} Academy of Sciences",
                        code,
                    )
                )
                weights.append(PROVINCE_WEIGHT[code])
            for fzh, fen, _prov in CAAS_INSTITUTES:
                if fzh.startswith(("北京", "兰州", "哈尔滨")):
                    continue
                pool.append(
                    (
                        academies[code, True],
                        f"{pzh}农业科学院{fzh}研究所",
                        f"{fen}, {pen} Academy of Agricultural Sciences",
                        code,
                    )
                )
                weights.append(PROVINCE_WEIGHT[code] * 0.6)  # fmt: skip
        for parent, zh, en, code in weighted_sample(
            rng, pool, weights, self.n("academy_institutes")
        ):
            children.append(self._domestic(zh, en, "institute", code, parent=parent))
        # societies under the China Association for Science and Technology
        for zh, en, acronym in NATIONAL_SOCIETIES:
            children.append(
                self._domestic(zh, en, OrganisationKind.SOCIETY, "11", acronym=acronym,
                               rec="min-cast", major=True, parent=top["CAST"])
            )  # fmt: skip
        # enterprises
        for zh, en, prov, city, rec in REAL_ENTERPRISES:
            roots.append(
                self._domestic(
                    zh, en, OrganisationKind.ENTERPRISE, prov, city,
                    rec="min-miit" if rec else "", major=bool(rec),
                    flags=[OrganisationFlag.HIGH_TECH_ENTERPRISE],
                )
            )  # fmt: skip
            seen.add(zh)
        provs = list(PROVINCE_WEIGHT)
        pweights = [PROVINCE_WEIGHT[p] for p in provs]
        made = 0
        target = self.n("enterprises")
        while made < target:
            prov = rng.choices(provs, pweights)[0]
            cities = PROVINCE_CITIES[prov]
            city_zh, city_en = cities[0] if rng.random() < 0.5 else rng.choice(cities)
            brand_zh, brand_py = rng.choice(BRANDS)
            ind_zh, ind_en = rng.choice(INDUSTRIES)
            if rng.random() < 0.65:
                zh = f"{city_zh}{'' if city_zh == '延边' else '市'}{brand_zh}{ind_zh}有限公司"
                en = f"{city_en} {brand_py} {ind_en} Co., Ltd."
            else:
                zh = f"{brand_zh}{ind_zh}股份有限公司"
                en = f"{brand_py} {ind_en} Co., Ltd."
            if zh in seen:
                continue
            seen.add(zh)
            made += 1
            roots.append(
                self._domestic(
                    zh, en, OrganisationKind.ENTERPRISE, prov, city_zh, uscc=make_uscc(rng, prov),
                    flags=self._flags([(OrganisationFlag.HIGH_TECH_ENTERPRISE, 0.45),
                                       (OrganisationFlag.ENGINEERING_CENTRE, 0.04),
                                       (OrganisationFlag.INTERGOV_PROJECT_EXECUTOR, 0.05)]),
                )
            )  # fmt: skip
        self.save(Organisation, roots)
        self.save(Organisation, children)
        self.domestic = roots + children
        self.societies = [o for o in children if o.kind == OrganisationKind.SOCIETY]

    @staticmethod
    def _city_in(prov: str, name: str) -> str:
        """A city for an institute named after a city or a region (新疆 → 乌鲁木齐)."""
        cities = [zh for zh, _en in PROVINCE_CITIES[prov]]
        return name if name in cities else cities[0]

    # -- foreign organisations --

    def _foreign(
        self, iso, name_en, kind, city="", name_zh="", acronym="", aliases=""
    ) -> Organisation:
        return Organisation(
            name_en=name_en[:300],
            name_zh=name_zh,
            kind=kind,
            country=self.country[iso] if iso else None,
            city=city,
            acronym=acronym,
            aliases=aliases.split(";") if aliases else [],
        )

    def foreign_organisations(self) -> None:
        rng = self.rng
        objs = []
        seen = set()
        for iso, en, zh, kind, city, acronym, aliases in REAL_FOREIGN:
            if iso not in self.partner_set:
                continue
            objs.append(self._foreign(iso, en, kind, city, zh, acronym, aliases))
            seen.add((iso, en))
        with_real = {iso for iso, _en in seen}
        for iso in self.partners:
            if iso in with_real:
                continue
            _short, capital, capital_zh, _group = COUNTRY_INFO[iso]
            objs.append(
                self._foreign(iso, f"University of {capital}", "university", capital,
                              f"{capital_zh}大学")
            )  # fmt: skip
            seen.add((iso, f"University of {capital}"))
        made, target = 0, self.n("foreign_orgs")
        uni_patterns = (
            "University of {city}", "{city} University", "{city} Institute of Technology",
            "{city} University of Technology", "{city} Medical University",
            "{city} Agricultural University", "Technical University of {city}",
            "National University of {country}", "{country} University of Science and Technology",
        )  # fmt: skip
        inst_patterns = (
            "National Institute of {field}", "{country} Institute of {field}",
            "{city} Institute for {field}", "National Centre for {field}",
        )  # fmt: skip
        with self.bar(total=target, desc=str(_("Foreign organisations"))) as bar:
            while made < target:
                iso = self.pick_partner()
                short, _capital, _czh, group = COUNTRY_INFO[iso]
                city = self.pick_city(iso)
                kind = rng.choices(("university", "institute", "enterprise"), (45, 30, 25))[0]
                plain_country = not any(
                    w in short for w in ("United", "Republic", "Korea", "DR ", " and ")
                )
                if kind == "university":
                    pattern = rng.choice(uni_patterns)
                elif kind == "institute":
                    pattern = rng.choice(inst_patterns)
                else:
                    family = rng.choice(NAME_GROUPS[group][1])
                    industry = rng.choice(FOREIGN_INDUSTRIES)
                    base = f"{family if rng.random() < 0.6 else city} {industry}"
                    suffix = COMPANY_SUFFIX.get(iso, "Ltd.")
                    pattern = f"PT {base}" if suffix == "PT" else f"{base} {suffix}"
                if "{country}" in pattern and not plain_country:
                    continue
                name = pattern.format(city=city, country=short, field=rng.choice(FOREIGN_FIELDS))
                if (iso, name) in seen:
                    continue
                seen.add((iso, name))
                objs.append(self._foreign(iso, name, kind, city))
                made += 1
                bar.update(1)
        self.save(Organisation, objs)
        self.foreign = [o for o in objs if o.kind != OrganisationKind.GOVERNMENT]
        self.foreign_by_country: dict[str, list[Organisation]] = {}
        for org in objs:
            self.foreign_by_country.setdefault(org.country.iso2, []).append(org)

    # -- international organisations --

    def _seat(self, iso: str) -> str:
        return iso if iso in self.partner_set or iso == self.home.iso2 else ""

    def international_organisations(self) -> None:
        rng = self.rng
        seats = [i for i in IGO_SEAT_WEIGHT if i in self.partner_set]
        seat_weights = [IGO_SEAT_WEIGHT[i] for i in seats]
        ingo_seats = seats + [i for i in self.partners if i not in IGO_SEAT_WEIGHT]
        ingo_weights = seat_weights + [0.15] * (len(ingo_seats) - len(seats))
        self.igos, self.ingos = [], []
        for rows, patterns, count, kind, out, seat_pool, seat_w in (
            (REAL_IGOS, IGO_PATTERNS, IGO_COUNT, OrganisationKind.IGO, self.igos, seats,
             seat_weights),
            (REAL_INGOS, INGO_PATTERNS, INGO_COUNT, OrganisationKind.INGO, self.ingos,
             ingo_seats, ingo_weights),
        ):  # fmt: skip
            names = set()
            for acronym, en, zh, seat, city in rows:
                org = self._foreign(self._seat(seat), en, kind, city, zh, acronym)
                org._real = True
                out.append(org)
                names.add(en)
            combos = [(p, f) for p in patterns for f in INTL_FIELDS]
            rng.shuffle(combos)
            for (pattern_en, pattern_zh), (field_zh, field_en) in combos:
                if len(out) >= count:
                    break
                en = pattern_en.format(field_en)
                if en in names:
                    continue
                names.add(en)
                seat = rng.choices(seat_pool, seat_w)[0]
                for word, region in (("Asia", "asia"), ("African", "africa")):
                    regional = [i for i in seat_pool if self.country[i].region == region]
                    if word in pattern_en and regional:
                        seat = rng.choice(regional)
                org = self._foreign(
                    seat,
                    en,
                    kind,
                    COUNTRY_INFO[seat][1],
                    pattern_zh.format(field_zh),
                    acronym_of(en),
                )
                org._real = False
                out.append(org)
        self.save(Organisation, self.igos + self.ingos)
