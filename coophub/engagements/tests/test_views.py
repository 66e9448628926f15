"""The engagement list (filters, export), the record's page, both languages, and what another unit's
officer does not see — on the engagement pages and on the partner's page. The form is tested in
test_views_form.py, the outcomes and status steps in test_views_outcomes.py, the officials in
test_views_officials.py."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from coophub.engagements.models import Topic

pytestmark = pytest.mark.django_db
D = datetime.date

NAKAYAMA_COMMITMENT = (
    "Mr. Nakayama committed to supporting Vietnam in modern agricultural practices, food preservation "
    "technologies, processing, and storage."
)


# ---------- helpers shared by the page tests ----------


def _put(data, name, value):
    if value is None or value is False or value == []:
        data.pop(name, None)
    elif value is True:
        data[name] = "on"
    elif isinstance(value, datetime.date):
        data[name] = value.strftime("%d/%m/%Y")
    elif isinstance(value, datetime.time):
        data[name] = value.strftime("%H:%M")
    elif isinstance(value, list | tuple):
        data[name] = [str(getattr(v, "pk", v)) for v in value]
    else:
        data[name] = str(getattr(value, "pk", value))


def form_post(client, url, rows=None, **fields):
    """What the engagement form at `url` posts as shown (a new record's defaults, or the record's values, rows
    and version), with some fields changed and, per row set ("vn", "partner", "outcomes"), its rows replaced
    by the given dicts."""
    context = client.get(url).context
    data = {}
    for bound in context["form"]:
        _put(data, bound.html_name, bound.value())
    for prefix, _label, formset in context["formsets"]:
        for bound in formset.management_form:
            _put(data, bound.html_name, bound.value())
        for form in formset.forms:
            for bound in form:
                _put(data, bound.html_name, bound.value())
        given = (rows or {}).get(prefix)
        if given is None:
            continue
        data[f"{prefix}-TOTAL_FORMS"] = str(max(len(formset.forms), len(given)))
        for index in range(len(formset.forms)):
            for name in formset.forms[0].fields:
                data.pop(f"{prefix}-{index}-{name}", None)
            defaults = (
                {"role": "member"} if prefix == "vn" else {"side": "both"} if prefix == "outcomes" else {}
            )
            for name, value in {**defaults, **(given[index] if index < len(given) else {})}.items():
                _put(data, f"{prefix}-{index}-{name}", value)
    for name, value in fields.items():
        _put(data, name, value)
    return data


def rows(response):
    return [row.record for row in response.context["table"].rows]


# ---------- fixtures ----------


@pytest.fixture
def nakayama_meeting(make_engagement, deputy_minister, japan_partner, japan, units):
    return make_engagement(
        kind="courtesy_call",
        title_en="Japan offers technical support to Vietnam in agriculture and value chain development",
        title_vi="Thứ trưởng Trần Quý Kiên tiếp cựu Bộ trưởng Quốc phòng Nhật Bản",
        leader=deputy_minister,
        lead_unit=units["dic"],
        partners=[japan_partner],
        countries=[japan],
        topics=[Topic.objects.get(code="value-chain")],
        other_topics="bảo quản thực phẩm",
        venue="Trụ sở Bộ",
        start_time=datetime.time(15, 0),
        source_language="en",
        source_url="https://mae.gov.vn/tin-tuc/nakayama",
        source_text="On 16 September 2025, Deputy Minister Tran Quy Kien received Mr. Yasuhide Nakayama.",
        vn=[{"official": deputy_minister, "role": "head"}],
        partner=[
            {
                "name": "Yasuhide Nakayama",
                "title": "Minister of Defense",
                "organisation": "Government of Japan",
                "partner": japan_partner,
                "country": japan,
                "is_former": True,
            }
        ],
        outcomes=[
            {"kind": "commitment", "side": "partner", "text": NAKAYAMA_COMMITMENT},
            {
                "kind": "decision",
                "side": "both",
                "text": "Both sides agreed to regard high-tech sectors as pillars.",
            },
            {
                "kind": "information",
                "side": "vn",
                "text": "Viet Nam briefed on its agricultural restructuring.",
            },
        ],
    )


@pytest.fixture
def restricted(make_engagement, japan_partner):
    return make_engagement(
        title_vi="Làm việc kín với đối tác Alpha",
        partners=[japan_partner],
        visibility="restricted",
        outcomes=[{"kind": "commitment", "side": "partner", "text": "Cam kết kín"}],
    )


# ---------- the list ----------


def test_the_list_filters_by_type_year_dates_leader_partner_country_topic_and_text(
    client, dic_officer, make_engagement, nakayama_meeting, deputy_minister, japan_partner, japan, units
):
    fao = make_engagement(
        kind="multilateral_meeting",
        level="department",
        title_vi="Hội nghị FAO khu vực châu Á – Thái Bình Dương",
        starts_on=D(2024, 3, 4),
        ends_on=D(2024, 3, 7),
        city="Colombo",
        country=None,
        lead_unit=units["ppd"],
    )
    client.force_login(dic_officer)
    url = reverse("engagements:engagement_list")

    assert set(rows(client.get(url))) == {nakayama_meeting, fao}
    assert rows(client.get(url, {"kind": "multilateral_meeting"})) == [fao]
    assert rows(client.get(url, {"level": "department"})) == [fao]
    assert rows(client.get(url, {"status": "draft", "year": 2025})) == [nakayama_meeting]
    assert rows(client.get(url, {"dates_after": "06/03/2024", "dates_before": "31/12/2024"})) == [fao]
    assert rows(client.get(url, {"leader": deputy_minister.pk})) == [nakayama_meeting]
    assert rows(client.get(url, {"lead_unit": units["ppd"].pk})) == [fao]
    assert rows(client.get(url, {"partner": japan_partner.pk})) == [nakayama_meeting]
    assert rows(client.get(url, {"country": japan.pk})) == [nakayama_meeting]
    topic = Topic.objects.get(code="value-chain")
    assert rows(client.get(url, {"topic": topic.pk})) == [nakayama_meeting]
    assert rows(client.get(url, {"q": "hoi nghi fao"})) == [fao]


def test_the_list_shows_date_type_title_leader_partners_place_and_status_and_links_the_other_pages(
    client, dic_officer, nakayama_meeting
):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("engagements:engagement_list"))
    html = response.content.decode()
    for text in (
        "16/09/2025",
        "Courtesy call",
        "Japan offers technical support",
        "Trần Quý Kiên",
        "Japan",
        "Trụ sở Bộ, Hà Nội",
        "Draft",
        "New engagement",
    ):
        assert text in html, text
    assert reverse("engagements:engagement_create") in html
    for name in ("extract", "calendar", "stats", "official_list", "conference_requests", "briefing_list"):
        assert reverse(f"engagements:{name}") in html, name
    fragment = client.get(
        reverse("engagements:engagement_list"), {"kind": "courtesy_call"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="results"' in fragment.content.decode() and "<html" not in fragment.content.decode()


def test_csv_and_xlsx_exports_hold_exactly_the_filtered_rows(
    client, dic_officer, make_engagement, nakayama_meeting
):
    import openpyxl

    for n in range(30):  # more than a page: the export is not paginated
        make_engagement(
            kind="working_session", title_vi=f"Phiên làm việc số {n:02d}", starts_on=D(2025, 5, 1)
        )
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    url = reverse("engagements:engagement_list")

    response = client.get(url, {"kind": "working_session", "_export": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header == ["Date", "Type", "Title", "Leader", "Partners", "Place", "Status"]
    assert len(body) == 30 and {row[0] for row in body} == {"01/05/2025"}
    assert "Japan offers" not in response.content.decode("utf-8-sig")

    response = client.get(url, {"partner": nakayama_meeting.partners.get().pk, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][2].startswith("Japan offers") and values[1][4] == "Japan" and values[1][6] == "Draft"
    assert values[1][3] == "Trần Quý Kiên, Thứ trưởng Bộ Nông nghiệp và Môi trường"


# ---------- the record's page ----------


@pytest.mark.usefixtures("english")
def test_the_page_shows_the_record_its_people_outcomes_and_source(client, dic_officer, nakayama_meeting):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(nakayama_meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Courtesy call",
        'id="engagement-status">Draft',
        "16/09/2025, 15:00",
        "Trụ sở Bộ, Hà Nội",
        "Ministerial (Minister, Deputy Minister)",
        "In person",
        "Thứ trưởng Bộ Nông nghiệp và Môi trường",  # the leader's title at the time
        "Yasuhide Nakayama",
        "former",
        "Minister of Defense",
        "Value chains",
        "bảo quản thực phẩm",
        "https://mae.gov.vn/tin-tuc/nakayama",
        "Show the source text",
        "received Mr. Yasuhide Nakayama",
        "Thứ trưởng Trần Quý Kiên tiếp cựu Bộ trưởng",  # the other language's title
    ):
        assert text in html, text
    assert nakayama_meeting.leader.get_absolute_url() in html
    assert nakayama_meeting.partners.get().get_absolute_url() in html
    groups = response.context["outcome_groups"]
    assert [g["kind"] for g in groups] == ["information", "decision", "commitment"]
    information, decision, commitment = (g["rows"][0] for g in groups)
    assert information["commitment_form"] is None and information["task_form"] is None
    assert decision["commitment_form"] is not None and commitment["task_form"] is not None
    assert "Record as commitment" in html and "Assign follow-up task" in html
    assert reverse("engagements:engagement_history", args=[nakayama_meeting.pk]) in html
    assert f"{reverse('engagements:briefing_new')}?engagement={nakayama_meeting.pk}" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_work_in_vietnamese_and_english(
    client, dic_officer, nakayama_meeting, deputy_minister, language
):
    client.force_login(dic_officer)
    client.cookies["django_language"] = language
    pk = nakayama_meeting.pk
    pages = [
        reverse("engagements:engagement_list"),
        reverse("engagements:engagement_list") + "?year=2025&_export=",
        reverse("engagements:engagement_create"),
        nakayama_meeting.get_absolute_url(),
        reverse("engagements:engagement_edit", args=[pk]),
        reverse("engagements:engagement_history", args=[pk]),
        reverse("engagements:official_list"),
        deputy_minister.get_absolute_url(),
        reverse("engagements:official_create"),
        reverse("engagements:official_edit", args=[deputy_minister.pk]),
        reverse("engagements:official_history", args=[deputy_minister.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url
    html = client.get(nakayama_meeting.get_absolute_url()).content.decode()
    if language == "en":
        assert "Japan offers technical support" in html and "Outcomes" in html and "Partner side" in html
    else:
        assert "<h1>Thứ trưởng Trần Quý Kiên tiếp cựu Bộ trưởng Quốc phòng Nhật Bản</h1>" in html


def test_another_units_officer_gets_404_on_a_restricted_engagements_pages(
    client, other_unit_officer, restricted
):
    outcome_pk = restricted.outcomes.get().pk
    client.force_login(other_unit_officer)
    pk = restricted.pk
    for url in (
        restricted.get_absolute_url(),
        reverse("engagements:engagement_edit", args=[pk]),
        reverse("engagements:engagement_history", args=[pk]),
        reverse("engagements:engagement_delete", args=[pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("engagements:engagement_edit", args=[pk]),
        reverse("engagements:engagement_transition", args=[pk]),
        reverse("engagements:outcome_add", args=[pk]),
        reverse("engagements:outcome_edit", args=[pk, outcome_pk]),
        reverse("engagements:outcome_delete", args=[pk, outcome_pk]),
        reverse("engagements:outcome_commitment", args=[pk, outcome_pk]),
        reverse("engagements:outcome_task", args=[pk, outcome_pk]),
    ):
        assert client.post(url, {"action": "review"}).status_code == 404, url
    url = reverse("engagements:engagement_list")
    assert restricted not in rows(client.get(url))
    export = client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")
    assert "Làm việc kín" not in export


def test_the_partner_page_lists_the_engagements_the_user_may_see_newest_first(
    client, dic_officer, other_unit_officer, make_engagement, japan_partner, restricted
):
    older = make_engagement(
        title_vi="Đón đoàn Nhật Bản năm 2024", starts_on=D(2024, 5, 2), partners=[japan_partner]
    )
    newer = make_engagement(
        title_vi="Đón đoàn Nhật Bản năm 2026", starts_on=D(2026, 1, 8), partners=[japan_partner]
    )
    client.force_login(dic_officer)
    html = client.get(japan_partner.get_absolute_url()).content.decode()
    assert html.index("năm 2026") < html.index("Làm việc kín") < html.index("năm 2024")
    assert reverse("engagements:engagement_list") + f"?partner={japan_partner.pk}" in html

    client.force_login(other_unit_officer)
    html = client.get(japan_partner.get_absolute_url()).content.decode()
    assert "Làm việc kín" not in html
    assert newer.get_absolute_url() in html and older.get_absolute_url() in html
