"""Personas from PRODUCT.md as fixtures, shared by every test, and the API tests' helpers.

Units are created here rather than taken from the shipped unit table, so tests state the organisation
they need.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def units(db):
    from coophub.accounts.models import Unit

    def unit(code, vi, en, abbr, **extra):
        return Unit.objects.get_or_create(
            code=code, defaults={"name_vi": vi, "name_en": en, "abbreviation": abbr, **extra}
        )[0]

    return {
        "dic": unit(
            "htqt",
            "Vụ Hợp tác quốc tế",
            "Department of International Cooperation",
            "HTQT",
            kind="department",
            is_dic=True,
        ),
        "ppd": unit(
            "ttbvtv",
            "Cục Trồng trọt và Bảo vệ thực vật",
            "Department of Crop Production and Plant Protection",
            "TTBVTV",
        ),
        "forestry": unit(
            "lnkl", "Cục Lâm nghiệp và Kiểm lâm", "Department of Forestry and Forest Protection", "LNKL"
        ),
        "office": unit("vp", "Văn phòng Bộ", "Ministry Office", "VP", kind="office"),
        "leadership": unit("lanh-dao-bo", "Lãnh đạo Bộ", "Ministry leadership", "LĐB", kind="leadership"),
    }


def make_user(username, unit, role, **extra):
    from coophub.accounts.models import Membership, User

    user = User.objects.create_user(username=username, password="demo-pass-123", first_name=username, **extra)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def dic_officer(units):
    return make_user("dic_officer", units["dic"], "officer")


@pytest.fixture
def dic_director(units):
    return make_user("dic_director", units["dic"], "dic_coordinator")


@pytest.fixture
def unit_focal_point(units):
    return make_user("unit_focal_point", units["ppd"], "officer")


@pytest.fixture
def unit_head(units):
    return make_user("unit_head", units["ppd"], "unit_head")


@pytest.fixture
def other_unit_officer(units):
    return make_user("other_unit_officer", units["forestry"], "officer")


@pytest.fixture
def counsellor(units):
    return make_user("counsellor", units["dic"], "viewer")


@pytest.fixture
def leader(units):
    return make_user("leader", units["leadership"], "leader")


@pytest.fixture
def admin_user(units):
    from coophub.accounts.models import Membership, User

    user = User.objects.create_superuser(username="admin", password="demo-pass-123", email="admin@mae.gov.vn")
    Membership.objects.create(user=user, unit=units["dic"], role="admin")
    return user


@pytest.fixture
def japan(db):
    from coophub.partners.models import Country

    return Country.objects.get_or_create(
        iso2="JP",
        defaults={"iso3": "JPN", "m49": "392", "name_en": "Japan", "name_vi": "Nhật Bản", "variants": "Nhật"},
    )[0]


@pytest.fixture
def make_partner(dic_officer, units):
    """make_partner(name_vi=..., **fields): a partner made through the service, by dic_officer by default."""
    from coophub.partners import services

    counter = {"n": 0}

    def make(actor=None, aliases=None, **fields):
        counter["n"] += 1
        data = {
            "code": f"P-{counter['n']}",
            "kind": "ministry",
            "name_vi": f"Đối tác {counter['n']}",
            "owner_unit": units["dic"],
            **fields,
        }
        return services.create_partner(actor=actor or dic_officer, data=data, aliases=aliases)

    return make


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Browser tests run in transactions that are flushed afterwards, content types included; the cached
    ids would point at deleted rows, and the next test's audit or timeline write would fail its foreign
    key."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: a request can leave its language active in the
    thread (LocaleMiddleware activates it and nothing deactivates it), which would leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def english():
    """Messages in English, for tests that read them (use with pytest.mark.usefixtures)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def bearer(user) -> dict:
    """Headers carrying a fresh personal API token of `user`, asking for English messages."""
    from coophub.accounts.services import create_token

    _token, raw = create_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def assert_field_error(response, field, status=422):
    """An API error answer naming `field`, in its summary and in its list of errors."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field, body
    assert field in {e["field"] for e in body["errors"]}
    assert body["detail"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
