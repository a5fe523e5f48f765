"""Parse the member list printed in the association's brochure.

Pure functions over text, no database: `parse_member_list(text)` returns one record per
member. The brochure prints, per category and region, "Country<TAB>Name, Name, ...".
It states section totals in its headers ("AFRICA | 27"); we keep those as `declared`
so that the import can report where the printed list and its headers disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accounts.enums import Category, Kind, Region

SECTION_HEADER = re.compile(r"^(?P<title>[A-Z][A-Z &\-]+?)\s*\|\s*(?P<count>\d+)\s*$")
# Any other all-capitals line ("LATIN AMERICA", "PARTNERS", "ANNUAL FEES") ends a list section.
OTHER_HEADING = re.compile(r"^[A-Z][A-Z &'\-]{3,}$")

CATEGORY_HEADERS = {
    "LOCAL GOVERNMENTS": Category.LOCAL_GOVERNMENT,
    "INSTITUTIONS": Category.INSTITUTION,
    "CORPORATIONS": Category.CORPORATION,
}
REGION_HEADERS = {
    "AFRICA": Region.AFRICA,
    "EUROPE": Region.EUROPE,
    "MIDDLE EAST & NORTH AFRICA": Region.MENA,
    "AMERICAS": Region.AMERICAS,
    "ASIA-PACIFIC": Region.ASIA_PACIFIC,
}

# ISO 3166-1 codes for the country names as the brochure spells them.
COUNTRY_CODES = {
    "Afghanistan": "AF", "Argentina": "AR", "Australia": "AU", "Azerbaijan": "AZ", "Bangladesh": "BD",
    "Belarus": "BY", "Belgium": "BE", "Botswana": "BW", "Brazil": "BR", "Cameroon": "CM", "China": "CN",
    "Costa Rica": "CR", "Dominican Republic": "DO", "Ecuador": "EC", "Ethiopia": "ET", "Fiji": "FJ",
    "France": "FR", "Germany": "DE", "Ghana": "GH", "India": "IN", "Indonesia": "ID", "Iran": "IR",
    "Iraq": "IQ", "Japan": "JP", "Kazakhstan": "KZ", "Kenya": "KE", "Korea": "KR", "Kyrgyzstan": "KG",
    "Malaysia": "MY", "Mexico": "MX", "Mongolia": "MN", "Morocco": "MA", "Mozambique": "MZ",
    "Nepal": "NP", "Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "Oman": "OM",
    "Pakistan": "PK", "Palestine": "PS", "Paraguay": "PY", "Peru": "PE", "Philippines": "PH",
    "Romania": "RO", "Russia": "RU", "Rwanda": "RW", "Senegal": "SN", "South Africa": "ZA",
    "Sri Lanka": "LK", "Sudan": "SD", "Switzerland": "CH", "Tanzania": "TZ", "Thailand": "TH",
    "Tunisia": "TN", "Türkiye": "TR", "Uganda": "UG", "United Arab Emirates": "AE",
    "United States": "US", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN", "Zambia": "ZM",
    "Zimbabwe": "ZW",
}  # fmt: skip

# Institutions are listed by country only; countries without a local-government member
# in the brochure get their region here.
EXTRA_COUNTRY_REGIONS = {"AF": Region.ASIA_PACIFIC, "BW": Region.AFRICA, "CH": Region.EUROPE}

# Local governments that are not cities: states/provinces/regions and sub-municipal districts.
LOCAL_GOVERNMENT_KINDS = {
    "Kaduna State": Kind.REGION,
    "Sokoto State": Kind.REGION,
    "Zhejiang Province": Kind.REGION,
    "Kepulauan Riau": Kind.REGION,
    "Saga Prefecture": Kind.REGION,
    "Hong Kong SAR": Kind.REGION,
    "La Union": Kind.REGION,
    "Jeju": Kind.REGION,
    "Beyoğlu": Kind.DISTRICT,
    "Khartoum Locality": Kind.DISTRICT,
    "Serang Regency": Kind.DISTRICT,
    "Lunte": Kind.DISTRICT,
}

INSTITUTION_KINDS = {
    "Engineering School at Kabul University": Kind.ACADEMIC,
    "Enactus IIT Delhi": Kind.ACADEMIC,
    "FIWARE Foundation": Kind.NONPROFIT,
    "Korea Green Foundation": Kind.NONPROFIT,
    "African Smart Cities Innovation Foundation (ASCIF)": Kind.NONPROFIT,
    "Solar Impulse Foundation": Kind.NONPROFIT,
    "Healthy City Network of Mongolia (HCNM)": Kind.ASSOCIATION,
    "Digital Collaborative Platform": Kind.ASSOCIATION,
    "Bizerte 2050": Kind.ASSOCIATION,
}


@dataclass(frozen=True)
class MemberRecord:
    name: str
    category: str
    kind: str
    country: str
    region: str


@dataclass
class MemberList:
    records: list[MemberRecord] = field(default_factory=list)
    # (category, region or "") -> the count printed in the section header
    declared: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, category: str, region: str = "") -> int:
        return sum(1 for r in self.records if r.category == category and (not region or r.region == region))


def _kind_for(name: str, category: str) -> str:
    if category == Category.LOCAL_GOVERNMENT:
        return LOCAL_GOVERNMENT_KINDS.get(name, Kind.CITY)
    if category == Category.INSTITUTION:
        return INSTITUTION_KINDS.get(name, Kind.PUBLIC_AGENCY)
    return Kind.SME


def parse_member_list(text: str) -> MemberList:  # noqa: PLR0912 -- one flat pass over a flat text reads best
    """Every member the text names, in order, with the section totals its headers declare.

    Raises ValueError on a country we cannot place, so a new brochure never imports silently wrong.
    """
    result = MemberList()
    category: str | None = None
    region: str | None = None
    region_of_country: dict[str, str] = {}
    pending_institutions: list[tuple[str, str]] = []
    in_list = False

    for raw in text.splitlines():
        line = raw.strip()
        header = SECTION_HEADER.match(line)
        if header:
            title, count = header["title"].strip(), int(header["count"])
            if title in CATEGORY_HEADERS:
                category, region = CATEGORY_HEADERS[title], None
                result.declared[(category, "")] = count
            elif title in REGION_HEADERS and category is not None:
                region = REGION_HEADERS[title]
                result.declared[(category, region)] = count
            in_list = True
            continue
        if OTHER_HEADING.match(line):
            in_list = False
            continue
        if not in_list or "\t" not in raw or category is None:
            continue  # prose, page furniture ("Regional Office") or blank lines
        country_name, _, names = raw.partition("\t")
        country_name = country_name.strip()
        if country_name not in COUNTRY_CODES:
            raise ValueError(f"Unknown country in member list: {country_name!r}")
        code = COUNTRY_CODES[country_name]
        for name in (n.strip() for n in names.split(",")):
            if not name:
                continue
            if category == Category.LOCAL_GOVERNMENT:
                if region is None:
                    raise ValueError(f"Local government {name!r} appears before any region header")
                region_of_country.setdefault(code, region)
                result.records.append(MemberRecord(name, category, _kind_for(name, category), code, region))
            else:
                pending_institutions.append((name, code))

    # Institutions carry no region header: place them by their country.
    for name, code in pending_institutions:
        inst_region = region_of_country.get(code) or EXTRA_COUNTRY_REGIONS.get(code)
        if inst_region is None:
            raise ValueError(f"No region known for country {code} of {name!r}")
        result.records.append(
            MemberRecord(name, Category.INSTITUTION, _kind_for(name, Category.INSTITUTION), code, inst_region)
        )
    return result
