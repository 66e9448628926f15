import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coophub.assignments import services
from coophub.assignments.choices import DeadlineState, TaskStatus
from coophub.assignments.deadlines import task_deadline_state, with_deadline_state
from coophub.assignments.models import Task
from coophub.audit.models import AuditEvent
from coophub.core.errors import Conflict
from coophub.timeline.models import TimelineEvent

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


class TestCreating:
    def test_it_gives_a_task_exactly_one_lead_unit_and_one_focal_person(
        self, make_task, units, unit_focal_point
    ):
        task = make_task()
        assert task.lead_unit == units["ppd"]
        assert task.focal_person == unit_focal_point
        assert task.code == f"NV-2026-{task.pk:06d}"
        assert AuditEvent.objects.filter(object_id=str(task.pk), action="create").count() == 1
        assert TimelineEvent.objects.filter(kind="task.assigned", subject_id=task.pk).exists()

    def test_it_refuses_a_task_without_a_lead_unit(self, make_task):
        with pytest.raises(ValidationError) as exc:
            make_task(lead_unit=None)
        assert "lead_unit" in exc.value.message_dict

    @pytest.mark.usefixtures("english")
    def test_it_refuses_a_focal_person_from_another_unit(self, make_task, other_unit_officer):
        with pytest.raises(ValidationError) as exc:
            make_task(focal_person=other_unit_officer)
        assert "is not a member of the lead unit" in exc.value.message_dict["focal_person"][0]

    def test_the_database_itself_refuses_a_task_without_a_focal_person(self, make_task):
        task = make_task()
        with pytest.raises(IntegrityError), transaction.atomic():
            Task.objects.filter(pk=task.pk).update(focal_person=None)

    def test_it_refuses_a_due_date_before_the_assignment(self, make_task):
        with pytest.raises(ValidationError) as exc:
            make_task(assigned_on=datetime.date(2026, 11, 10), due_on=datetime.date(2026, 11, 1))
        assert "due_on" in exc.value.message_dict

    def test_it_refuses_the_lead_unit_as_a_coordinating_unit(self, make_task, units):
        with pytest.raises(ValidationError) as exc:
            make_task(coordinators=[{"unit": units["ppd"], "part": "x"}])
        assert "coordinating_units" in exc.value.message_dict

    def test_coordinating_units_keep_their_own_part(self, make_task, units):
        task = make_task(coordinators=[{"unit": units["forestry"], "part": "Số liệu lâm nghiệp"}])
        coordinator = task.coordinators.get()
        assert coordinator.part == "Số liệu lâm nghiệp"
        assert coordinator.status == "pending"

    def test_another_units_officer_cannot_assign_work_on_behalf_of_dic(self, make_task, other_unit_officer):
        with pytest.raises(PermissionDenied):
            make_task(actor=other_unit_officer)

    def test_it_tells_the_focal_person(self, make_task, unit_focal_point):
        from coophub.notifications.models import Notification

        task = make_task()
        note = Notification.objects.get(recipient=unit_focal_point)
        assert task.title in note.title


class TestWorkflow:
    def test_the_focal_person_submits_and_the_director_completes(
        self, make_task, unit_focal_point, dic_director
    ):
        task = make_task()
        task = services.transition_task(task, actor=unit_focal_point, to=TaskStatus.ACCEPTED)
        task = services.transition_task(task, actor=unit_focal_point, to=TaskStatus.IN_PROGRESS)
        task = services.transition_task(task, actor=unit_focal_point, to=TaskStatus.SUBMITTED)
        task = services.transition_task(task, actor=dic_director, to=TaskStatus.COMPLETED)
        assert task.status == TaskStatus.COMPLETED
        assert task.completed_on == datetime.date(2026, 12, 1)
        assert task_deadline_state(task, datetime.date(2026, 12, 1)) == DeadlineState.COMPLETED_LATE

    @pytest.mark.usefixtures("english")
    def test_the_focal_person_cannot_complete_their_own_task(self, make_task, unit_focal_point):
        task = make_task(status=TaskStatus.NEW)
        for step in (TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED):
            task = services.transition_task(task, actor=unit_focal_point, to=step)
        with pytest.raises(PermissionDenied) as exc:
            services.transition_task(task, actor=unit_focal_point, to=TaskStatus.COMPLETED)
        assert "whoever assigned the task" in str(exc.value)

    def test_an_officer_of_an_unrelated_unit_cannot_move_it(self, make_task, other_unit_officer):
        with pytest.raises(PermissionDenied):
            services.transition_task(make_task(), actor=other_unit_officer, to=TaskStatus.ACCEPTED)

    @pytest.mark.usefixtures("english")
    def test_a_transition_that_does_not_exist_is_refused_with_the_reason(self, make_task, dic_director):
        with pytest.raises(PermissionDenied) as exc:
            services.transition_task(make_task(), actor=dic_director, to=TaskStatus.COMPLETED)
        assert "cannot go from" in str(exc.value)

    def test_returning_a_result_needs_a_reason(self, make_task, unit_focal_point, dic_director):
        task = services.transition_task(make_task(), actor=unit_focal_point, to=TaskStatus.IN_PROGRESS)
        task = services.transition_task(task, actor=unit_focal_point, to=TaskStatus.SUBMITTED)
        with pytest.raises(ValidationError):
            services.transition_task(task, actor=dic_director, to=TaskStatus.RETURNED)
        task = services.transition_task(
            task, actor=dic_director, to=TaskStatus.RETURNED, reason="Thiếu số liệu"
        )
        assert task.status == TaskStatus.RETURNED

    def test_the_unit_head_can_put_the_units_task_on_hold(self, make_task, unit_head):
        task = services.transition_task(
            make_task(), actor=unit_head, to=TaskStatus.ON_HOLD, reason="Chờ ý kiến"
        )
        assert task.status == TaskStatus.ON_HOLD

    def test_a_stale_transition_is_a_conflict(self, make_task, unit_focal_point):
        task = make_task()
        services.transition_task(task, actor=unit_focal_point, to=TaskStatus.ACCEPTED, version=1)
        with pytest.raises(Conflict):
            services.transition_task(task, actor=unit_focal_point, to=TaskStatus.IN_PROGRESS, version=1)

    def test_a_stale_edit_is_a_conflict(self, make_task, dic_director):
        task = make_task()
        services.update_task(task, actor=dic_director, data={"title": "Mới"}, version=1)
        with pytest.raises(Conflict):
            services.update_task(task, actor=dic_director, data={"title": "Cũ"}, version=1)

    def test_completing_a_monthly_report_opens_the_next_month(
        self, make_task, unit_focal_point, dic_director
    ):
        task = make_task(
            due_on=datetime.date(2026, 11, 15), recurrence="monthly", recurrence_day=15, title="Báo cáo tháng"
        )
        for step in (TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED):
            task = services.transition_task(task, actor=unit_focal_point, to=step)
        services.transition_task(task, actor=dic_director, to=TaskStatus.COMPLETED)
        nxt = Task.objects.get(previous=task)
        assert nxt.due_on == datetime.date(2026, 12, 15)
        assert nxt.status == TaskStatus.NEW
        assert nxt.focal_person == task.focal_person


