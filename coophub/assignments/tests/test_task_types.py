import pytest
from django.core.exceptions import ValidationError

from coophub.assignments.models import TaskType, clean_ladder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_ministry_starts_with_task_types_and_their_ladders():
    report = TaskType.objects.get(code="periodic-report")
    assert report.ladder["overdue_every"] == 1
    assert set(TaskType.objects.values_list("code", flat=True)) >= {
        "general",
        "periodic-report",
        "leadership",
    }


@pytest.mark.parametrize(
    "ladder,message",
    [
        ([7, 3], "is an object"),
        ({"before": [7], "every": 3}, "Unknown steps: every"),
        ({"before": [-1]}, "list of days"),
        ({"overdue_every": 0}, "overdue_every"),
        ({"director_after": "7"}, "director_after"),
    ],
)
def test_a_ladder_with_a_mistake_is_refused_naming_it(ladder, message):
    with pytest.raises(ValidationError) as exc:
        clean_ladder(ladder)
    assert message in str(exc.value)


def test_a_step_may_be_turned_off():
    assert clean_ladder({"director_after": None, "before": []}) == {"director_after": None, "before": []}


def test_an_administrator_changes_a_ladder_and_it_is_audited(client, admin_user):
    from coophub.audit.models import AuditEvent

    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    task_type = TaskType.objects.get(code="general")
    response = client.post(
        f"/admin/assignments/tasktype/{task_type.pk}/change/",
        {
            "code": "general",
            "name_vi": "Nhiệm vụ",
            "name_en": "Task",
            "ladder": '{"before": [5, 1], "overdue_every": 2}',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task_type.refresh_from_db()
    assert task_type.ladder == {"before": [5, 1], "overdue_every": 2}
    assert AuditEvent.objects.filter(object_id=str(task_type.pk), action="update").exists()
    response = client.post(
        f"/admin/assignments/tasktype/{task_type.pk}/change/",
        {"code": "general", "name_vi": "Nhiệm vụ", "name_en": "Task", "ladder": '{"before": "soon"}'},
    )
    assert response.status_code == 200 and "list of days" in response.content.decode()
