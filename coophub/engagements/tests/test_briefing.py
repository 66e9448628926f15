"""Briefing packs: what goes in (only what the requester may see), in Vietnamese and English, as .docx and
PDF, built in the background with its progress."""

import datetime
import io
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import translation
from docx import Document as WordDocument

from coophub.agreements import services as agreements
from coophub.assignments import services as assignments
from coophub.engagements.briefing import compose, gather, render_docx, render_pdf, services
from coophub.engagements.briefing.content import Paragraph
from coophub.engagements.briefing.sections import (
    SectionContent,
    TalkingPoint,
    register_section,
    unregister_section,
)
from coophub.engagements.briefing.talking_points import talking_points
from coophub.engagements.models import BriefingPack
from coophub.partners import services as partners

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
TODAY = NOW.date()
MEETING = TODAY + datetime.timedelta(days=10)
FORESTRY_SECRET = "Thí điểm tín chỉ carbon rừng"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class World:
    engagement: object
    maff: object
    agreement: object
    partner_commitment: object
    late_task: object
    previous: object


@pytest.fixture
def maff(make_partner, japan):
    return make_partner(
        code="JP-MAFF",
        kind="ministry",
        name_vi="Bộ Nông Lâm Thủy sản Nhật Bản",
        name_en="Ministry of Agriculture, Forestry and Fisheries of Japan",
        acronym="MAFF",
        country=japan,
        priority="strategic",
        description="Cơ quan đối tác chính về nông nghiệp.",
    )


def _commitment(actor, units, **data):
    return agreements.create_commitment(actor=actor, data={"owner_unit": units["dic"], **data})


@pytest.fixture
def world(
    dic_officer,
    other_unit_officer,
    unit_focal_point,
    units,
    maff,
    japan,
    japan_partner,
    deputy_minister,
    make_engagement,
):
    suzuki = partners.create_contact(
        actor=dic_officer,
        partner=maff,
        data={"full_name": "Suzuki Noriyuki", "honorific": "Mr.", "email": "suzuki@maff.go.jp"},
        positions=[
            {
                "title": "Director-General, Export and International Affairs Bureau",
                "organisation": "MAFF",
                "start_date": datetime.date(2022, 4, 1),
                "end_date": datetime.date(2025, 9, 30),
            },
            {
                "title": "Vice-Minister for International Affairs",
                "organisation": "MAFF",
                "start_date": datetime.date(2025, 10, 1),
            },
        ],
    )
    previous = make_engagement(
        kind="working_session",
        title_vi="Thứ trưởng làm việc với Đại sứ Nhật Bản",
        title_en="Deputy Minister meets the Ambassador of Japan",
        starts_on=TODAY - datetime.timedelta(days=120),
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
        outcomes=[
            {
                "kind": "follow_up",
                "side": "both",
                "text": "Hai bên trao đổi số liệu kiểm dịch thực vật trước tháng 6.",
            },
            {"kind": "information", "side": "partner", "text": "Nhật Bản giới thiệu chính sách mới."},
        ],
    )
    engagement = make_engagement(
        kind="courtesy_call",
        title_vi="Thứ trưởng Trần Quý Kiên tiếp Thứ trưởng Bộ Nông Lâm Thủy sản Nhật Bản",
        title_en="Deputy Minister Tran Quy Kien receives Japan's Vice-Minister of Agriculture",
        starts_on=MEETING,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        venue="Trụ sở Bộ, số 2 Ngọc Hà",
        leader=deputy_minister,
        lead_unit=units["dic"],
        partners=[maff],
        countries=[japan],
        summary="Trao đổi về hợp tác nông nghiệp công nghệ cao.",
        vn=[{"official": deputy_minister, "role": "head"}],
        partner=[
            {
                "contact": suzuki,
                "partner": maff,
                "name": "Suzuki Noriyuki",
                "title": "Vice-Minister for International Affairs",
                "organisation": "MAFF",
                "country": japan,
            }
        ],
    )
    agreement = agreements.create_agreement(
        actor=dic_officer,
        data={
            "code": "JP-MOC-2021",
            "kind": "mou",
            "title_vi": "Bản ghi nhớ hợp tác nông nghiệp Việt Nam – Nhật Bản",
            "title_en": "Memorandum of Cooperation in Agriculture between Viet Nam and Japan",
            "status": "in_force",
            "signed_on": datetime.date(2021, 5, 10),
            "valid_from": datetime.date(2021, 5, 10),
            "valid_to": MEETING + datetime.timedelta(days=90),
            "owner_unit": units["dic"],
        },
        parties=[(maff, "signatory")],
    )
    partner_commitment = _commitment(
        dic_officer,
        units,
        agreement=agreement,
        title_vi="Hỗ trợ chuyển giao công nghệ bảo quản sau thu hoạch",
        title_en="Support for post-harvest preservation technology",
        side="partner",
        start_on=TODAY - datetime.timedelta(days=200),
        due_on=TODAY + datetime.timedelta(days=200),
    )
    agreements.log_progress(partner_commitment, actor=dic_officer, value=45)
    behind = _commitment(
        dic_officer,
        units,
        agreement=agreement,
        title_vi="Cử chuyên gia kiểm dịch sang Việt Nam",
        title_en="Send quarantine experts to Viet Nam",
        side="partner",
        start_on=TODAY - datetime.timedelta(days=300),
        due_on=TODAY - datetime.timedelta(days=10),
    )
    agreements.log_progress(behind, actor=dic_officer, value=20, on=TODAY - datetime.timedelta(days=30))
    delivered = _commitment(
        dic_officer,
        units,
        agreement=agreement,
        title_vi="Tài trợ khóa đào tạo về nông nghiệp thông minh",
        title_en="Fund a training course in smart farming",
        side="partner",
        start_on=TODAY - datetime.timedelta(days=100),
        due_on=TODAY + datetime.timedelta(days=30),
    )
    agreements.log_progress(
        delivered, actor=dic_officer, completion="complete", on=TODAY - datetime.timedelta(days=10)
    )
    _commitment(
        dic_officer,
        units,
        agreement=agreement,
        title_vi="Hoàn thiện hồ sơ kỹ thuật quả bưởi",
        title_en="Complete the technical dossier for pomelo",
        side="vn",
        lead_unit=units["ppd"],
        focal_person=unit_focal_point,
        due_on=TODAY + datetime.timedelta(days=60),
    )
    secret = agreements.create_commitment(
        actor=other_unit_officer,
        data={
            "title_vi": FORESTRY_SECRET,
            "title_en": "Forest carbon credit pilot",
            "side": "partner",
            "owner_unit": units["forestry"],
            "visibility": "restricted",
            "due_on": TODAY + datetime.timedelta(days=90),
            "partners": [maff],
        },
    )
    assert secret.pk
    late_task = assignments.create_task(
        actor=dic_officer,
        data={
            "title": "Chuẩn bị hồ sơ mở cửa thị trường quả bơ",
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "partner": maff,
            "assigned_on": TODAY - datetime.timedelta(days=40),
            "due_on": TODAY - datetime.timedelta(days=12),
            "owner_unit": units["dic"],
        },
    )
    return World(engagement, maff, agreement, partner_commitment, late_task, previous)


