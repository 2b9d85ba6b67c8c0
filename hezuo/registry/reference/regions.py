"""Regions (UN M49 continents) and development groups by ISO alpha-2 code.

Regions
    The continental regions of the UN Statistics Division's "Standard country or area codes for
    statistical use" (M49, https://unstats.un.org/unsd/methodology/m49/): Africa (002), Americas
    (019), Asia (142), Europe (150), Oceania (009). M49 assigns Antarctica (010) to no region; it
    is kept here as "antarctica". The sub-Antarctic territories follow M49: Bouvet Island and South
    Georgia are in South America, Heard Island and McDonald Islands in Oceania, the French Southern
    Territories in Eastern Africa. Cyprus is in Western Asia and the US Minor Outlying Islands in
    Micronesia, as M49 has them. Taiwan, which M49 does not list separately, is in Eastern Asia.

Development groups (the three groups the plans address)
    DEVELOPED is the IMF World Economic Outlook list of "advanced economies" (WEO April 2025,
    Statistical Appendix, table B; 41 economies, with Andorra and Croatia since 2023):
    https://www.imf.org/en/Publications/WEO/weo-database/2025/april/groups-and-aggregates

    EMERGING is a stated, checkable definition rather than a judgement per country: the economies
    that are (a) G20 members not on the IMF advanced list, (b) BRICS members (2025, incl. the
    2024 and 2025 accessions), or (c) in the MSCI Emerging Markets Index (2024 market
    classification review, https://www.msci.com/our-solutions/indexes/market-classification),
    each minus the IMF advanced economies. Liechtenstein and Monaco, sovereign states outside the
    WEO (not IMF members), are high-income economies (World Bank) and count as developed. Every
    other economy is "developing".

    Places that are no economy of their own get no group (`UNCLASSIFIED`): Antarctica and the
    uninhabited or military territories, and the dependencies counted with their sovereign state
    (Åland, Svalbard, the Channel Islands, the overseas territories and departments, ...), the
    Holy See and Western Sahara. The dependencies the WEO lists as economies keep their group
    (Hong Kong, Macao, Taiwan, Puerto Rico, Aruba, West Bank and Gaza), and so do the Cook
    Islands and Niue, self-governing states with diplomatic relations of their own.
"""

from __future__ import annotations


def _expand(groups: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for region, codes in groups.items():
        for code in codes.split():
            if code in out:  # pragma: no cover - guarded by the tests
                raise ValueError(f"{code} is listed twice")
            out[code] = region
    return out


# M49 sub-regions are kept as comments so the list can be checked against the UN table line by line.
REGION_BY_ISO2: dict[str, str] = _expand(
    {
        "africa": (
            # Northern Africa
            "DZ EG LY MA SD TN EH "
            # Eastern Africa
            "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
            # Middle Africa
            "AO CM CF TD CG CD GQ GA ST "
            # Southern Africa
            "BW SZ LS NA ZA "
            # Western Africa
            "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"
        ),
        "americas": (
            # Caribbean
            "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
            # Central America
            "BZ CR SV GT HN MX NI PA "
            # South America
            "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE "
            # Northern America
            "BM CA GL PM US"
        ),
        "asia": (
            # Central Asia
            "KZ KG TJ TM UZ "
            # Eastern Asia
            "CN HK MO TW KP JP MN KR "
            # South-eastern Asia
            "BN KH ID LA MY MM PH SG TH TL VN "
            # Southern Asia
            "AF BD BT IN IR MV NP PK LK "
            # Western Asia
            "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"
        ),
        "europe": (
            # Eastern Europe
            "BY BG CZ HU PL MD RO RU SK UA "
            # Northern Europe
            "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB "
            # Southern Europe
            "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES "
            # Western Europe
            "AT BE FR DE LI LU MC NL CH"
        ),
        "oceania": (
            # Australia and New Zealand
            "AU CX CC HM NZ NF "
            # Melanesia
            "FJ NC PG SB VU "
            # Micronesia
            "GU KI MH FM NR MP PW UM "
            # Polynesia
            "AS CK PF NU PN WS TK TO TV WF"
        ),
        "antarctica": "AQ",
    }
)

# IMF WEO advanced economies (41), April 2025.
_IMF_ADVANCED = (
    "AD AU AT BE CA HR CY CZ DK EE FI FR DE GR HK IS IE IL IT JP KR LV LT LU MO MT NL NZ NO PT "
    "PR SM SG SK SI ES SE CH TW GB US"
)
DEVELOPED: frozenset[str] = frozenset(_IMF_ADVANCED.split())

_G20_EMERGING = "AR BR CN IN ID MX RU SA ZA TR"
_BRICS = "BR RU IN CN ZA EG ET IR AE ID"
_MSCI_EM = "BR CL CN CO CZ EG GR HU IN ID KR KW MY MX PE PH PL QA SA ZA TW TH TR AE"

EMERGING: frozenset[str] = (
    frozenset(set(_G20_EMERGING.split()) | set(_BRICS.split()) | set(_MSCI_EM.split())) - DEVELOPED
)

# Sovereign, high-income, outside the WEO.
HIGH_INCOME_OUTSIDE_WEO: frozenset[str] = frozenset({"LI", "MC"})

UNCLASSIFIED: frozenset[str] = frozenset(
    (  # noqa: SIM905 - codes read best as a list of codes
        # uninhabited, or military bases only
        "AQ BV HM GS TF UM IO "
        # European dependencies: Finland, Norway, Denmark, the British Crown, Gibraltar
        "AX SJ FO GL GG JE IM GI "
        # United States territories
        "AS GU MP VI "
        # British overseas territories
        "AI BM VG KY MS TC FK SH PN "
        # French overseas departments and collectivities
        "GF GP MQ RE YT BL MF PM PF NC WF "
        # the Caribbean Netherlands, Curaçao, Sint Maarten
        "BQ CW SX "
        # Australian and New Zealand territories
        "CX CC NF TK "
        # neither an economy nor a settled state
        "VA EH"
    ).split()
)


def development_group(iso2: str) -> str:
    """The plans' development group of a country, or "" for a place that is no economy."""
    if iso2 in DEVELOPED or iso2 in HIGH_INCOME_OUTSIDE_WEO:
        return "developed"
    if iso2 in EMERGING:
        return "emerging"
    if iso2 in UNCLASSIFIED:
        return ""
    return "developing"
