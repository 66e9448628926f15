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
    _token, raw = create_token(actor=admin, name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


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
