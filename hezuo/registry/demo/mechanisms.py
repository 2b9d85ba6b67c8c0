"""Cooperation mechanisms and their meetings."""

from __future__ import annotations

import datetime as dt

from hezuo.registry.models import Mechanism, MechanismKind, MechanismMeeting
from hezuo.registry.reference.groupings import GROUPINGS

from .draws import random_date
from .tables import COUNTRY_INFO, MEETING_SUMMARIES, MULTILATERAL_MECHANISMS

# Where a body that is a mechanism's counterpart meets (members "@code" in the table).
BODY_SEATS = {"eu": "布鲁塞尔"}  # the European Commission


class MechanismSteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def _members(self, spec: str) -> list[str]:
        groupings = {g["code"]: g["members"] for g in GROUPINGS}
        codes = groupings.get(spec, spec.split())
        return [c for c in codes if c in self.partner_set]

    def _meetings(self, mechanism: Mechanism, places: list[str], start_year: int) -> list:
        """Sessions from `start_year` on, the partners' `places` taking turns with home."""
        rng = self.rng
        meetings, year, session = [], start_year, 1
        home_places = ("北京", "北京", "上海", "杭州", "成都", "西安", "武汉", "广州", "昆明")
        rotation = [*places, ""]  # the partners take turns with the home country ("")
        turn = rng.randrange(len(rotation))
        while year <= 2025 and session <= 20:
            place = rotation[turn % len(rotation)]
            if mechanism.kind == MechanismKind.FORUM and rng.random() < 0.5:
                place = ""  # forums mostly meet at home
            place = place or rng.choice(home_places)
            meetings.append(
                MechanismMeeting(
                    mechanism=mechanism, session=session,
                    date=random_date(rng, dt.date(year, 3, 1), dt.date(year, 11, 30)), place=place,
                    summary=rng.choice(MEETING_SUMMARIES).format(n=session),
                )
            )  # fmt: skip
            session += 1
            turn += 1
            year += rng.choice((1, 2, 2, 3))
        return meetings

    def mechanisms(self) -> None:
        rng = self.rng
        objs, hosts = [], []
        for iso, agreement in list(self.iga.items())[:75]:
            country = self.country[iso]
            established = min(2020, agreement.signed_on.year + rng.randint(0, 6))
            mechanism = Mechanism(
                name_zh=f"中国—{country.name_zh}政府间科技合作联合委员会",
                name_en=f"China–{COUNTRY_INFO[iso][0]} Joint Committee on Scientific and "
                "Technological Cooperation",
                kind=MechanismKind.JOINT_COMMITTEE,
                agreement=agreement,
                established=established,
                active=rng.random() < 0.92,
            )
            mechanism._countries = [country.pk]
            objs.append(mechanism)
            hosts.append([COUNTRY_INFO[iso][2]])
        for zh, en, kind, year, spec in MULTILATERAL_MECHANISMS:
            if spec.startswith("@"):
                # With a body (the European Union), not with its member states: filed under no
                # member state, it meets at the body's seat and at home.
                members, places = [], [BODY_SEATS[spec[1:]]]
            else:
                members = self._members(spec)
                places = [COUNTRY_INFO[c][2] for c in members]
                if not members:
                    continue
            mechanism = Mechanism(
                name_zh=zh, name_en=en, kind=kind, established=int(year),
                agreement=self.iga.get(members[0]) if len(members) == 1 else None,
            )  # fmt: skip
            mechanism._countries = [self.country[c].pk for c in members]
            objs.append(mechanism)
            hosts.append(places)
        self.save(Mechanism, objs)
        self.link(Mechanism, "countries", [(m.pk, c) for m in objs for c in m._countries])
        meetings = []
        for mechanism, members in zip(objs, hosts, strict=True):
            meetings += self._meetings(mechanism, members, mechanism.established)
        self.save(MechanismMeeting, meetings, batch_size=1000)
