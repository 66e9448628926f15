"""The agreement pages end to end: list, filters, export, forms, lifecycle steps, stale edits, and who may see
and do what (the commitment pages are in test_commitment_views.py)."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from coophub.agreements import services
from coophub.agreements.models import Agreement
from coophub.audit.models import AuditEvent

from .helpers import form_data, rows

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def restricted(make_agreement):
    return make_agreement(title_vi="Bản ghi nhớ mật Alpha", code="SECRET-ALPHA", visibility="restricted")


# ---------- the agreement list ----------


def test_the_list_filters_by_status_partner_and_expiry(
    client, dic_officer, make_agreement, in_force, make_partner
):
    jica = make_partner(name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản", acronym="JICA")
    soon = in_force(title_vi="Bản ghi nhớ sắp hết hạn", valid_to=D(2026, 12, 21))
    later = in_force(title_vi="Chương trình dài hạn", valid_to=D(2028, 1, 1), parties=[(jica, "signatory")])
    draft = make_agreement(title_vi="Dự thảo kế hoạch", valid_to=D(2026, 12, 10))
    client.force_login(dic_officer)
    url = reverse("agreements:agreement_list")

    assert set(rows(client.get(url))) == {soon, later, draft}
    assert rows(client.get(url, {"status": "draft"})) == [draft]
    assert rows(client.get(url, {"partner": jica.pk})) == [later]
    response = client.get(url, {"expiring_within": 30})
    assert rows(response) == [soon]
    assert "20" in response.content.decode()  # days to expiry
    assert rows(client.get(url, {"q": "ban ghi nho sap het han"})) == [soon]


def test_csv_and_xlsx_exports_hold_exactly_the_filtered_rows(client, dic_officer, in_force, make_agreement):
    import openpyxl

    for n in range(30):  # more than a page: the export is not paginated
        in_force(title_vi=f"Thỏa thuận hợp tác số {n:02d}", valid_from=D(2026, 1, 1), valid_to=D(2027, 1, 1))
    make_agreement(title_vi="Dự thảo chưa ký")
    client.force_login(dic_officer)
    url = reverse("agreements:agreement_list")

    response = client.get(url, {"status": "in_force", "_export": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert len(body) == 30 and "Dự thảo chưa ký" not in response.content.decode("utf-8-sig")
    assert len(header) == 8  # the table's columns: title … validity, days to expiry
    assert {(row[6], row[7]) for row in body} == {("01/01/2026 – 01/01/2027", "31")}

    response = client.get(url, {"status": "draft", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][0] == "Dự thảo chưa ký"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_work_in_vietnamese_and_english(client, dic_officer, in_force, make_commitment, language):
    agreement = in_force(title_vi="Kế hoạch hành động thực hiện Nghị quyết 59", title_en="Action plan for 59")
    commitment = make_commitment(agreement=agreement, title_vi="Đẩy mạnh xuất khẩu nông sản")
    client.force_login(dic_officer)
    client.cookies["django_language"] = language
    pages = [
        reverse("agreements:agreement_list"),
        reverse("agreements:agreement_create"),
        agreement.get_absolute_url(),
        reverse("agreements:agreement_edit", args=[agreement.pk]),
        reverse("agreements:agreement_history", args=[agreement.pk]),
        reverse("agreements:commitment_list"),
        reverse("agreements:commitment_create") + f"?agreement={agreement.pk}",
        commitment.get_absolute_url(),
        reverse("agreements:commitment_edit", args=[commitment.pk]),
        reverse("agreements:commitment_history", args=[commitment.pk]),
        reverse("agreements:agreement_review"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "Kế hoạch hành động thực hiện Nghị quyết 59" in html
    if language == "en":
        assert "Lifecycle" in html and "Record the next step" in html and "In force" in html
        assert "Action plan for 59" in client.get(commitment.get_absolute_url()).content.decode()


# ---------- create, edit, delete, history ----------


def test_creating_an_agreement_with_its_parties_through_the_form(client, dic_officer, units, make_partner):
    maff = make_partner(name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản", acronym="MAFF")
    jica = make_partner(name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản", acronym="JICA")
    client.force_login(dic_officer)
    url = reverse("agreements:agreement_create")
    response = client.post(
        url,
        form_data(
            client,
            url,
            code="MOU-VN-JP",
            kind="mou",
            title_vi="Bản ghi nhớ hợp tác nông nghiệp Việt Nam – Nhật Bản",
            status="signed",
            document_number="01/2026/MOU",
            signed_on="10/04/2026",
            valid_from="10/04/2026",
            valid_to="09/04/2031",
            auto_renew="on",
            renewal_months="60",
            signatories=[maff.pk],
            implementing_partners=[jica.pk],
            lead_unit=units["dic"].pk,
            units=[units["ppd"].pk],
            owner_unit=units["dic"].pk,
        ),
    )
    agreement = Agreement.objects.get(code="MOU-VN-JP")
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert agreement.status == "signed" and agreement.valid_to == D(2031, 4, 9)
    assert sorted(agreement.parties.values_list("partner__acronym", "role")) == [
        ("JICA", "implementing"),
        ("MAFF", "signatory"),
    ]
    assert AuditEvent.objects.filter(object_id=str(agreement.pk), action="create", actor=dic_officer).exists()
    client.cookies["django_language"] = "en"
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "Bộ Nông Lâm Ngư nghiệp Nhật Bản" in html and "Implementing partner" in html
    assert "10/04/2026 – 09/04/2031" in html and "Yes, for 60 months" in html


def test_a_partner_in_two_roles_and_an_end_before_the_start_are_shown_next_to_their_fields(
    client, dic_officer, units, make_partner
):
    maff = make_partner(name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản")
    client.force_login(dic_officer)
    url = reverse("agreements:agreement_create")
    response = client.post(
        url,
        form_data(
            client,
            url,
            code="X-1",
            kind="mou",
            title_vi="Bản ghi nhớ lỗi",
            signatories=[maff.pk],
            supporting_partners=[maff.pk],
            valid_from="01/01/2027",
            valid_to="01/01/2026",
            owner_unit=units["dic"].pk,
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "supporting_partners" in form.errors
    assert not Agreement.objects.filter(code="X-1").exists()
    response = client.post(
        url,
        form_data(
            client,
            url,
            code="X-1",
            kind="mou",
            title_vi="Bản ghi nhớ lỗi",
            valid_from="01/01/2027",
            valid_to="01/01/2026",
            owner_unit=units["dic"].pk,
        ),
    )
    assert response.status_code == 200 and "valid_to" in response.context["form"].errors
    assert "field has-error" in response.content.decode()
    assert not Agreement.objects.filter(code="X-1").exists()


def test_editing_an_agreement_records_before_and_after(client, dic_officer, make_agreement, make_partner):
    usda = make_partner(name_vi="Bộ Nông nghiệp Hoa Kỳ")
    agreement = make_agreement(title_vi="Tên cũ")
    client.force_login(dic_officer)
    edit = client.get(reverse("agreements:agreement_edit", args=[agreement.pk])).content.decode()
    assert 'name="version" value="1"' in edit and 'name="status"' not in edit

    url = reverse("agreements:agreement_edit", args=[agreement.pk])
    response = client.post(url, form_data(client, url, title_vi="Tên mới", signatories=[usda.pk]))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title_vi == "Tên mới" and agreement.version == 2
    assert list(agreement.parties.values_list("partner_id", flat=True)) == [usda.pk]
    event = AuditEvent.objects.get(object_id=str(agreement.pk), action="update")
    assert event.changes["title_vi"] == ["Tên cũ", "Tên mới"]
    history = client.get(reverse("agreements:agreement_history", args=[agreement.pk])).content.decode()
    assert "Tên cũ" in history and "Tên mới" in history


def test_a_stale_agreement_edit_shows_the_conflict_and_does_not_overwrite(
    client, dic_officer, dic_director, make_agreement
):
    agreement = make_agreement(title_vi="Bản gốc")
    url = reverse("agreements:agreement_edit", args=[agreement.pk])
    client.force_login(dic_officer)
    stale = form_data(client, url, title_vi="Bản của người chậm")
    client.force_login(dic_director)
    client.post(url, form_data(client, url, title_vi="Bản của người nhanh"))
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(url, stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "changed by someone else" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title_vi == "Bản của người nhanh" and agreement.version == 2


def test_a_dic_director_deletes_an_agreement_after_confirming(client, dic_director, make_agreement):
    agreement = make_agreement(title_vi="Sẽ bị xóa")
    client.force_login(dic_director)
    assert client.get(reverse("agreements:agreement_delete", args=[agreement.pk])).status_code == 200
    response = client.post(reverse("agreements:agreement_delete", args=[agreement.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("agreements:agreement_list")
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


# ---------- the lifecycle ----------


def test_the_page_offers_only_the_allowed_next_steps(client, dic_officer, make_agreement, in_force):
    client.force_login(dic_officer)
    form = client.get(make_agreement().get_absolute_url()).context["transition_form"]
    assert [value for value, _label in form.fields["to"].widget.choices] == [
        "negotiating",
        "signed",
        "terminated",
    ]
    form = client.get(in_force().get_absolute_url()).context["transition_form"]
    assert [value for value, _label in form.fields["to"].widget.choices] == [
        "amended",
        "extended",
        "suspended",
        "terminated",
        "expired",
    ]


def test_lifecycle_steps_are_recorded_from_the_page_with_their_basis(client, dic_officer, make_agreement):
    agreement = make_agreement(valid_to=D(2027, 6, 30))
    client.force_login(dic_officer)
    url = reverse("agreements:agreement_transition", args=[agreement.pk])
    client.post(url, {"to": "signed", "on": "10/04/2026", "basis": "Biên bản ký 10/4/2026", "version": 1})
    agreement.refresh_from_db()
    client.post(url, {"to": "in_force", "on": "10/04/2026", "basis": "Điều 8", "version": agreement.version})
    agreement.refresh_from_db()
    response = client.post(
        url,
        {"to": "extended", "on": "20/11/2026", "basis": "Công hàm 45/2026", "new_valid_to": "30/06/2029"},
        follow=True,
    )
    agreement.refresh_from_db()
    assert agreement.status == "extended" and agreement.valid_to == D(2029, 6, 30)
    assert agreement.signed_on == D(2026, 4, 10)
    html = response.content.decode()
    assert "Công hàm 45/2026" in html and "Biên bản ký 10/4/2026" in html and "30/06/2029" in html
    assert list(agreement.transitions.values_list("to_status", flat=True)) == [
        "extended",
        "in_force",
        "signed",
    ]


def test_a_step_outside_the_lifecycle_is_refused_with_its_message(client, dic_officer, make_agreement):
    agreement = make_agreement()
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("agreements:agreement_transition", args=[agreement.pk]),
        {"to": "expired", "on": "01/11/2026", "basis": "x"},
        follow=True,
    )
    assert "An agreement cannot go from “Draft” to “Expired”." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "draft" and not agreement.transitions.exists()


def test_an_extension_without_its_new_end_and_a_stale_step_are_refused(client, dic_officer, in_force):
    agreement = in_force(valid_to=D(2027, 1, 1))
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    url = reverse("agreements:agreement_transition", args=[agreement.pk])
    response = client.post(url, {"to": "extended", "on": "01/11/2026", "basis": "CV 1"}, follow=True)
    assert "An extension needs the new end of validity." in response.content.decode()
    response = client.post(
        url,
        {"to": "suspended", "on": "01/11/2026", "basis": "CV 2", "version": agreement.version - 1},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "in_force"


def test_a_leader_reads_an_agreement_but_gets_403_with_the_reason_on_a_step(client, leader, make_agreement):
    agreement = make_agreement()
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200 and response.context["transition_form"] is None
    assert reverse("agreements:agreement_edit", args=[agreement.pk]) not in response.content.decode()
    response = client.post(
        reverse("agreements:agreement_transition", args=[agreement.pk]),
        {"to": "signed", "on": "01/11/2026", "basis": "x"},
    )
    assert response.status_code == 403
    assert "You do not have permission to change this agreement." in response.content.decode()
    assert client.get(reverse("agreements:agreement_edit", args=[agreement.pk])).status_code == 403


# ---------- the agreement page ----------


def test_the_agreement_page_shows_the_commitment_tree_with_progress_track_and_its_tasks(
    client, dic_officer, in_force, make_commitment, make_task
):
    agreement = in_force(title_vi="Kế hoạch hành động 59-NQ/TW")
    parent = make_commitment(agreement=agreement, title_vi="Mở rộng thị trường xuất khẩu")
    done = make_commitment(
        agreement=agreement, parent=parent, title_vi="Mốc 1: đàm phán mở cửa", kind="milestone"
    )
    make_commitment(agreement=agreement, parent=parent, title_vi="Mốc 2: ký nghị định thư", kind="milestone")
    services.log_progress(done, actor=dic_officer, on=D(2026, 11, 1), completion="complete")
    make_task(title="Chuẩn bị hồ sơ đàm phán", commitment=parent)
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(agreement.get_absolute_url())
    tree = response.context["commitments"]
    assert [(c.title_vi, c.depth) for c in tree] == [
        ("Mở rộng thị trường xuất khẩu", 0),
        ("Mốc 1: đàm phán mở cửa", 1),
        ("Mốc 2: ký nghị định thư", 1),
    ]
    assert response.context["overall_progress"] == 50
    html = response.content.decode()
    assert '<progress max="100" value="50">' in html and "Complete" in html
    assert "Behind" in html  # 11 months into a year-long plan at half way
    assert "Chuẩn bị hồ sơ đàm phán" in html and "Overdue" in html


# ---------- who may see what ----------


def test_another_units_officer_gets_404_on_a_restricted_agreements_pages(
    client, other_unit_officer, restricted, make_commitment
):
    commitment = make_commitment(agreement=restricted, visibility="restricted")
    client.force_login(other_unit_officer)
    for name in ("agreement_detail", "agreement_edit", "agreement_history", "agreement_delete"):
        assert client.get(reverse(f"agreements:{name}", args=[restricted.pk])).status_code == 404, name
    response = client.post(
        reverse("agreements:agreement_transition", args=[restricted.pk]),
        {"to": "signed", "on": "01/11/2026", "basis": "x"},
    )
    assert response.status_code == 404
    for name in ("commitment_detail", "commitment_edit", "commitment_history"):
        assert client.get(reverse(f"agreements:{name}", args=[commitment.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("agreements:commitment_progress", args=[commitment.pk]), {"value": "10"}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("agreements:commitment_create") + f"?agreement={restricted.pk}")
        .context["form"]["agreement"]
        .value()
        is None
    )
    restricted.refresh_from_db()
    assert restricted.status == "draft"


def test_another_units_officer_does_not_see_a_restricted_agreement_in_the_lists_or_exports(
    client, other_unit_officer, dic_officer, restricted, make_agreement, make_commitment
):
    make_agreement(title_vi="Bản ghi nhớ công khai Alpha")
    make_commitment(agreement=restricted, title_vi="Cam kết mật Beta", visibility="restricted")
    client.force_login(other_unit_officer)
    url = reverse("agreements:agreement_list")
    html = client.get(url).content.decode()
    assert "Bản ghi nhớ công khai Alpha" in html and "Bản ghi nhớ mật Alpha" not in html
    exported = client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")
    assert "Bản ghi nhớ công khai Alpha" in exported and "Bản ghi nhớ mật Alpha" not in exported
    assert "Cam kết mật Beta" not in client.get(reverse("agreements:commitment_list")).content.decode()
    filter_form = client.get(reverse("agreements:commitment_list")).context["filter"].form
    assert restricted.pk not in [a.pk for a in filter_form.fields["agreement"].queryset]

    client.force_login(dic_officer)
    assert "Bản ghi nhớ mật Alpha" in client.get(url).content.decode()
