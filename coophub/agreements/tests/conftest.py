import datetime

import pytest


@pytest.fixture
def make_agreement(dic_officer, units):
    """make_agreement(**fields): an agreement owned by DIC, made through the service by dic_officer."""
    from coophub.agreements import services

    counter = {"n": 0}

    def make(actor=None, parties=None, **fields):
        counter["n"] += 1
        data = {
            "code": f"AG-{counter['n']}",
            "kind": "mou",
            "title_vi": f"Bản ghi nhớ hợp tác nông nghiệp {counter['n']}",
            "owner_unit": units["dic"],
            **fields,
        }
        return services.create_agreement(actor=actor or dic_officer, data=data, parties=parties)

    return make


@pytest.fixture
def make_commitment(dic_officer, units):
    from coophub.agreements import services

    def make(actor=None, **fields):
        data = {
            "title_vi": "Hỗ trợ chuyển giao công nghệ canh tác hiện đại",
            "owner_unit": units["dic"],
            "side": "partner",
            "start_on": datetime.date(2026, 1, 1),
            "due_on": datetime.date(2026, 12, 31),
            **fields,
        }
        return services.create_commitment(actor=actor or dic_officer, data=data)

    return make


@pytest.fixture
def in_force(make_agreement, dic_officer):
    """make an agreement in force: in_force(**fields)."""

    def make(**fields):
        agreement = make_agreement(status="in_force", **fields)
        agreement.refresh_from_db()
        return agreement

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
            "assigned_on": datetime.date(2026, 10, 1),
            "due_on": datetime.date(2026, 11, 2),
            **fields,
        }
        return task_services.create_task(actor=dic_director, data=data)

    return make
