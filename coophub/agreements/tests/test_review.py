"""The review of signed programmes: per live agreement, commitments by completion, overdue tasks and who is
accountable, last activity and what is stuck — most stuck first, from the reader's policy scope."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from coophub.agreements import services
from coophub.agreements.queries import review_rows

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def live(make_agreement):
    def make(status="in_force", **fields):
        return make_agreement(status=status, **fields)

    return make


@pytest.fixture
def make_task(dic_director, unit_focal_point, units):
    from coophub.assignments import services as task_services

    def make(**fields):
        data = {
            "title": "Báo cáo tiến độ thực hiện cam kết",
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "owner_unit": units["dic"],
            "assigned_on": D(2026, 9, 1),
            "due_on": D(2026, 12, 20),
            **fields,
        }
        return task_services.create_task(actor=dic_director, data=data)

    return make


@pytest.fixture
def programmes(live, make_commitment, make_task, dic_officer, unit_focal_point, units, make_partner):
    """A healthy programme and a stuck one (a commitment behind, an overdue task led by the Plant Protection
    Department with unit_focal_point as focal person)."""
    korea = make_partner(name_vi="Cơ quan Phát triển Nông thôn Hàn Quốc", acronym="RDA")
    healthy = live(title_vi="Chương trình hợp tác lâm nghiệp", lead_unit=units["forestry"])
    good = make_commitment(agreement=healthy, title_vi="Trồng rừng ngập mặn", start_on=D(2026, 10, 1))
    services.log_progress(good, actor=dic_officer, on=D(2026, 11, 25), value=70)
    stuck = live(title_vi="Kế hoạch hành động 59-NQ/TW", parties=[(korea, "signatory")])
    late = make_commitment(
        agreement=stuck,
        title_vi="Mở cửa thị trường sầu riêng",
        lead_unit=units["ppd"],
        focal_person=unit_focal_point,
        start_on=D(2026, 1, 1),
        due_on=D(2026, 12, 31),
    )
    services.log_progress(late, actor=dic_officer, on=D(2026, 6, 1), value=10)
    make_task(title="Hoàn thiện hồ sơ kỹ thuật sầu riêng", commitment=late, due_on=D(2026, 11, 10))
    make_task(title="Chuẩn bị đoàn kiểm tra", commitment=late, due_on=D(2026, 12, 20))
    return {"healthy": healthy, "stuck": stuck, "late": late, "korea": korea}


def test_the_review_puts_the_stuck_agreement_first_and_names_the_accountable_unit_and_person(
    client, leader, programmes
):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("agreements:agreement_review"))
    assert response.status_code == 200
    table_rows = [row.record for row in response.context["table"].rows]
    assert [r.agreement for r in table_rows] == [programmes["stuck"], programmes["healthy"]]
    stuck = table_rows[0]
    assert stuck.overdue_count == 1 and [c.title_vi for c in stuck.behind] == ["Mở cửa thị trường sầu riêng"]
    assert stuck.worst_overdue[0].days_overdue == 21
    html = response.content.decode()
    assert "Hoàn thiện hồ sơ kỹ thuật sầu riêng" in html and "21 days overdue" in html
    assert "Department of Crop Production and Plant Protection — unit_focal_point" in html
    assert "Chuẩn bị đoàn kiểm tra" not in html  # not overdue yet
    assert html.index("Kế hoạch hành động 59-NQ/TW") < html.index("Chương trình hợp tác lâm nghiệp")
    assert "nothing stuck" in html


def test_it_counts_commitments_by_completion_and_weighs_their_progress(
    live, make_commitment, dic_officer, leader
):
    agreement = live(signed_on=D(2026, 1, 10))
    heavy = make_commitment(agreement=agreement, weight=Decimal(3), due_on=D(2027, 12, 31))
    light = make_commitment(agreement=agreement, weight=Decimal(1), due_on=D(2027, 12, 31))
    make_commitment(agreement=agreement, status="cancelled")
    services.log_progress(heavy, actor=dic_officer, on=D(2026, 11, 1), completion="complete")
    services.log_progress(light, actor=dic_officer, on=D(2026, 11, 1), value=20)
    (row,) = review_rows(leader, {}, TODAY)
    assert row.commitments == 2
    assert row.by_completion == {"not_started": 0, "limited": 1, "substantial": 0, "complete": 1}
    assert row.progress == Decimal("80.0")  # (3 × 100 + 1 × 20) / 4
    assert row.last_activity == D(2026, 11, 1)


def test_only_live_agreements_are_reviewed(live, leader):
    reviewed = {live(status=status) for status in ("signed", "in_force", "amended", "extended")}
    for status in ("draft", "negotiating", "suspended", "terminated", "expired"):
        live(status=status)
    assert {r.agreement for r in review_rows(leader, {}, TODAY)} == reviewed


def test_a_commitment_without_news_for_90_days_is_stuck(live, make_commitment, leader):
    agreement = live()
    quiet = make_commitment(agreement=agreement, title_vi="Không có tin", start_on=D(2026, 3, 1), due_on=None)
    make_commitment(agreement=agreement, title_vi="Mới bắt đầu", start_on=D(2026, 11, 1), due_on=None)
    (row,) = review_rows(leader, {}, TODAY)
    assert row.quiet == [quiet] and row.stuck_count == 1


def test_the_last_activity_is_the_latest_progress_task_report_or_lifecycle_step(
    live, make_commitment, make_task, dic_officer, unit_focal_point, leader
):
    from coophub.assignments import services as task_services

    agreement = live(signed_on=D(2026, 2, 1))
    commitment = make_commitment(agreement=agreement)
    services.log_progress(commitment, actor=dic_officer, on=D(2026, 9, 1), value=30)
    (row,) = review_rows(leader, {}, TODAY)
    assert row.last_activity == D(2026, 9, 1)
    task = make_task(commitment=commitment)
    task_services.add_progress_report(task, actor=unit_focal_point, text="Đã gửi hồ sơ", on=D(2026, 11, 20))
    (row,) = review_rows(leader, {}, TODAY)
    assert row.last_activity == D(2026, 11, 20)
    services.transition_agreement(
        agreement, actor=dic_officer, to="amended", on=D(2026, 11, 28), basis="PL 2"
    )
    (row,) = review_rows(leader, {}, TODAY)
    assert row.last_activity == D(2026, 11, 28)


def test_the_review_filters_by_lead_unit_and_partner_and_orders_on_request(client, leader, programmes, units):
    client.force_login(leader)
    url = reverse("agreements:agreement_review")

    def agreements(params):
        return [row.record.agreement for row in client.get(url, params).context["table"].rows]

    # The Plant Protection Department leads a commitment and a task under the stuck plan only.
    assert agreements({"lead_unit": units["ppd"].pk}) == [programmes["stuck"]]
    assert agreements({"lead_unit": units["forestry"].pk}) == [programmes["healthy"]]
    assert agreements({"partner": programmes["korea"].pk}) == [programmes["stuck"]]
    assert agreements({"order": "title"}) == [programmes["healthy"], programmes["stuck"]]
    assert agreements({"order": "progress"})[0] == programmes["stuck"]


def test_the_review_exports_its_rows_as_csv_and_xlsx(client, leader, programmes):
    import openpyxl

    client.force_login(leader)
    url = reverse("agreements:agreement_review")
    response = client.get(url, {"_export": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in table[1:]] == ["Kế hoạch hành động 59-NQ/TW", "Chương trình hợp tác lâm nghiệp"]
    assert "Hoàn thiện hồ sơ kỹ thuật sầu riêng" in table[1][-2] and "unit_focal_point" in table[1][-2]

    response = client.get(url, {"partner": programmes["korea"].pk, "_export": "xlsx"})
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][0] == "Kế hoạch hành động 59-NQ/TW"


def test_another_units_officer_does_not_see_a_restricted_agreement_in_the_review(
    client, other_unit_officer, dic_officer, live, make_commitment, make_task
):
    secret = live(title_vi="Chương trình mật Gamma", visibility="restricted")
    make_task(title="Nhiệm vụ mật quá hạn", agreement=secret, due_on=D(2026, 11, 1), visibility="restricted")
    live(title_vi="Chương trình công khai Delta")
    client.force_login(other_unit_officer)
    url = reverse("agreements:agreement_review")
    html = client.get(url).content.decode()
    assert "Chương trình công khai Delta" in html and "Chương trình mật Gamma" not in html
    assert "Nhiệm vụ mật quá hạn" not in html
    assert "Chương trình mật Gamma" not in client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")

    client.force_login(dic_officer)
    assert "Chương trình mật Gamma" in client.get(url).content.decode()


def test_the_review_runs_a_fixed_number_of_queries(
    live, make_commitment, make_task, leader, django_assert_max_num_queries
):
    def grow():
        agreement = live()
        commitment = make_commitment(agreement=agreement, start_on=D(2026, 1, 1))
        make_task(commitment=commitment, due_on=D(2026, 11, 1))
        make_task(commitment=commitment, due_on=D(2026, 11, 2))

    grow()
    leader.refresh_from_db()
    with django_assert_max_num_queries(12) as small:
        review_rows(leader, {}, TODAY)
    for _n in range(5):
        grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = review_rows(leader, {}, TODAY)
    assert len(rows) == 6 and all(r.overdue_count == 2 for r in rows)
