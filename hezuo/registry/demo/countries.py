"""Partner countries: which ones, how likely each is, their cities."""

from __future__ import annotations

from django.conf import settings

from hezuo.registry.models import Country
from hezuo.registry.reference.groupings import GROUPINGS

from .figures import PARTNER_COUNT
from .tables import COUNTRY_INFO, COUNTRY_WEIGHT, MORE_CITIES, PARTNER_RANKING


class CountrySteps:
    """Mixed into `builder.Builder`: uses its `rng` and `save`, and what earlier steps kept."""

    def countries(self) -> None:
        self.country = {c.iso2: c for c in Country.objects.all()}
        home = settings.HOME_COUNTRY
        self.home = self.country[home]
        ranked = [c for c in PARTNER_RANKING if c != home and c in self.country]
        if len(ranked) < PARTNER_COUNT:  # pragma: no cover - the reference data is complete
            raise RuntimeError("the reference data lacks partner countries; run `hezuo reference`")
        self.partners: list[str] = ranked[:PARTNER_COUNT]
        self.partner_set = frozenset(self.partners)
        belt_and_road = next(g["members"] for g in GROUPINGS if g["code"] == "belt_and_road")
        tail = set(self.partners[-25:])
        self.cweight = {
            iso: COUNTRY_WEIGHT.get(
                iso, 0.3 if iso in tail else 1.0 if iso in belt_and_road else 0.7
            )
            for iso in self.partners
        }
        self.cities = {
            iso: [COUNTRY_INFO[iso][1], *MORE_CITIES.get(iso, [])] for iso in self.partners
        }

    def pick_partner(self, among: list[str] | None = None) -> str:
        """A partner country, the likelier the closer the cooperation (`among`: only these)."""
        codes = among or self.partners
        return self.rng.choices(codes, [self.cweight[i] for i in codes])[0]

    def pick_city(self, iso: str) -> str:
        cities = self.cities[iso]
        return (
            cities[0]
            if len(cities) == 1 or self.rng.random() < 0.35
            else self.rng.choice(cities[1:])
        )
