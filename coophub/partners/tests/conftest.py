import pytest


@pytest.fixture
def restricted(make_partner):
    """A partner restricted to its owning unit (DIC)."""
    return make_partner(name_vi="Đối tác mật Alpha", code="SECRET-ALPHA", visibility="restricted")