def build(actor, capture, **kwargs) -> BriefingPack:
    kwargs.setdefault("for_date", None)
    kwargs.setdefault("language", "vi")
    with capture(execute=True):
        pack = services.request_briefing(actor=actor, **kwargs)
    pack.refresh_from_db()
    return pack


def word(pack) -> WordDocument:
    with pack.docx.open("rb") as handle:
        return WordDocument(io.BytesIO(handle.read()))


def all_text(document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def headings(document, level=1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def expected_headings(language) -> list[str]:
    with translation.override(language):
        titles = [
            translation.gettext(t)
            for t in (
                "The engagement",
                "Partner profile",
                "History of engagements",
                "Agreements in force",
                "Open commitments",
                "Late tasks",
                "Suggested talking points",
            )
        ]
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII"]
    return [f"{n}. {t.upper()}" for n, t in zip(numerals, titles, strict=True)]


def test_it_builds_the_pack_in_the_background_to_done_with_both_files(
    world, dic_officer, django_capture_on_commit_callbacks
):
    pack = build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement)
    assert (pack.status, pack.progress, pack.step, pack.error) == ("done", 100, "done", "")
    assert pack.finished_at is not None
    assert pack.for_date == MEETING
    assert pack.docx.name.endswith(".docx") and pack.pdf.name.endswith(".pdf")
    with pack.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_vietnamese_pack_has_every_section_and_reads_names_in_vietnamese(
    world, dic_officer, django_capture_on_commit_callbacks
):
    document = word(build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement))
    assert headings(document) == expected_headings("vi")
    text = all_text(document)
    assert "Bộ Nông Lâm Thủy sản Nhật Bản (MAFF)" in text
    assert "Bản ghi nhớ hợp tác nông nghiệp Việt Nam – Nhật Bản" in text
    assert "Thứ trưởng Bộ Nông nghiệp và Môi trường" in text
    assert MEETING.strftime("%d/%m/%Y") in text
    assert "BỘ NÔNG NGHIỆP" in text.upper()