class TestReportsAndExtensions:
    def test_the_focal_person_reports_progress(self, make_task, unit_focal_point):
        task = make_task()
        report = services.add_progress_report(
            task, actor=unit_focal_point, text="Đã gửi dự thảo", percent_done=40
        )
        task.refresh_from_db()
        assert report.unit_id == task.lead_unit_id
        assert task.percent_done == 40

    def test_an_unrelated_officer_cannot_report(self, make_task, other_unit_officer):
        with pytest.raises(PermissionDenied):
            services.add_progress_report(make_task(), actor=other_unit_officer, text="x")

    def test_an_approved_extension_moves_the_due_date_and_keeps_the_history(
        self, make_task, unit_focal_point, dic_director
    ):
        task = make_task()
        ext = services.request_extension(
            task, actor=unit_focal_point, proposed_due=datetime.date(2026, 12, 20), reason="Chờ số liệu"
        )
        with pytest.raises(ValidationError):
            services.request_extension(
                task, actor=unit_focal_point, proposed_due=datetime.date(2026, 12, 21), reason="Lần hai"
            )
        with pytest.raises(PermissionDenied):
            services.decide_extension(ext, actor=unit_focal_point, approve=True)
        services.decide_extension(ext, actor=dic_director, approve=True, note="Đồng ý")
        task.refresh_from_db()
        assert task.due_on == datetime.date(2026, 12, 20)
        ext.refresh_from_db()
        assert ext.current_due == datetime.date(2026, 11, 30)
        assert ext.status == "approved"

    def test_an_extension_must_move_the_date_later(self, make_task, unit_focal_point):
        with pytest.raises(ValidationError) as exc:
            services.request_extension(
                make_task(), actor=unit_focal_point, proposed_due=datetime.date(2026, 11, 20), reason="x"
            )
        assert "proposed_due" in exc.value.message_dict


class TestDeadlineState:
    @pytest.mark.parametrize(
        "status,due,completed,today,state",
        [
            ("new", None, None, "2026-12-01", DeadlineState.NO_DEADLINE),
            ("new", "2026-12-10", None, "2026-12-01", DeadlineState.ON_TIME),
            ("in_progress", "2026-12-04", None, "2026-12-01", DeadlineState.DUE_SOON),
            ("in_progress", "2026-12-01", None, "2026-12-01", DeadlineState.DUE_SOON),
            ("submitted", "2026-11-30", None, "2026-12-01", DeadlineState.OVERDUE),
            ("completed", "2026-11-30", "2026-11-30", "2026-12-01", DeadlineState.COMPLETED_ON_TIME),
            ("completed", "2026-11-30", "2026-12-01", "2026-12-01", DeadlineState.COMPLETED_LATE),
            ("completed", None, "2026-12-01", "2026-12-01", DeadlineState.COMPLETED_ON_TIME),
            ("cancelled", "2026-11-30", None, "2026-12-01", DeadlineState.CANCELLED),
        ],
    )
    def test_python_and_sql_agree_on_the_deadline_state(
        self, make_task, dic_director, status, due, completed, today, state
    ):
        d = datetime.date.fromisoformat
        task = make_task(due_on=d(due) if due else None, assigned_on=d("2026-11-01"))
        Task.objects.filter(pk=task.pk).update(
            status=status, completed_on=d(completed) if completed else None
        )
        task.refresh_from_db()
        assert task_deadline_state(task, d(today)) == state
        assert with_deadline_state(Task.objects.filter(pk=task.pk), d(today)).get().deadline == state
