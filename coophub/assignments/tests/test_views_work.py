"""My work, my unit's work, overdue by unit, the calendar and its iCal feed, the check for similar work and
the possible-overlaps report — each in both languages and each holding only what the reader may see."""

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from coophub.accounts.feeds import issue_feed_token
from coophub.assignments import services
from coophub.assignments.choices import TaskStatus
from coophub.assignments.models import Task
from coophub.overlaps import queries as overlap_queries

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)  # 16:00 on 1 December in Hà Nội
SECRET = "Đàm phán mật về hạn ngạch thuế quan xuất khẩu gạo"


@pytest.fixture(autouse=True)
def _today():
    overlap_queries.clear_cache()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def restricted(make_task):
    """Seen by DIC, the Plant Protection Department and the people on it; not by the Forestry Department."""
    return make_task(title=SECRET, visibility="restricted", due_on=datetime.date(2026, 12, 15))


def titles(rows):
    return [task.title for task in rows]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_task_page_renders_in_both_languages(client, dic_director, make_task, units, language):
    task = make_task(coordinators=[{"unit": units["forestry"], "part": "Số liệu"}])
    client.force_login(dic_director)
    client.cookies["django_language"] = language
    pages = [
        reverse("assignments:task_list"),
        reverse("assignments:task_create"),
        task.get_absolute_url(),
        reverse("assignments:task_edit", args=[task.pk]),
        reverse("assignments:task_history", args=[task.pk]),
        reverse("assignments:task_delete", args=[task.pk]),
        reverse("assignments:my_work"),
        reverse("assignments:unit_work"),
        reverse("assignments:overdue_by_unit"),
        reverse("assignments:calendar"),
        reverse("assignments:calendar") + "?view=list",
        reverse("assignments:calendar_feed"),
        reverse("assignments:possible_overlaps"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode(), url


def test_my_work_groups_what_i_am_focal_person_of_assigned_and_watch(
    client, make_task, unit_focal_point, dic_director, counsellor
):
    make_task(title="Quá hạn của tôi", due_on=datetime.date(2026, 11, 30))
    make_task(title="Còn hạn của tôi", due_on=datetime.date(2027, 1, 30))
    make_task(title="Tôi theo dõi", watchers=[counsellor])
    client.force_login(unit_focal_point)
    sections = {
        key: groups
        for key, _heading, groups in client.get(reverse("assignments:my_work")).context["sections"]
    }
    assert [(g.badge.state, titles(g.tasks)) for g in sections["focal"]] == [
        ("overdue", ["Quá hạn của tôi", "Tôi theo dõi"]),
        ("on_time", ["Còn hạn của tôi"]),
    ]
    client.force_login(dic_director)
    sections = {
        key: groups
        for key, _heading, groups in client.get(reverse("assignments:my_work")).context["sections"]
    }
    assert sum(len(g.tasks) for g in sections["assigned"]) == 3
    client.force_login(counsellor)
    sections = {
        key: groups
        for key, _heading, groups in client.get(reverse("assignments:my_work")).context["sections"]
    }
    assert [titles(g.tasks) for g in sections["watched"]] == [["Tôi theo dõi"]]


def test_my_unit_s_work_lists_what_it_leads_and_coordinates_and_the_head_sees_it_by_person(
    client, make_task, units, unit_head, other_unit_officer, unit_focal_point
):
    make_task(title="Cục Trồng trọt chủ trì", coordinators=[{"unit": units["forestry"], "part": "Số liệu"}])
    client.force_login(other_unit_officer)
    context = client.get(reverse("assignments:unit_work")).context
    assert context["unit"] == units["forestry"]
    assert [titles(g.tasks) for g in context["coordinated"]] == [["Cục Trồng trọt chủ trì"]]
    assert context["led"] == [] and context["by_person"] == []

    client.force_login(unit_head)
    context = client.get(reverse("assignments:unit_work")).context
    assert [titles(g.tasks) for g in context["led"]] == [["Cục Trồng trọt chủ trì"]]
    assert [(r["focal_person__username"], r["open"], r["overdue"]) for r in context["by_person"]] == [
        ("unit_focal_point", 1, 1)
    ]


def test_overdue_by_unit_counts_the_official_buckets(
    client, dic_director, make_task, units, other_unit_officer
):
    late = make_task(title="Hoàn thành muộn", due_on=datetime.date(2026, 11, 20))
    ok = make_task(title="Hoàn thành đúng hạn", due_on=datetime.date(2026, 12, 20))
    for task in (late, ok):
        for to in (TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED):
            task = services.transition_task(task, actor=task.focal_person, to=to)
        services.transition_task(
            task, actor=dic_director, to=TaskStatus.COMPLETED, on=datetime.date(2026, 11, 25)
        )
    make_task(title="Quá hạn", due_on=datetime.date(2026, 11, 30))
    make_task(title="Sắp đến hạn", due_on=datetime.date(2026, 12, 2))
    make_task(title="Không hạn", due_on=None)
    make_task(title="Lâm nghiệp quá hạn", lead_unit=units["forestry"], focal_person=other_unit_officer)
    client.force_login(dic_director)

    context = client.get(reverse("assignments:overdue_by_unit")).context
    rows = {row["unit"].code: row for row in context["rows"]}
    ppd = rows["ttbvtv"]
    assert (
        ppd["completed_on_time"],
        ppd["completed_late"],
        ppd["within"],
        ppd["overdue"],
        ppd["no_deadline"],
    ) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert ppd["due_soon"] == 1 and rows["lnkl"]["overdue"] == 1 and context["totals"]["overdue"] == 2
    assert titles(context["tasks"]) == ["Lâm nghiệp quá hạn", "Quá hạn"]  # by unit, then due date

    context = client.get(reverse("assignments:overdue_by_unit"), {"unit": units["forestry"].pk}).context
    assert titles(context["tasks"]) == ["Lâm nghiệp quá hạn"]
    assert (
        client.get(reverse("assignments:overdue_by_unit"), {"year": "2025"}).context["rows"][0][
            "completed_late"
        ]
        == 0
    )


def test_the_overdue_list_posts_the_selected_tasks_to_the_urging_letter(client, dic_director, make_task):
    task = make_task(title="Quá hạn", due_on=datetime.date(2026, 11, 30))
    client.force_login(dic_director)
    html = client.get(reverse("assignments:overdue_by_unit")).content.decode()
    assert f'action="{reverse("assignments:urging_letter")}"' in html
    assert f'name="task" value="{task.pk}"' in html


def test_the_calendar_shows_a_due_task_on_its_day_and_moves_by_month(client, unit_focal_point, make_task):
    make_task(title="Nộp báo cáo tháng", due_on=datetime.date(2026, 12, 15))
    make_task(title="Tháng sau", due_on=datetime.date(2027, 1, 10))
    client.force_login(unit_focal_point)

    response = client.get(reverse("assignments:calendar"), {"month": "2026-12"})
    days = {day.date: day for week in response.context["weeks"] for day in week}
    assert titles(days[datetime.date(2026, 12, 15)].tasks) == ["Nộp báo cáo tháng"]
    assert days[datetime.date(2026, 12, 1)].is_today
    html = response.content.decode()
    assert 'id="day-2026-12-15"' in html and "?month=2026-11" in html and "?month=2027-01" in html

    context = client.get(reverse("assignments:calendar"), {"month": "2027-01", "view": "list"}).context
    assert titles(context["tasks"]) == ["Tháng sau"]
    assert client.get(reverse("assignments:calendar"), {"month": "rubbish"}).context["month"] == "2026-12"


def test_the_ical_feed_parses_and_holds_only_the_tasks_its_user_sees(
    client, make_task, unit_focal_point, other_unit_officer, units, restricted
):
    make_task(title="Báo cáo Lâm nghiệp", lead_unit=units["forestry"], focal_person=other_unit_officer)
    raw = issue_feed_token(actor=other_unit_officer)

    response = client.get(reverse("assignments:ical_feed", args=[raw]))  # no session
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        f"[{Task.objects.get(lead_unit=units['forestry']).code}] Báo cáo Lâm nghiệp"
    ]
    assert events[0]["dtstart"].dt == datetime.date(2026, 11, 30)  # all day

    mine = issue_feed_token(actor=unit_focal_point)
    feed = icalendar.Calendar.from_ical(client.get(reverse("assignments:ical_feed", args=[mine])).content)
    assert SECRET in " ".join(str(e["summary"]) for e in feed.walk("VEVENT"))


def test_a_bad_or_revoked_feed_token_gets_404(client, unit_focal_point):
    assert client.get(reverse("assignments:ical_feed", args=["not-a-token"])).status_code == 404
    old = issue_feed_token(actor=unit_focal_point)
    issue_feed_token(actor=unit_focal_point)
    assert client.get(reverse("assignments:ical_feed", args=[old])).status_code == 404


def test_the_feed_page_issues_an_address_shown_once_and_revokes_it(client, unit_focal_point):
    client.force_login(unit_focal_point)
    response = client.post(reverse("assignments:calendar_feed"), {"action": "issue"})
    feed_url = response.context["feed_url"]
    assert feed_url.startswith("http://testserver/tasks/calendar/") and feed_url.endswith(".ics")
    assert client.get(feed_url).status_code == 200
    assert client.get(reverse("assignments:calendar_feed")).context["feed_url"] == ""

    client.post(reverse("assignments:calendar_feed"), {"action": "revoke"})
    assert client.get(feed_url).status_code == 404


def test_another_units_officer_does_not_see_a_restricted_task_in_my_work_calendar_or_overdue(
    client, other_unit_officer, restricted
):
    client.force_login(other_unit_officer)
    assert SECRET not in client.get(reverse("assignments:my_work")).content.decode()
    assert SECRET not in client.get(reverse("assignments:unit_work")).content.decode()
    assert SECRET not in client.get(reverse("assignments:calendar"), {"month": "2026-12"}).content.decode()
    assert (
        SECRET
        not in client.get(
            reverse("assignments:calendar"), {"month": "2026-12", "view": "list"}
        ).content.decode()
    )
    assert client.get(reverse("assignments:overdue_by_unit")).context["rows"] == []


# ---------- similar work and overlaps ----------


def test_the_overlap_check_lists_a_similar_open_task_but_not_a_restricted_one_it_may_not_see(
    client, make_task, other_unit_officer, dic_director, restricted
):
    open_task = make_task(title="Xây dựng kế hoạch hành động thực hiện Nghị quyết 59 về hội nhập")
    client.force_login(other_unit_officer)
    client.cookies["django_language"] = "en"

    response = client.get(
        reverse("assignments:overlap_check"),
        {"title": "Kế hoạch hành động thực hiện Nghị quyết 59 về hội nhập"},
    )
    assert [(m.model, m.object_id) for m in response.context["matches"]] == [(Task, open_task.pk)]
    html = response.content.decode()
    assert open_task.title in html and "similar wording" in html
    assert "Watch this task instead" in html  # whoever sees a task may follow it rather than duplicate it

    response = client.get(
        reverse("assignments:overlap_check"), {"title": "Đàm phán mật hạn ngạch thuế quan xuất khẩu gạo"}
    )
    assert response.context["matches"] == [] and SECRET not in response.content.decode()

    client.force_login(dic_director)
    response = client.get(
        reverse("assignments:overlap_check"), {"title": "Đàm phán mật hạn ngạch thuế quan xuất khẩu gạo"}
    )
    assert [m.object_id for m in response.context["matches"]] == [restricted.pk]
    assert reverse("assignments:task_watch", args=[restricted.pk]) in response.content.decode()


def test_the_overlap_check_says_when_a_similar_task_has_the_same_country(
    client, make_task, dic_director, japan
):
    make_task(title="Mở cửa thị trường cho quả bưởi tươi", country=japan)
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("assignments:overlap_check"), {"title": "Mở cửa thị trường quả bưởi tươi", "country": "JP"}
    )
    (match,) = response.context["matches"]
    assert "same_country" in match.reasons and "same country" in response.content.decode()


