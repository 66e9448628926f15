"""Reference data shipped in the repository and loaded by data migrations: countries and units."""

import csv
from pathlib import Path

import pytest

from coophub.accounts.models import Unit
from coophub.partners.models import Country

DATA = Path(__file__).resolve().parent.parent / "data"

pytestmark = pytest.mark.django_db


def test_countries_are_loaded_by_the_migration():
    assert Country.objects.count() == 249
    japan = Country.objects.get(iso2="JP")
    assert (japan.iso3, japan.m49, japan.name_vi, japan.name_en) == ("JPN", "392", "Nhật Bản", "Japan")
    assert "Nhật" in japan.variant_list
    assert Country.objects.get(iso2="VN").m49 == "704"
    assert Country.objects.get(iso2="VN").iso3 == "VNM"
    assert Country.objects.get(iso2="NA").name_en == "Namibia"  # "NA" is a code, not a missing value


@pytest.mark.parametrize(
    ("iso2", "name_vi", "variant"),
    [
        ("US", "Hoa Kỳ", "Mỹ"),
        ("KR", "Hàn Quốc", "Hàn"),
        ("CN", "Trung Quốc", "Trung Hoa"),
        ("GB", "Vương quốc Anh", "Anh"),
        ("DE", "Cộng hòa Liên bang Đức", "Đức"),
        ("AU", "Ô-xtrây-li-a", "Úc"),
        ("NZ", "Niu Di-lân", "New Zealand"),
        ("NL", "Hà Lan", "Holland"),
        ("RU", "Liên bang Nga", "Nga"),
        ("IN", "Ấn Độ", "India"),
        ("LA", "Lào", "Laos"),
        ("KH", "Cam-pu-chia", "Campuchia"),
        ("VN", "Việt Nam", "Viet Nam"),
    ],
)
def test_official_vietnamese_names_and_variants(iso2, name_vi, variant):
    country = Country.objects.get(iso2=iso2)
    assert country.name_vi == name_vi
    assert variant in country.variant_list


def test_country_csv_is_complete_and_well_formed():
    with open(DATA / "countries.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["iso2", "iso3", "m49", "name_en", "name_vi", "variants", "region"]
    assert len(rows) == len({r["iso2"] for r in rows}) == len({r["iso3"] for r in rows}) == 249
    for row in rows:
        assert len(row["iso2"]) == 2 and len(row["iso3"]) == 3, row
        assert len(row["m49"]) == 3 and row["m49"].isdigit(), row
        assert row["name_vi"] and row["name_en"], row
        assert len(row["variants"]) <= 500, row
    assert (DATA / "LICENSE-countries.md").exists()
    with open(DATA / "vn_identifiers.csv", encoding="utf-8", newline="") as f:
        identifiers = {r["system"]: r["code"] for r in csv.DictReader(f)}
    assert identifiers["UN M49"] == "704"


def test_migration_loader_is_idempotent():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("coophub.partners.migrations.0002_countries")
    Country.objects.filter(iso2="JP").update(name_vi="Nhật")
    migration.load_countries(apps, None)
    migration.load_countries(apps, None)
    assert Country.objects.count() == 249
    assert Country.objects.get(iso2="JP").name_vi == "Nhật Bản"


def test_units_are_loaded_by_the_migration():
    units = {u.code: u for u in Unit.objects.all()}
    assert len(units) == 32
    ministry = units["bo"]
    assert (ministry.name_vi, ministry.name_en, ministry.abbreviation, ministry.kind) == (
        "Bộ Nông nghiệp và Môi trường",
        "Ministry of Agriculture and Environment",
        "BNNMT",
        "ministry",
    )
    assert str(ministry.valid_from) == "2025-03-01"
    assert ministry.parent is None
    assert units["lanh-dao-bo"].kind == "leadership"
    dic = Unit.objects.get(is_dic=True)
    assert (dic.code, dic.name_vi, dic.abbreviation, dic.kind) == (
        "htqt",
        "Vụ Hợp tác quốc tế",
        "HTQT",
        "department",
    )
    for code, unit in units.items():
        assert unit.name_vi and unit.name_en, code
        if code != "bo":
            assert unit.parent_id == ministry.pk, code
            assert str(unit.valid_from) == "2025-03-01", code
    kinds = [u.kind for u in units.values()]
    assert kinds.count("service") == 4
    assert kinds.count("department") + kinds.count("agency") + kinds.count("office") == 26


def test_unit_codes_agree_with_the_test_fixtures(units):
    # conftest's `units` fixture get_or_creates these codes: it must find the shipped units, not add new ones.
    assert Unit.objects.count() == 32
    assert units["dic"].name_vi == "Vụ Hợp tác quốc tế" and units["dic"].is_dic
    assert units["ppd"].name_vi == "Cục Trồng trọt và Bảo vệ thực vật"
    assert units["forestry"].name_vi == "Cục Lâm nghiệp và Kiểm lâm"
    assert units["office"].name_vi == "Văn phòng Bộ" and units["office"].kind == "office"
