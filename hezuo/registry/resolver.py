"""Resolve a country from any form: 美国, USA, US, United States, 840, "Korea, Republic of"."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy

from hezuo.core.io.parsers import Lookup

_STRIP = re.compile(r"[\s.'’,()（）\-]+")


def country_key(value: str) -> str:
    value = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    value = value.removeprefix("the ")
    return _STRIP.sub("", value)


class CountryResolver:
    """Built once (one query) and reused for every row of an import."""

    def __init__(self, queryset=None):
        from .models import Country

        qs = queryset if queryset is not None else Country.objects.all()
        self._by_key: dict[str, object] = {}
        self._ambiguous: set[str] = set()
        for country in qs.only(
            "pk", "iso2", "iso3", "numeric", "name_zh", "name_en", "official_name_en", "aliases"
        ):
            names = [
                country.iso2,
                country.iso3,
                country.numeric,
                country.name_zh,
                country.name_en,
                country.official_name_en,
                *(country.aliases or []),
            ]
            for name in names:
                key = country_key(name)
                if not key:
                    continue
                other = self._by_key.get(key)
                if other is not None and other.pk != country.pk:
                    self._ambiguous.add(key)
                self._by_key.setdefault(key, country)

    def resolve(self, value: str):
        key = country_key(value)
        if not key or key in self._ambiguous:
            return None
        if key.isdigit():
            key = key.zfill(3)
        return self._by_key.get(key)

    __call__ = resolve


def country_parser(multiple: bool = False) -> Lookup:
    """An import column of countries in any common form: 美国, USA, US, United States, 840."""
    return Lookup(
        lambda ctx: ctx.cached("countries", CountryResolver).resolve,
        unknown=gettext_lazy("Unknown country “%(value)s”."),
        hint=gettext_lazy("Country: Chinese or English name, or ISO code (美国, United States, US)")
        if not multiple
        else gettext_lazy("Countries: names or ISO codes, separated by ; or 、"),
        multiple=multiple,
    )
