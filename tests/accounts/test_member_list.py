from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from accounts.enums import Category, Kind, Region
from accounts.member_list import MemberRecord, parse_member_list

pytestmark = [pytest.mark.unit, pytest.mark.portable]

SHARED_BROCHURE = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_985841e45ba25128.txt"


@pytest.fixture(scope="module")
def member_list():
    return parse_member_list(settings.MEMBER_SEED_FILE.read_text(encoding="utf-8"))


def test_every_named_local_government_and_institution_is_parsed(member_list):
    counts = Counter(r.category for r in member_list.records)

    assert counts == {Category.LOCAL_GOVERNMENT: 139, Category.INSTITUTION: 18}


def test_named_local_governments_per_region(member_list):
    per_region = Counter(r.region for r in member_list.records if r.category == Category.LOCAL_GOVERNMENT)

    assert per_region == {
        Region.AFRICA: 20,
        Region.EUROPE: 16,
        Region.MENA: 14,
        Region.AMERICAS: 15,
        Region.ASIA_PACIFIC: 74,
    }


def test_header_totals_are_kept_as_declared(member_list):
    assert member_list.declared[(Category.LOCAL_GOVERNMENT, "")] == 164
    assert member_list.declared[(Category.LOCAL_GOVERNMENT, Region.AFRICA)] == 27
    assert member_list.declared[(Category.INSTITUTION, "")] == 18


@pytest.mark.parametrize(
    "record",
    [
        MemberRecord("Nairobi", Category.LOCAL_GOVERNMENT, Kind.CITY, "KE", Region.AFRICA),
        MemberRecord("Kaduna State", Category.LOCAL_GOVERNMENT, Kind.REGION, "NG", Region.AFRICA),
        MemberRecord("Beyoğlu", Category.LOCAL_GOVERNMENT, Kind.DISTRICT, "TR", Region.EUROPE),
        MemberRecord("Khartoum Locality", Category.LOCAL_GOVERNMENT, Kind.DISTRICT, "SD", Region.MENA),
        MemberRecord("São Paulo", Category.LOCAL_GOVERNMENT, Kind.CITY, "BR", Region.AMERICAS),
        MemberRecord("Buenos Aires", Category.LOCAL_GOVERNMENT, Kind.CITY, "CR", Region.AMERICAS),
        MemberRecord("Seoul", Category.LOCAL_GOVERNMENT, Kind.CITY, "KR", Region.ASIA_PACIFIC),
        MemberRecord("Hong Kong SAR", Category.LOCAL_GOVERNMENT, Kind.REGION, "CN", Region.ASIA_PACIFIC),
        MemberRecord("FIWARE Foundation", Category.INSTITUTION, Kind.NONPROFIT, "DE", Region.EUROPE),
        MemberRecord("Solar Impulse Foundation", Category.INSTITUTION, Kind.NONPROFIT, "CH", Region.EUROPE),
        MemberRecord(
            "Korea Internet and Security Agency (KISA)",
            Category.INSTITUTION,
            Kind.PUBLIC_AGENCY,
            "KR",
            Region.ASIA_PACIFIC,
        ),
    ],
    ids=lambda r: r.name,
)
def test_sample_records(member_list, record):
    assert [r for r in member_list.records if r.name == record.name] == [record]


def test_regional_office_line_is_not_a_member(member_list):
    assert [r.name for r in member_list.records].count("Cuenca") == 1


@pytest.mark.skipif(
    not SHARED_BROCHURE.exists(), reason="the shared brochure sits beside the repository only"
)
def test_shipped_copy_matches_the_full_brochure(member_list):
    assert parse_member_list(SHARED_BROCHURE.read_text(encoding="utf-8")).records == member_list.records


def test_unknown_country_is_an_error_not_a_silent_skip():
    with pytest.raises(ValueError, match="Atlantis"):
        parse_member_list("LOCAL GOVERNMENTS | 1\n\nEUROPE | 1\n\nAtlantis\tPoseidonia\n")
