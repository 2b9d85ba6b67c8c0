"""The demo's data tables, read from `hezuo/registry/demo_data/`.

A `.csv` file holds a table: a header row naming the columns, then one record per row. A `.txt`
file holds a list: one entry per line. Row order is kept wherever the demo draws from a table, so
the same seed keeps giving the same data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib.resources import files

from hezuo.registry.models import PostLevel
from hezuo.registry.provinces import PROVINCES

DATA = files("hezuo.registry") / "demo_data"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def table(name: str, columns: str) -> list[tuple[str, ...]]:
    """The rows of a CSV file whose header must be `columns` (space-separated)."""
    header, *rows = csv.reader(io.StringIO(_text(name)))
    if header != columns.split():  # pragma: no cover - data guard
        raise ValueError(f"{name}: expected the columns {columns.split()}, found {header}")
    return [tuple(row) for row in rows if row]


def entries(name: str) -> list[str]:
    """The non-blank lines of a text file."""
    return [line.strip() for line in _text(name).splitlines() if line.strip()]


def grouped(rows: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Rows by their first column, in file order; each row without that column."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for key, *rest in rows:
        groups.setdefault(key, []).append(tuple(rest))
    return groups


def _number(text: str) -> int | float:
    # As written: 10 stays an int, 1.5 a float.
    return float(text) if "." in text else int(text)


def weight_table(name: str, key: str) -> dict[str, int | float]:
    return {k: _number(w) for k, w in table(name, f"{key} weight")}


# --- countries -------------------------------------------------------------------------------

# Ranked from the most to the least likely partner; the first 158 (the home country left out)
# are the partners. Territories and microstates never appear; the tail (from YE) is the smallest
# states.
PARTNER_RANKING = entries("partner_ranking.txt")

COUNTRY_TABLE = table("countries.csv", "iso2 name_en capital capital_zh name_group")
COUNTRY_INFO = {row[0]: row[1:] for row in COUNTRY_TABLE}

# More cities where research happens, for the larger partners.
MORE_CITIES = {
    iso: [city for (city,) in cities]
    for iso, cities in grouped(table("more_cities.csv", "iso2 city")).items()
}

# --- domestic geography ----------------------------------------------------------------------

# Province code → [(city, City)]; the first city is the capital.
PROVINCE_CITIES = grouped(table("province_cities.csv", "province city_zh city_en"))
# In file order: the order the provinces are drawn from.
PROVINCE_WEIGHT = weight_table("province_weights.csv", "province")

PROVINCE_ZH = {code: zh for code, zh, _en in PROVINCES}
PROVINCE_EN = {code: en for code, _zh, en in PROVINCES}
PROVINCE_SHORT = {
    code: zh.removesuffix("维吾尔自治区")
    .removesuffix("壮族自治区")
    .removesuffix("回族自治区")
    .removesuffix("自治区")
    .removesuffix("省")
    .removesuffix("市")
    for code, zh, _en in PROVINCES
}
MUNICIPALITIES = {"11", "12", "31", "50"}
AUTONOMOUS_EN = dict(table("autonomous_regions.csv", "province name_en"))
# The S&T departments not named "…科学技术厅 / Department of Science and Technology of …".
DEPARTMENT_NAMES = {
    code: (zh, en) for code, zh, en in table("province_departments.csv", "province name_zh name_en")
}

# --- domestic organisations ------------------------------------------------------------------

# recommended by: "moe" or "cas", or "" for the province; aliases: `;`-separated
REAL_UNIVERSITIES = table(
    "universities.csv", "name_zh name_en province city recommended_by aliases"
)
UNIVERSITY_PATTERNS = table("university_patterns.csv", "suffix_zh pattern_en weight")

# Fields of research institutes, and the cities (or regions) in the names of CAS institutes.
CAS_FIELDS = table("cas_fields.csv", "field_zh field_en")
_CAS_CITY_ROWS = table("cas_cities.csv", "city_zh province city_en")
CAS_CITIES = [(city, province) for city, province, _en in _CAS_CITY_ROWS]
CAS_CITY_EN = {city: en for city, _province, en in _CAS_CITY_ROWS}
CAS_BRANCHES = entries("cas_branches.txt")
CAS_SPECIAL = table("cas_special.csv", "name_zh name_en province city")

# Institutes of the academies of agricultural and of medical sciences.
CAAS_INSTITUTES = table("caas_institutes.csv", "field_zh name_en province")
CAMS_INSTITUTES = table("cams_institutes.csv", "field_zh name_en province")

# Academies and government bodies at the top.
TOP_DOMESTIC = table("top_domestic.csv", "name_zh name_en acronym province kind aliases")
TOP_RECOMMENDER = dict(table("top_recommenders.csv", "acronym unit"))

NATIONAL_SOCIETIES = table("national_societies.csv", "name_zh name_en acronym")

# recommended by: "miit" or ""
REAL_ENTERPRISES = table("enterprises.csv", "name_zh name_en province city recommended_by")
BRANDS = table("brands.csv", "brand_zh brand_pinyin")
INDUSTRIES = table("industries.csv", "industry_zh industry_en")

# --- foreign organisations -------------------------------------------------------------------

REAL_FOREIGN = table("foreign_organisations.csv", "iso2 name_en name_zh kind city acronym aliases")

# The organisations taken from real lists (domestic by Chinese name, foreign by English name);
# the rest of the bulk is made from name patterns, so the demo shows these first where it can.
REAL_DOMESTIC_NAMES = frozenset(
    row[0]
    for rows in (REAL_UNIVERSITIES, TOP_DOMESTIC, CAS_SPECIAL, REAL_ENTERPRISES, NATIONAL_SOCIETIES)
    for row in rows
)
REAL_FOREIGN_NAMES = frozenset(row[1] for row in REAL_FOREIGN)

# Counterparts of the office in partner countries (for memoranda).
COUNTERPARTS = table("counterparts.csv", "iso2 name_en name_zh")

FOREIGN_FIELDS = entries("foreign_fields.txt")
FOREIGN_INDUSTRIES = entries("foreign_industries.txt")
COMPANY_SUFFIX = dict(table("company_suffixes.csv", "iso2 suffix"))

# Weight of a partner in the foreign registry: the majors first.
COUNTRY_WEIGHT = weight_table("country_weights.csv", "iso2")

# --- international organisations -------------------------------------------------------------

# seat: iso2
REAL_IGOS = table("igos.csv", "acronym name_en name_zh seat city")
REAL_INGOS = table("ingos.csv", "acronym name_en name_zh seat city")

# Fields for generated international bodies.
INTL_FIELDS = table("intl_fields.csv", "field_zh field_en")
INGO_PATTERNS = table("ingo_patterns.csv", "pattern_en pattern_zh")
IGO_PATTERNS = table("igo_patterns.csv", "pattern_en pattern_zh")
# In file order: the order the seats are drawn from.
IGO_SEAT_WEIGHT = weight_table("igo_seat_weights.csv", "iso2")

# --- people ----------------------------------------------------------------------------------

# Ranked by frequency: the weights fall with the rank.
SURNAMES = table("surnames.csv", "surname pinyin")
SURNAME_WEIGHTS = [1.0 / (rank + 1) ** 0.7 for rank in range(len(SURNAMES))]
GIVEN_CHARS = table("given_chars.csv", "char pinyin")

# Given names | family names, by naming tradition.
NAME_GROUPS: dict[str, tuple[list[str], list[str]]] = {
    group: (
        [name for part, name in names if part == "given"],
        [name for part, name in names if part == "family"],
    )
    for group, names in grouped(table("name_groups.csv", "group part name")).items()
}


def _disciplines() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Disciplines (Chinese, English), each with its keywords (Chinese, English)."""
    keywords: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for zh, en, kw_zh, kw_en in table(
        "disciplines.csv", "discipline_zh discipline_en keyword_zh keyword_en"
    ):
        keywords.setdefault((zh, en), []).append((kw_zh, kw_en))
    return [(zh, en, pairs) for (zh, en), pairs in keywords.items()]