def test_the_new_task_form_shows_similar_work_before_saving_and_links_or_creates_anyway(
    client, make_task, dic_director, units, unit_focal_point
):
    from .test_views import form_data

    existing = make_task(title="Xây dựng kế hoạch hợp tác với FAO năm 2027")
    client.force_login(dic_director)
    data = form_data(units, unit_focal_point, create_anyway=None)

    response = client.post(reverse("assignments:task_create"), data)
    assert response.status_code == 200 and Task.objects.count() == 1
    assert [m.object_id for m in response.context["matches"]] == [existing.pk]
    assert 'name="create_anyway"' in response.content.decode()

    response = client.post(reverse("assignments:task_watch", args=[existing.pk]), data)
    assert response.status_code == 302 and dic_director in existing.watchers.all()
    assert Task.objects.count() == 1

    response = client.post(reverse("assignments:task_create"), {**data, "create_anyway": "1"})
    assert response.status_code == 302 and Task.objects.count() == 2


def test_the_possible_overlaps_report_is_for_the_dic_and_shows_only_visible_pairs(
    client,
    overlapping_tasks,
    dic_officer,
    admin_user,
    other_unit_officer,
    unit_focal_point,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    assert client.get(reverse("assignments:possible_overlaps")).context["report"] is None
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("assignments:possible_overlaps")).status_code == 302
    response = client.get(reverse("assignments:possible_overlaps"))
    assert response.context["report"].records_compared == 4
    assert response.context["busy"] is None
    assert len(response.context["pairs"]) == 2

    client.force_login(dic_officer)
    response = client.get(reverse("assignments:possible_overlaps"))
    (pair,) = response.context["pairs"]
    assert {Task.objects.get(pk=m.object_id).title for m in (pair.first, pair.second)} == {
        "Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn tại Hà Nội",
        "Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn ở Hà Nội",
    }
    assert "buôn lậu" not in response.content.decode()

    client.force_login(other_unit_officer)
    assert client.get(reverse("assignments:possible_overlaps")).status_code == 403
    assert client.post(reverse("assignments:possible_overlaps")).status_code == 403
    client.force_login(unit_focal_point)
    assert client.get(reverse("assignments:possible_overlaps")).status_code == 403