@pytest.mark.usefixtures("english")
def test_the_english_pack_has_every_section_and_reads_names_in_english(
    world, dic_officer, django_capture_on_commit_callbacks
):
    pack = build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
    document = word(pack)
    assert headings(document) == expected_headings("en")
    assert headings(document)[0] == "I. THE ENGAGEMENT"
    text = all_text(document)
    assert "BRIEFING FOR THE COURTESY CALL" in text
    assert "Ministry of Agriculture, Forestry and Fisheries of Japan (MAFF)" in text
    assert "Memorandum of Cooperation in Agriculture between Viet Nam and Japan" in text
    assert "Deputy Minister of Agriculture and Environment" in text
    assert "INTERNAL" in text
    assert pack.docx.name.rsplit("/", 1)[-1].startswith("briefing-deputy-minister-tran-quy-kien")


@pytest.mark.usefixtures("english")
def test_it_names_the_partners_contact_with_their_current_title_first(
    world, dic_officer, django_capture_on_commit_callbacks
):
    document = word(
        build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
    )
    [row] = [r for t in document.tables for r in t.rows if r.cells[0].text.startswith("Mr. Suzuki Noriyuki")]
    title = row.cells[1].text
    assert title.startswith("Vice-Minister for International Affairs, MAFF")
    assert "former Director-General, Export and International Affairs Bureau" in title


@pytest.mark.usefixtures("english")
def test_it_lists_the_agreement_in_force_with_japan_and_flags_its_expiry(
    world, dic_officer, django_capture_on_commit_callbacks
):
    document = word(
        build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
    )
    [row] = [r for t in document.tables for r in t.rows if r.cells[0].text.startswith("Memorandum of Coop")]
    assert "In force" in row.cells[4].text
    assert "expires 90 days after the meeting" in row.cells[3].text
    assert all(run.bold for p in row.cells[0].paragraphs for run in p.runs)


@pytest.mark.usefixtures("english")
def test_it_shows_the_partners_open_commitment_with_its_progress_and_leaves_the_delivered_one_out(
    world, dic_officer, django_capture_on_commit_callbacks
):
    document = word(
        build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
    )
    assert "The partner's commitments" in headings(document, level=2)
    [row] = [
        r for t in document.tables for r in t.rows if r.cells[0].text.startswith("Support for post-harvest")
    ]
    assert row.cells[2].text == "45%"
    assert row.cells[3].text == "Limited"
    assert row.cells[4].text.split("\n")[0] in ("On track", "At risk")
    assert "Fund a training course" not in "\n".join(r.cells[0].text for t in document.tables for r in t.rows)


@pytest.mark.usefixtures("english")
def test_it_names_the_late_task_with_its_lead_unit_focal_person_and_days_overdue(
    world, dic_officer, django_capture_on_commit_callbacks
):
    document = word(
        build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
    )
    [row] = [r for t in document.tables for r in t.rows if r.cells[0].text == world.late_task.title]
    cells = [c.text for c in row.cells]
    assert cells[1:] == [
        "Department of Crop Production and Plant Protection",
        "unit_focal_point",
        (TODAY - datetime.timedelta(days=12)).strftime("%d/%m/%Y"),
        "12",
    ]


@pytest.mark.usefixtures("english")
def test_it_suggests_talking_points_from_the_open_items(
    world, dic_officer, django_capture_on_commit_callbacks
):
    text = all_text(
        word(
            build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement, language="en")
        )
    )
    assert "Thank Ministry of Agriculture, Forestry and Fisheries of Japan (MAFF) for delivering" in text
    assert "Urge Ministry of Agriculture, Forestry and Fisheries of Japan (MAFF) to speed up" in text
    assert "Report Viet Nam's progress on “Complete the technical dossier for pomelo”" in text
    assert "expires on" in text and "propose its renewal or extension" in text
    assert "Follow up on what was agreed at “Deputy Minister meets the Ambassador of Japan”" in text
    assert "Internal notes — not for saying to the partner" in text
    assert "Internal: before the meeting, chase Department of Crop Production and Plant Protection" in text


def test_another_units_restricted_commitment_is_absent_from_the_pack_of_who_may_not_see_it(
    world, dic_officer, other_unit_officer, django_capture_on_commit_callbacks
):
    mine = word(build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement))
    theirs = word(build(other_unit_officer, django_capture_on_commit_callbacks, engagement=world.engagement))
    assert FORESTRY_SECRET not in all_text(mine)
    assert FORESTRY_SECRET in all_text(theirs)


