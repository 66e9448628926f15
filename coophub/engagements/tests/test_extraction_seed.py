"""The extractor on the seed article (a Deputy Minister receives a Japanese politician) and a Vietnamese
signing."""

import json
from pathlib import Path

import pytest

from coophub.engagements.extraction import extract

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEED = SHARED / "seeds" / "002_130dc5020deb3dfe.txt"
ROMANIA = SHARED / "data" / "engagements" / "04_vi_rumani-ky-ket.txt"

NAKAYAMA_COMMITMENTS = [
    (
        "partner",
        "Mr. Nakayama committed to supporting Vietnam in modern agricultural practices, food preservation "
        "technologies, processing, and storage.",
    ),
    ("partner", "Mr. Nakayama expressed his desire to collaborate and share this technology with Vietnam."),
    (
        "both",
        "both sides agreed to regard high-tech and strategic sectors as pillars of bilateral cooperation, "
        "alongside traditional areas such as trade, investment, and agriculture.",
    ),
]


def _read(path: Path) -> str:
    assert path.exists(), f"{path} is missing: the tests read the shared seeds beside the project root"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return extract(_read(SEED))


@pytest.fixture(scope="module")
def romania():
    return extract(_read(ROMANIA))


def test_it_reads_when_where_and_what_kind_of_meeting_the_seed_article_reports(seed):
    assert seed["language"] == "en"
    assert (
        seed["title"]
        == "Japan offers technical support to Vietnam in agriculture and value chain development"
    )
    assert seed["meeting_date"] == "2025-09-16"
    assert seed["location"] == {"city": "Hanoi", "country": "VN"}
    assert seed["event_type"] == "courtesy_call"


def test_it_puts_the_deputy_minister_on_our_side_with_his_title(seed):
    assert [(p["name"], p["title"], p["organization"]) for p in seed["vn_side"]] == [
        (
            "Tran Quy Kien",
            "Deputy Minister of Agriculture and Environment",
            "Ministry of Agriculture and Environment",
        )
    ]


def test_it_puts_the_former_japanese_minister_on_the_partner_side(seed):
    assert [(p["name"], p["title"], p["country"]) for p in seed["partner_side"]] == [
        ("Yasuhide Nakayama", "former Minister of Defense of Japan", "JP")
    ]
    assert seed["partner_side"][0]["organization"] is None


def test_it_finds_japan_as_the_only_partner_and_no_partner_organisation(seed):
    assert seed["partner_countries"] == ["JP"]
    assert seed["partner_organizations"] == []


def test_it_finds_the_three_commitments_with_who_made_them(seed):
    assert [(c["by"], c["text"]) for c in seed["commitments"]] == NAKAYAMA_COMMITMENTS
    assert seed["agreements_signed"] == []


def test_every_span_slices_the_text_back_to_its_value(seed, romania):
    for record in (seed, romania):
        text = record["text"]
        for person in record["vn_side"] + record["partner_side"]:
            assert text[slice(*person["span"])] == person["name"]
        for key in ("commitments", "follow_ups", "figures"):
            for item in record[key]:
                assert text[slice(*item["span"])] == item["text"]
        for agreement in record["agreements_signed"]:
            assert text[slice(*agreement["span"])] == agreement["title"]
        title_span = record["evidence"]["title"]["span"]
        assert text[slice(*title_span)] == record["title"]


def test_every_list_item_carries_a_span_and_a_two_decimal_confidence(seed):
    for key in ("vn_side", "partner_side", "commitments", "agreements_signed", "follow_ups", "figures"):
        for item in seed[key]:
            assert len(item["span"]) == 2 and 0 <= item["confidence"] <= 1
            assert round(item["confidence"], 2) == item["confidence"]


def test_evidence_ties_the_date_place_and_each_partner_country_to_the_text(seed):
    evidence, text = seed["evidence"], seed["text"]
    assert text[slice(*evidence["meeting_date"]["span"])] == "September 16"
    assert text[slice(*evidence["location"]["span"])] == "Hanoi"
    assert set(evidence) >= {"title", "meeting_date", "location", "event_type", "source_url"}
    assert [e["value"] for e in evidence["partner_countries"]] == ["JP"]
    assert text[slice(*evidence["partner_countries"][0]["span"])] == "Japan"
    assert evidence["source_url"] == {"span": None, "confidence": 0}


def test_the_result_has_exactly_the_contract_fields_and_is_json_serialisable(seed):
    assert set(seed) == set(
        "language source_url title meeting_date location event_type vn_side partner_side partner_countries "
        "partner_organizations topics commitments agreements_signed follow_ups figures evidence text "
        "warnings partner_matches new_partner_suggestions".split()
    )
    assert json.loads(json.dumps(seed)) == seed


def test_the_same_text_gives_the_same_record():
    text = _read(SEED)
    assert extract(text) == extract(text)


def test_it_reads_the_romanian_signing_from_the_vietnamese_article(romania):
    assert romania["language"] == "vi"
    assert romania["meeting_date"] == "2019-04-15"
    assert romania["location"] == {"city": None, "country": "RO"}
    assert romania["event_type"] == "signing"
    assert [p["name"] for p in romania["vn_side"]] == ["Nguyễn Xuân Phúc", "Nguyễn Xuân Cường"]
    assert [(p["name"], p["country"]) for p in romania["partner_side"]] == [
        ("Petre Dachau", "RO"),
        ("Viorica Dancila", "RO"),
    ]
    assert romania["partner_countries"] == ["RO"]
    assert romania["partner_organizations"] == ["Bộ Nông nghiệp và PTNT Rumani"]


def test_it_finds_the_signed_memorandum_and_both_joint_commitments_in_vietnamese(romania):
    assert [a["title"] for a in romania["agreements_signed"]] == [
        "Bản ghi nhớ về Hợp tác trong lĩnh vực nông nghiệp, thú y và an toàn thực phẩm"
    ]
    assert [c["by"] for c in romania["commitments"]] == ["both", "both"]
    assert romania["commitments"][0]["text"].startswith("hai bên cam kết tăng cường hợp tác chặt chẽ")
    assert romania["commitments"][1]["text"].startswith("Hai bên cũng sẽ tăng cường giao lưu")
