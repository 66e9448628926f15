import datetime

import pytest


@pytest.fixture
def deputy_minister(units, leader):
    """Deputy Minister Trần Quý Kiên, the leader of the founding example (seeds/002), linked to the leader
    persona's account."""
    from coophub.engagements.models import Official

    return Official.objects.create(
        full_name="Trần Quý Kiên",
        name_ascii="Tran Quy Kien",
        title_vi="Thứ trưởng Bộ Nông nghiệp và Môi trường",
        title_en="Deputy Minister of Agriculture and Environment",
        unit=units["leadership"],
        user=leader,
        is_leader=True,
        rank=2,
    )


@pytest.fixture
def japan_partner(make_partner, japan):
    return make_partner(code="JP", kind="country", name_vi="Nhật Bản", name_en="Japan", country=japan)


@pytest.fixture
def make_engagement(dic_officer, units):
    """make_engagement(**fields): an engagement owned by DIC, recorded through the service by dic_officer.
    Keyword lists vn=…, partner=…, outcomes=… give its people and outcomes."""
    from coophub.engagements import services

    counter = {"n": 0}

    def make(actor=None, vn=None, partner=None, outcomes=None, **fields):
        counter["n"] += 1
        data = {
            "kind": "courtesy_call",
            "title_vi": f"Thứ trưởng tiếp đoàn đối tác {counter['n']}",
            "starts_on": datetime.date(2025, 9, 16),
            "city": "Hà Nội",
            "country": "VN",
            "owner_unit": units["dic"],
            **fields,
        }
        return services.create_engagement(
            actor=actor or dic_officer,
            data=data,
            vn_participants=vn,
            partner_participants=partner,
            outcomes=outcomes,
        )

    return make
