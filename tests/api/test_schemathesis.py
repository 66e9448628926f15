"""Schemathesis walks the whole OpenAPI document in-process: no operation may answer 5xx, and every answer
must match the status codes, content types and schemas the document declares.

The schema is loaded eagerly with schemathesis.openapi.from_wsgi (the pytest fixture loader breaks on
pytest 9.2).
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import make_user

APP = get_wsgi_application()
# What we assert: never 5xx, and every answer is one the document declares, with its declared body and
# headers. (Negative-data rejection is left out: query strings are text, so "q=false" sent as the "wrong
# type" is a valid string.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@pytest.fixture
def api_headers(units, japan):
    """A token of an administrator, so every operation is reachable; plus a record or two to find."""
    from coophub.accounts.services import create_token
    from coophub.partners import services

    admin = make_user("schemathesis_admin", units["dic"], "admin")
    services.create_partner(
        actor=admin,
        data={
            "code": "JP-JICA",
            "kind": "donor_agency",
            "name_vi": "Cơ quan Hợp tác Quốc tế Nhật Bản",
            "acronym": "JICA",
            "country": japan,
            "owner_unit": units["dic"],
        },
    )
    _seed_cooperation_work(admin, units)
    _token, raw = create_token(actor=admin, name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


def _seed_cooperation_work(admin, units):
    """An agreement with a commitment and its milestone, and a task with a report and a pending extension,
    so the record endpoints (whose ids start at 1) answer about real records, not only 404."""
    import datetime

    from coophub.agreements import services as agreements
    from coophub.assignments import services as assignments

    plan = agreements.create_agreement(
        actor=admin,
        data={
            "code": "KH-59",
            "kind": "action_plan",
            "title_vi": "Kế hoạch hành động",
            "owner_unit": units["dic"],
        },
    )
    commitment = agreements.create_commitment(
        actor=admin, data={"agreement": plan, "title_vi": "Chuyển đổi số", "owner_unit": units["dic"]}
    )
    agreements.create_commitment(
        actor=admin, data={"parent": commitment, "kind": "milestone", "title_vi": "Cơ sở dữ liệu"}
    )
    focal = make_user("schemathesis_focal", units["ppd"], "officer")
    task = assignments.create_task(
        actor=admin,
        data={
            "title": "Báo cáo tiến độ",
            "lead_unit": units["ppd"],
            "focal_person": focal,
            "commitment": commitment,
            "assigned_on": datetime.date.today() - datetime.timedelta(days=30),
            "due_on": datetime.date.today() - datetime.timedelta(days=1),
        },
    )
    assignments.add_progress_report(task, actor=admin, text="Đã tổng hợp số liệu")
    assignments.request_extension(
        task,
        actor=admin,
        proposed_due=datetime.date.today() + datetime.timedelta(days=30),
        reason="Chờ số liệu",
    )


def test_the_api_document_is_openapi_3_1_with_an_operation_id_everywhere():
    raw = schema.raw_schema
    assert raw["openapi"].startswith("3.1")
    for path, item in raw["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method.upper()} {path} has no operationId"


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("COOPHUB_SCHEMATHESIS_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented_and_never_5xx(case, api_headers):
    response = case.call_and_validate(headers=api_headers, checks=CHECKS)
    assert response.status_code < 500, response.text