def test_a_pack_for_a_partner_and_a_date_covers_the_partner_and_its_country(
    world, dic_officer, django_capture_on_commit_callbacks
):
    pack = build(dic_officer, django_capture_on_commit_callbacks, partner=world.maff, for_date=MEETING)
    assert pack.status == "done"
    text = all_text(word(pack))
    assert "Nhật Bản" in text
    assert world.late_task.title in text
    assert "Thứ trưởng làm việc với Đại sứ Nhật Bản" in text
    engagement_column = translation.gettext("Engagement")
    history = next(t for t in word(pack).tables if t.rows[0].cells[1].text == engagement_column)
    assert len(history.rows) == 2, "the meeting on the day asked for is not its own history"


def test_the_pdf_has_the_same_content_on_several_a4_pages(world, dic_officer):
    with translation.override("vi"):
        facts = gather.gather(
            dic_officer, engagement=world.engagement, for_date=MEETING, language="vi", today=TODAY
        )
        document = compose.document(facts, talking_points(facts), NOW)
        pdf = render_pdf.build(document, NOW)
    assert pdf.pages_count >= 2
    assert (round(pdf.w), round(pdf.h)) == (210, 297)
    assert bytes(pdf.output()).startswith(b"%PDF")


def test_the_pdf_keeps_vietnamese_letters_and_drops_what_the_font_cannot_draw():
    assert render_pdf.printable("Nguye\u0302\u0303n 鈴木 (鈴木)") == "Nguyễn"


def test_a_registered_section_appears_with_its_talking_points_and_an_empty_registry_works(world, dic_officer):
    def provider(context):
        assert context.partner_ids and context.countries[0].iso2 == "JP"
        return SectionContent(
            blocks=[Paragraph("Two market-access dossiers are open.")],
            talking_points=[TalkingPoint("Ask for the pomelo dossier to be examined first.")],
        )

    register_section("market_access", "Market access", provider, order=10)
    try:
        with translation.override("en"):
            facts = gather.gather(
                dic_officer, engagement=world.engagement, for_date=MEETING, language="en", today=TODAY
            )
            gather.gather_registered(facts)
            document = compose.document(facts, talking_points(facts), NOW)
    finally:
        unregister_section("market_access")
    titles = [s.title for s in document.sections]
    assert titles[-2:] == ["Market access", "Suggested talking points"]
    said = document.sections[-1].blocks[1].items
    assert "Ask for the pomelo dossier to be examined first." in said
    with translation.override("en"):
        facts = gather.gather(
            dic_officer, engagement=world.engagement, for_date=MEETING, language="en", today=TODAY
        )
        gather.gather_registered(facts)
    assert facts.extra == []


def test_a_failed_build_keeps_the_error_and_no_file(
    world, dic_officer, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(document, now):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(render_pdf, "render", broken)
    pack = build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement)
    assert pack.status == "failed"
    assert pack.error == "RuntimeError: the printer caught fire"
    assert not pack.docx and not pack.pdf
    assert pack.step == "failed"


def test_the_word_file_is_a4_in_times_new_roman_with_page_numbers(world, dic_officer):
    with translation.override("vi"):
        facts = gather.gather(
            dic_officer, engagement=world.engagement, for_date=MEETING, language="vi", today=TODAY
        )
        data = render_docx.render(compose.document(facts, talking_points(facts), NOW), NOW)
    document = WordDocument(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    body_sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if r.font.size}
    assert 13 in body_sizes


def test_asking_again_while_the_pack_is_waiting_returns_the_same_pack(world, dic_officer):
    first = services.request_briefing(
        actor=dic_officer, engagement=world.engagement, for_date=None, language="vi"
    )
    again = services.request_briefing(
        actor=dic_officer, engagement=world.engagement, for_date=None, language="vi"
    )
    other = services.request_briefing(
        actor=dic_officer, engagement=world.engagement, for_date=None, language="en"
    )
    assert again.pk == first.pk != other.pk
    assert (first.status, first.progress, first.step) == ("queued", 0, "queued")


def test_a_pack_is_refused_for_an_engagement_the_user_may_not_see(
    make_engagement, units, unit_focal_point, other_unit_officer
):
    from django.core.exceptions import ValidationError

    hidden = make_engagement(actor=unit_focal_point, owner_unit=units["ppd"], visibility="unit")
    with pytest.raises(ValidationError) as refused:
        services.request_briefing(actor=other_unit_officer, engagement=hidden, for_date=None, language="vi")
    assert "engagement" in refused.value.message_dict
    assert not BriefingPack.objects.exists()
