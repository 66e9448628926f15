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


@pytest.fixture
def overlapping_tasks(make_task, other_unit_officer, units):
    """Two DIC tasks that read alike, and two alike tasks restricted to the Forestry department."""
    alike = [
        make_task(title="Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn tại Hà Nội"),
        make_task(title="Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn ở Hà Nội"),
    ]
    hidden = [
        make_task(
            actor=other_unit_officer,
            title=f"Điều tra mật về buôn lậu gỗ quý qua biên giới tỉnh {place}",
            lead_unit=units["forestry"],
            focal_person=other_unit_officer,
            owner_unit=units["forestry"],
            visibility="restricted",
        )
        for place in ("Sơn La", "Lai Châu")
    ]
    return alike, hidden
