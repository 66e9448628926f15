"""How an extraction result becomes the proposed record: Vietnamese articles, the partner registry and its
"new partner?" suggestions, people's flags, topics, and outcomes."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from coophub.engagements.proposal import known_partners, read, to_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "engagements"
URL = reverse("engagements:extract")


def article(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def propose(user, text, language="auto"):
    return to_record(read(text, language, user), user)


def test_a_vietnamese_signing_is_proposed_with_its_vietnamese_title_and_the_signed_document(dic_officer):
    record = propose(dic_officer, article("04_vi_rumani-ky-ket"))
    initial = record["initial"]

    assert initial["kind"] == "signing_ceremony"
    assert initial["starts_on"] == "2019-04-15"
    assert initial["title_vi"] == "Việt Nam và Rumani ký hợp tác về thú y và an toàn thực phẩm"
    assert "title_en" not in initial
    assert initial["country"] == "RO"
    assert initial["countries"] == ["RO"]
    assert initial["level"] == "ministerial"  # Thủ tướng / Bộ trưởng
    assert record["source_language"] == "vi"
    signed = [o for o in record["outcomes"] if o["kind"] == "decision"]
    assert [o["text"] for o in signed] == [
        "Signed: Bản ghi nhớ về Hợp tác trong lĩnh vực nông nghiệp, thú y và an toàn thực phẩm"
    ]
    assert {o["side"] for o in record["outcomes"] if o["kind"] == "commitment"} == {"both"}


def test_an_organisation_of_the_registry_becomes_a_partner_and_an_unknown_one_a_suggestion(
    dic_officer, make_partner, japan
):
    text = article("07_vi_jica-nghe-an")

    unknown = propose(dic_officer, text)
    [suggestion] = unknown["suggestions"]
    assert suggestion["text"] == "Tổ chức hợp tác quốc tế Nhật Bản (JICA)"
    assert suggestion["url"].startswith(reverse("partners:partner_create") + "?")
    assert "country=JP" in suggestion["url"]

    jica = make_partner(
        code="JP-JICA",
        kind="donor_agency",
        name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản",
        name_en="Japan International Cooperation Agency",
        acronym="JICA",
        country=japan,
    )
    known = propose(dic_officer, text)
    assert jica.pk in known["initial"]["partners"]
    assert not any("JICA" in s["text"] for s in known["suggestions"])


def test_the_registry_handed_to_the_engine_is_the_one_the_user_sees(
    dic_officer, other_unit_officer, make_partner, units
):
    make_partner(code="JP-MAFF", name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản", aliases=[("MAFF", "en")])
    make_partner(code="SECRET", name_vi="Đối tác hạn chế", visibility="unit")

    codes = {p.code: p for p in known_partners(other_unit_officer)}

    assert "SECRET" not in codes
    assert set(codes["JP-MAFF"].names) == {"Bộ Nông Lâm Ngư nghiệp Nhật Bản", "MAFF"}
    assert "SECRET" in {p.code for p in known_partners(dic_officer)}


def test_the_country_partner_is_proposed_for_each_partner_country(dic_officer, japan_partner):
    record = propose(dic_officer, article("00_en_japan-nakayama"))

    assert record["initial"]["partners"] == [japan_partner.pk]
    assert record["initial"]["countries"] == ["JP"]


def test_people_keep_their_title_as_written_with_the_former_and_acting_flags(dic_officer, deputy_minister):
    text = (
        "Thứ trưởng Trần Quý Kiên tiếp ông Nomura Tetsuro, "
        "nguyên Bộ trưởng Bộ Nông, Lâm, Ngư nghiệp Nhật Bản, "
        "và bà Anna Berg, Quyền Đại sứ Thụy Điển tại Việt Nam, ngày 12/11/2025 tại Hà Nội."
    )

    record = propose(dic_officer, text, "vi")

    assert record["initial"]["leader"] == deputy_minister.pk
    assert record["initial"]["leader_title"] == "Thứ trưởng"
    flags = {p["name"]: (p["is_former"], p["is_acting"]) for p in record["partner_participants"]}
    assert flags.get("Nomura Tetsuro") == (True, False)
    assert flags.get("Anna Berg") == (False, True)


def test_an_online_meeting_is_proposed_online(dic_officer):
    text = (
        "Deputy Minister holds online meeting with the World Bank\n2025-06-03\n"
        "On June 3, Deputy Minister Nguyen Hoang Hiep held an online meeting with the World Bank on climate "
        "resilience. The two sides agreed to prepare a new project."
    )

    assert propose(dic_officer, text)["initial"]["mode"] == "online"


def test_topics_of_the_vocabulary_are_matched_and_the_rest_kept_as_other_topics(dic_officer):
    record = propose(dic_officer, article("00_en_japan-nakayama"))

    assert {"green-agriculture", "value-chain"} <= set(record["initial"]["topics"])
    assert all(code for code in record["initial"]["topics"])
    assert isinstance(record["initial"].get("other_topics", ""), str)


def test_a_follow_up_that_repeats_a_commitment_is_not_proposed_twice(dic_officer):
    record = propose(dic_officer, article("00_en_japan-nakayama"))
    spans = [o["span"] for o in record["outcomes"]]

    for index, (start, end) in enumerate(spans):
        assert not any(s < end and start < e for s, e in spans[index + 1 :])


def test_the_review_page_offers_the_new_partner_link_and_creates_nothing(client, dic_officer):
    from coophub.partners.models import Partner

    client.force_login(dic_officer)

    response = client.post(
        URL, {"text": article("02_en_koica-workshop"), "language": "auto", "step": "extract"}
    )

    body = response.content.decode()
    assert 'id="partner-suggestions"' in body
    assert reverse("partners:partner_create") + "?name_vi=Korea+International" in body
    assert Partner.objects.count() == 0
    assert response.context["review"].form.initial["starts_on"] == datetime.date(2024, 3, 18)
