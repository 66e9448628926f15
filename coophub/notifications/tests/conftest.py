import pytest


@pytest.fixture
def make_notification():
    from coophub.notifications.services import notify

    def make(recipient, title="Nhắc việc", **extra):
        return notify(recipient, kind=extra.pop("kind", "test.reminder"), title=title, email=False, **extra)

    return make
