"""Administrators maintain the holiday table in the admin; every change is audited and counted at once."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from coophub.audit.models import AuditEvent
from coophub.scheduler.models import Holiday
from coophub.scheduler.workdays import is_working_day

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_holiday_in_the_admin_and_it_is_audited(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/scheduler/holiday/").status_code == 200
    response = client.post(
        "/admin/scheduler/holiday/add/",
        {"day": "2028-01-03", "name_vi": "Nghỉ bù Tết Dương lịch", "name_en": "", "kind": "compensatory"},
    )
    assert response.status_code == 302, response.content
    holiday = Holiday.objects.get(day=datetime.date(2028, 1, 3))
    assert AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Holiday), object_id=holiday.pk, action="create"
    ).exists()
    assert not is_working_day(datetime.date(2028, 1, 3))
