"""Names built from parts: departments, pinyin given names, acronyms, treaty parties."""

from __future__ import annotations

import unicodedata

from hezuo.registry.models import Country

from .tables import AUTONOMOUS_EN, DEPARTMENT_NAMES, PROVINCE_EN, PROVINCE_ZH


def province_department(code: str) -> tuple[str, str]:
    """The provincial S&T department's name, (中文, English)."""
    if code in DEPARTMENT_NAMES:
        return DEPARTMENT_NAMES[code]
    zh, en = PROVINCE_ZH[code], PROVINCE_EN[code]
    region = AUTONOMOUS_EN.get(code, f"{en} Province")
    return f"{zh}科学技术厅", f"Department of Science and Technology of {region}"


def ascii_fold(value: str) -> str:
    """Lower-case ASCII letters and digits only, accents dropped: for e-mail addresses."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def pinyin_given_name(syllables: list[str]) -> str:
    out = syllables[0]
    for syl in syllables[1:]:
        out += ("'" if syl[0] in "aeo" else "") + syl
    return out.capitalize()


def acronym_of(name_en: str) -> str:
    skip = {"of", "for", "and", "the", "in", "on", "to"}
    return "".join(w[0] for w in name_en.replace("-", " ").split() if w.lower() not in skip)


def treaty_party(en: str) -> str:
    """English formal names take "the" when they name a form of state (the Kingdom of ...)."""
    words = (
        "Republic", "Kingdom", "Federation", "States", "State", "Union", "Confederation",
        "Commonwealth", "Duchy", "Sultanate", "Emirates", "Islands", "Netherlands",
        "Philippines", "Bahamas", "Gambia",
    )  # fmt: skip
    return f"the {en}" if any(w in en.split() for w in words) else en


def country_formal_names(iso2: str, country: Country) -> tuple[str, str]:
    from hezuo.registry.reference import formal_names

    try:
        return formal_names(iso2)
    except LookupError:  # pragma: no cover - every partner is an ISO country
        return country.name_zh, country.official_name_en or country.name_en
