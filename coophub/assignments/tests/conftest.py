import datetime

import pytest


@pytest.fixture
def make_task(dic_director, unit_focal_point, units):
    """make_task(**fields): a task assigned by dic_director to the Plant Protection Department, with
    unit_focal_point as focal person, made through the service."""
    from coophub.assignments import services

    def make(actor=None, coordinators=None, watchers=None, **fields):
        data = {
            "title": "Báo cáo tiến độ thực hiện Kế hoạch hành động",
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "owner_unit": units["dic"],
            "assigned_on": datetime.date(2026, 11, 2),
            "due_on": datetime.date(2026, 11, 30),
            **fields,
        }
        return services.create_task(
            actor=actor or dic_director, data=data, coordinators=coordinators, watchers=watchers
        )

    return make
