"""Reference data shipped with the code: every ISO 3166-1 country with its Chinese and English
names (pycountry), regions, development groups and groupings, each grouping with its source.

`load_reference()` is idempotent: it creates what is missing and refreshes names, never deletes.
"""

from __future__ import annotations

import functools
import gettext

import pycountry
from django.db import transaction

from hezuo.core.history import REFERENCE_DATA
from hezuo.core.workflow import stored_reason

from .countries import EN_FORMAL_NAMES, EXTRA_ALIASES, ZH_COMMON_NAMES, ZH_FORMAL_NAMES
from .groupings import GROUPINGS
from .regions import REGION_BY_ISO2, development_group


@functools.cache
def _zh_catalogue():
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:  # pragma: no cover - pycountry always ships it
        return gettext.NullTranslations()


def country_rows() -> list[dict]:
    zh = _zh_catalogue()
    rows = []
    for c in pycountry.countries:
        formal_zh = zh.gettext(c.name)
        name_zh = ZH_COMMON_NAMES.get(c.alpha_2, formal_zh)
        common = getattr(c, "common_name", None)
        name_en = common or c.name
        official = getattr(c, "official_name", None)
        official_zh = zh.gettext(official) if official else None
        extra_formal = ZH_FORMAL_NAMES.get(c.alpha_2)
        aliases = [a for a in (c.name, formal_zh, official, official_zh, extra_formal) if a]
        aliases += EXTRA_ALIASES.get(c.alpha_2, [])
        aliases = sorted({a for a in aliases if a not in (name_zh, name_en)})
        rows.append(
            {
                "iso2": c.alpha_2,
                "iso3": c.alpha_3,
                "numeric": c.numeric,
                "name_zh": name_zh,
                "name_en": name_en,
                "official_name_en": getattr(c, "official_name", "") or "",
                "aliases": aliases,
                "region": REGION_BY_ISO2.get(c.alpha_2, ""),
                "development_group": development_group(c.alpha_2),
            }
        )
    return rows


def formal_names(iso2: str) -> tuple[str, str]:
    """The formal names a treaty title uses: (中文, English without a leading "the")."""
    c = pycountry.countries.get(alpha_2=iso2)
    if c is None:
        raise LookupError(iso2)
    official = getattr(c, "official_name", None)
    en = EN_FORMAL_NAMES.get(iso2) or (official or c.name).removeprefix("the ")
    zh_name = ZH_FORMAL_NAMES.get(iso2) or _zh_catalogue().gettext(official or c.name)
    return zh_name, en


@transaction.atomic
def load_reference(verbosity: int = 0) -> dict[str, int]:
    from hezuo.registry.models import Country, Grouping

    existing = {c.iso2: c for c in Country.objects.all()}
    created = updated = 0
    for row in country_rows():
        country = existing.get(row["iso2"])
        if country is None:
            country = Country(**row)
            country._change_reason = stored_reason(REFERENCE_DATA)
            country.save()
            existing[country.iso2] = country
            created += 1
        else:
            changed = [k for k, v in row.items() if getattr(country, k) != v]
            if changed:
                for k in changed:
                    setattr(country, k, row[k])
                country._change_reason = stored_reason(REFERENCE_DATA)
                country.save()
                updated += 1
    for spec in GROUPINGS:
        grouping, _ = Grouping.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("name_zh", "name_en", "source", "source_url", "as_of")},
        )
        members = [existing[c] for c in spec["members"] if c in existing]
        grouping.countries.set(members)
    return {"countries_created": created, "countries_updated": updated, "groupings": len(GROUPINGS)}