DISCIPLINES = _disciplines()

DOMESTIC_POSITIONS = entries("domestic_positions.txt")
FOREIGN_POSITIONS = entries("foreign_positions.txt")

# --- agreements ------------------------------------------------------------------------------

# Signing dates of the earliest intergovernmental agreements.
IGA_DATES = {
    iso: dt.date.fromisoformat(day) for iso, day in table("iga_dates.csv", "iso2 signed_on")
}
TOPICS = table("topics.csv", "topic_zh topic_en")
INSTITUTIONAL_KINDS = table("institutional_kinds.csv", "kind_zh kind_en")
# The last one is the intergovernmental agreements' own.
IP_ARRANGEMENTS = entries("ip_arrangements.txt")
_COMMITMENTS = grouped(table("commitments.csv", "kind text"))
COMMIT_TECHNOLOGY = [text for (text,) in _COMMITMENTS["technology"]]
COMMIT_PEOPLE = [text for (text,) in _COMMITMENTS["people"]]
COMMIT_EQUIPMENT = [text for (text,) in _COMMITMENTS["equipment"]]

# --- mechanisms ------------------------------------------------------------------------------

# members: a grouping code, or iso2 codes separated by spaces
MULTILATERAL_MECHANISMS = table(
    "multilateral_mechanisms.csv", "name_zh name_en kind established members"
)
MEETING_SUMMARIES = entries("meeting_summaries.txt")

# --- posts -----------------------------------------------------------------------------------

POST_TITLES = {
    PostLevel(level): [title for (title,) in titles]
    for level, titles in grouped(table("post_titles.csv", "level title")).items()
}
CANDIDACY_NOTES = entries("candidacy_notes.txt")
