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
