"""The partner pages end to end: list, filter, export, form, history, stale edits and who may see what."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from coophub.audit.models import AuditEvent
from coophub.partners.models import Partner

pytestmark = pytest.mark.django_db


def form_data(partner=None, **overrides):
    """What the partner form posts: the current values of a partner (or a new one) with some changed."""
    data = {
        "code": "",
        "kind": "ministry",
        "name_vi": "",
        "name_en": "",
        "name_native": "",
        "acronym": "",
        "country": "",
        "parent": "",
        "priority": "normal",
        "focal_officer": "",
        "website": "",
        "email": "",
        "phone": "",
        "address": "",
        "description": "",
        "owner_unit": "",
        "visibility": "ministry",
        "aliases": "",
        "version": "",
    }
    if partner is not None:
        for name in data:
            if name in ("aliases", "version"):
                continue
            value = (
                getattr(partner, name + "_id", None)
                if name in ("country", "parent", "focal_officer", "owner_unit")
                else getattr(partner, name)
            )
            data[name] = "" if value is None else value
        data["aliases"] = "\n".join(f"{a.text}|{a.language}" for a in partner.aliases.all())
        data["version"] = partner.version
    data.update(overrides)
    return data


@pytest.fixture
def restricted(make_partner):
    return make_partner(name_vi="Đối tác mật Alpha", code="SECRET-ALPHA", visibility="restricted")


# ---------- list, filter, export ----------


def test_the_list_filters_by_type_and_folded_text(client, dic_officer, make_partner, japan):
    make_partner(name_vi="Tổ chức Nông Lương Liên Hợp Quốc", acronym="FAO", kind="international_org")
    make_partner(name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản", acronym="MAFF", country=japan)
    make_partner(
        name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản", acronym="JICA", kind="donor_agency", country=japan
    )
    client.force_login(dic_officer)

    response = client.get(reverse("partners:partner_list"), {"kind": "international_org"})
    assert [row.record.acronym for row in response.context["table"].rows] == ["FAO"]

    response = client.get(reverse("partners:partner_list"), {"q": "nhat ban"})
    assert sorted(row.record.acronym for row in response.context["table"].rows) == ["JICA", "MAFF"]

    response = client.get(reverse("partners:partner_list"), {"country": "JP", "kind": "donor_agency"})
    html = response.content.decode()
    assert "Cơ quan Hợp tác Quốc tế Nhật Bản" in html and "Tổ chức Nông Lương" not in html


def test_csv_and_xlsx_exports_hold_exactly_the_filtered_rows(client, dic_officer, make_partner, japan):
    import openpyxl

    for n in range(30):  # more than one page: the export is not paginated
        make_partner(name_vi=f"Cơ quan Nhật Bản số {n:02d}", country=japan)
    make_partner(name_vi="Tổ chức Nông Lương Liên Hợp Quốc", kind="international_org")
    client.force_login(dic_officer)
    url = reverse("partners:partner_list")

    response = client.get(url, {"country": "JP", "_export": "csv"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 8  # the table's columns, first the Vietnamese name
    names = [row[0] for row in body]
    assert len(body) == 30
    assert sorted(names) == sorted(f"Cơ quan Nhật Bản số {n:02d}" for n in range(30))

    response = client.get(url, {"kind": "international_org", "_export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert values[1][0] == "Tổ chức Nông Lương Liên Hợp Quốc"


# ---------- create, edit, history ----------


def test_creating_a_partner_through_the_form_is_audited_and_shown_in_history(
    client, dic_officer, units, japan
):
    client.force_login(dic_officer)
    response = client.post(
        reverse("partners:partner_create"),
        form_data(
            code="VN-XANH",
            kind="association",
            name_vi="Hiệp hội Nông nghiệp Xanh",
            name_en="Green Agriculture Association",
            country="JP",
            owner_unit=units["dic"].pk,
            aliases="Nông nghiệp Xanh|vi\nGreen Agri|en",
        ),
    )
    partner = Partner.objects.get(code="VN-XANH")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert sorted(a.text for a in partner.aliases.all()) == ["Green Agri", "Nông nghiệp Xanh"]

    event = AuditEvent.objects.get(object_id=str(partner.pk), action="create")
    assert event.actor == dic_officer

    detail = client.get(partner.get_absolute_url()).content.decode()
    assert "Hiệp hội Nông nghiệp Xanh" in detail and "Green Agri" in detail
    assert 'id="history-link"' in detail

    history = client.get(reverse("partners:partner_history", args=[partner.pk])).content.decode()
    assert 'id="history"' in history
    assert "dic_officer" in history and "Hiệp hội Nông nghiệp Xanh" in history


def test_editing_a_partner_through_the_form_records_before_and_after(client, dic_officer, make_partner):
    partner = make_partner(name_vi="Tên cũ")
    client.force_login(dic_officer)
    edit = client.get(reverse("partners:partner_edit", args=[partner.pk])).content.decode()
    assert 'name="version" value="1"' in edit and 'enctype="multipart/form-data"' in edit

    response = client.post(
        reverse("partners:partner_edit", args=[partner.pk]), form_data(partner, name_vi="Tên mới")
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name_vi == "Tên mới" and partner.version == 2
    event = AuditEvent.objects.get(object_id=str(partner.pk), action="update")
    assert event.changes["name_vi"] == ["Tên cũ", "Tên mới"]

    history = client.get(reverse("partners:partner_history", args=[partner.pk])).content.decode()
    assert "Tên cũ" in history and "Tên mới" in history and "name_vi" in history


def test_a_stale_edit_shows_a_form_error_and_does_not_overwrite(
    client, dic_officer, dic_director, make_partner
):
    partner = make_partner(name_vi="Bản gốc")
    stale = form_data(partner, name_vi="Bản của người chậm")
    client.force_login(dic_director)
    client.post(
        reverse("partners:partner_edit", args=[partner.pk]), form_data(partner, name_vi="Bản của người nhanh")
    )

    client.force_login(dic_officer)
    response = client.post(reverse("partners:partner_edit", args=[partner.pk]), stale)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    html = response.content.decode()
    assert 'class="alert alert-error"' in html
    partner.refresh_from_db()
    assert partner.name_vi == "Bản của người nhanh" and partner.version == 2


def test_form_errors_are_shown_next_to_their_fields(client, dic_officer, units):
    client.force_login(dic_officer)
    response = client.post(
        reverse("partners:partner_create"),
        form_data(code="X-1", owner_unit=units["dic"].pk, aliases="Tên|klingon"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "field has-error" in html and "field-errors" in html
    assert not Partner.objects.filter(code="X-1").exists()


def test_a_dic_director_deletes_a_partner_after_confirming(client, dic_director, make_partner):
    partner = make_partner(name_vi="Sẽ bị xóa")
    client.force_login(dic_director)
    assert client.get(reverse("partners:partner_delete", args=[partner.pk])).status_code == 200
    response = client.post(reverse("partners:partner_delete", args=[partner.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("partners:partner_list")
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(partner.pk), action="delete").exists()


# ---------- who may see and change what ----------


def test_another_units_officer_gets_404_on_a_restricted_partner(client, other_unit_officer, restricted):
    client.force_login(other_unit_officer)
    for name in ("partner_detail", "partner_edit", "partner_history", "partner_delete"):
        assert client.get(reverse(f"partners:{name}", args=[restricted.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("partners:partner_edit", args=[restricted.pk]),
            form_data(restricted, name_vi="Chiếm quyền"),
        ).status_code
        == 404
    )
    assert client.post(reverse("partners:partner_delete", args=[restricted.pk])).status_code == 404
    restricted.refresh_from_db()
    assert restricted.name_vi == "Đối tác mật Alpha"


def test_another_units_officer_does_not_see_a_restricted_partner_in_list_export_or_search(
    client, other_unit_officer, dic_officer, restricted, make_partner
):
    make_partner(name_vi="Đối tác công khai Alpha")
    client.force_login(other_unit_officer)
    url = reverse("partners:partner_list")
    html = client.get(url).content.decode()
    assert "Đối tác công khai Alpha" in html and "Đối tác mật Alpha" not in html
    exported = client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")
    assert "Đối tác công khai Alpha" in exported and "Đối tác mật Alpha" not in exported
    found = client.get(reverse("search"), {"q": "doi tac alpha"}).content.decode()
    assert "Đối tác công khai Alpha" in found and "Đối tác mật Alpha" not in found

    client.force_login(dic_officer)  # the owning unit does see it
    assert "Đối tác mật Alpha" in client.get(url).content.decode()
    assert "Đối tác mật Alpha" in client.get(reverse("search"), {"q": "doi tac mat alpha"}).content.decode()


def test_a_leader_reads_but_gets_403_on_edit(client, leader, make_partner):
    partner = make_partner(name_vi="Đối tác chiến lược")
    client.force_login(leader)
    detail = client.get(partner.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert reverse("partners:partner_edit", args=[partner.pk]) not in html
    assert reverse("partners:partner_delete", args=[partner.pk]) not in html
    assert client.get(reverse("partners:partner_edit", args=[partner.pk])).status_code == 403
    assert (
        client.post(
            reverse("partners:partner_edit", args=[partner.pk]), form_data(partner, name_vi="Đổi tên")
        ).status_code
        == 403
    )
    assert client.get(reverse("partners:partner_create")).status_code == 403
    partner.refresh_from_db()
    assert partner.name_vi == "Đối tác chiến lược"


# ---------- the partner page ----------


def test_it_shows_partner_contacts_with_former_titles(client, dic_officer, make_partner):
    from coophub.partners import services

    partner = make_partner(name_vi="Hạ viện Nhật Bản")
    contact = services.create_contact(
        actor=dic_officer, partner=partner, data={"full_name": "Nakayama Yasuhide"}
    )
    services.add_position(
        contact,
        actor=dic_officer,
        data={
            "title": "Minister of Defense",
            "start_date": datetime.date(2023, 9, 13),
            "end_date": datetime.date(2024, 10, 1),
        },
    )
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "Nakayama Yasuhide" in html
    assert "former Minister of Defense" in html
    assert f"{reverse('partners:contact_create')}?partner={partner.pk}" in html

    html = client.get(contact.get_absolute_url()).content.decode()
    assert "former Minister of Defense" in html and "13/09/2023" in html and "01/10/2024" in html


def test_the_partner_page_shows_mechanisms_timeline_and_documents(
    client, dic_officer, make_partner, units, settings, tmp_path
):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coophub.documents.models import Document
    from coophub.partners import services

    settings.MEDIA_ROOT = tmp_path
    partner = make_partner(name_vi="Bộ Nông nghiệp Hoa Kỳ", acronym="USDA")
    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "VN-US-AG",
            "kind": "dialogue",
            "name_vi": "Đối thoại nông nghiệp Việt Nam – Hoa Kỳ",
            "owner_unit": units["dic"],
            "visibility": "ministry",
        },
    )
    services.set_member(mechanism, partner, actor=dic_officer, role="co_chair")
    client.force_login(dic_officer)

    content_type = ContentType.objects.get_for_model(Partner)
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(
        reverse("documents:attach", args=[content_type.pk, partner.pk]),
        {"title": "Biên bản họp", "file": upload},
    )
    assert response.status_code == 302

    html = client.get(partner.get_absolute_url()).content.decode()
    assert "Đối thoại nông nghiệp Việt Nam – Hoa Kỳ" in html
    assert 'id="timeline"' in html and "Đối thoại nông nghiệp" in html
    assert "Biên bản họp" in html
    assert reverse("documents:attach", args=[content_type.pk, partner.pk]) in html

    document = Document.objects.get(subject_type=content_type, subject_id=partner.pk)
    assert reverse("documents:delete", args=[document.pk]) in html
    client.post(reverse("documents:delete", args=[document.pk]))
    assert "Biên bản họp" not in client.get(partner.get_absolute_url()).content.decode()


def test_positions_are_added_and_removed_from_the_contact_page(client, dic_officer, make_partner):
    from coophub.partners import services

    partner = make_partner(name_vi="Đại sứ quán Nhật Bản")
    contact = services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Ito Naoki"})
    client.force_login(dic_officer)
    response = client.post(
        reverse("partners:position_add", args=[contact.pk]),
        {"title": "Ambassador", "organisation": "Embassy of Japan", "start_date": "01/06/2023"},
    )
    assert response.status_code == 302
    position = contact.positions.get()
    assert position.start_date == datetime.date(2023, 6, 1)
    html = client.get(contact.get_absolute_url()).content.decode()
    assert "Ambassador, Embassy of Japan" in html
    assert reverse("partners:position_delete", args=[contact.pk, position.pk]) in html

    client.post(reverse("partners:position_delete", args=[contact.pk, position.pk]))
    assert not contact.positions.exists()


def test_members_and_sessions_are_added_from_the_mechanism_page(client, dic_officer, make_partner, units):
    from coophub.partners import services

    partner = make_partner(name_vi="Bộ Nông nghiệp Úc")
    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "VN-AU",
            "kind": "working_group",
            "name_vi": "Nhóm công tác Việt Nam – Úc",
            "owner_unit": units["dic"],
            "visibility": "ministry",
        },
    )
    client.force_login(dic_officer)
    html = client.get(mechanism.get_absolute_url()).content.decode()
    assert reverse("partners:member_set", args=[mechanism.pk]) in html
    assert reverse("partners:session_add", args=[mechanism.pk]) in html

    client.post(
        reverse("partners:member_set", args=[mechanism.pk]), {"partner": partner.pk, "role": "observer"}
    )
    client.post(
        reverse("partners:session_add", args=[mechanism.pk]),
        {"number": "5", "date": "20/11/2025", "place": "Canberra"},
    )
    client.cookies["django_language"] = "en"
    html = client.get(mechanism.get_absolute_url()).content.decode()
    assert "Bộ Nông nghiệp Úc" in html and "Observer" in html
    assert "20/11/2025" in html and "Canberra" in html


def test_a_contact_is_created_for_a_partner_from_its_page(client, dic_officer, make_partner):
    partner = make_partner(name_vi="Bộ Nông nghiệp Hàn Quốc")
    client.force_login(dic_officer)
    url = reverse("partners:contact_create") + f"?partner={partner.pk}"
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, {"partner": partner.pk, "full_name": "Kim Min-ji", "honorific": "Ms."})
    assert response.status_code == 302
    contact = partner.contacts.get()
    assert response["Location"] == contact.get_absolute_url()
    assert "Kim Min-ji" in client.get(partner.get_absolute_url()).content.decode()


def test_a_rejected_session_names_the_field_and_records_nothing(client, dic_officer, units):
    from coophub.partners import services

    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "VN-NZ",
            "kind": "dialogue",
            "name_vi": "Đối thoại Việt Nam – New Zealand",
            "owner_unit": units["dic"],
        },
    )
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("partners:session_add", args=[mechanism.pk]),
        {"date": "31/02/2025", "place": "Wellington"},
        follow=True,
    )
    assert not mechanism.sessions.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Date: "), messages


def test_the_new_partner_form_is_prefilled_from_a_suggestion_link(client, dic_officer, japan):
    client.force_login(dic_officer)
    response = client.get(
        reverse("partners:partner_create"), {"name_en": "Ministry of Fisheries", "country": "JP"}
    )
    form = response.context["form"]
    assert form["name_en"].value() == "Ministry of Fisheries"
    assert form["country"].value() == "JP"
