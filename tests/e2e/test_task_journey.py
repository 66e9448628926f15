"""Clear tasks, clear accountability, in a real browser: the DIC director assigns a task from a commitment,
the focal person of the Plant Protection Department reports and submits it, the director
completes it — late."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def commitment(dic_officer, units, unit_focal_point, dic_director, unit_head):
    from coophub.agreements import services

    plan = services.create_agreement(
        actor=dic_officer,
        data={
            "code": "KH-59-153",
            "kind": "action_plan",
            "status": "in_force",
            "title_vi": "Kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW và Nghị quyết 153/NQ-CP",
            "owner_unit": units["dic"],
        },
    )
    return services.create_commitment(
        actor=dic_officer,
        data={
            "agreement": plan,
            "title_vi": "Tháo gỡ rào cản SPS đối với nông sản xuất khẩu",
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "owner_unit": units["dic"],
        },
    )


def sign_in(browser, live_server, username):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-123")
    page.click("button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.click("#language-switcher [data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


def test_a_task_assigned_from_a_commitment_is_reported_submitted_and_completed_late(
    live_server, browser, commitment
):
    today = datetime.date.today()
    director = sign_in(browser, live_server, "dic_director")
    director.goto(f"{live_server.url}{commitment.get_absolute_url()}")
    director.click('.tab-nav a[href="#tasks"]')
    director.click("#assign-task")
    expect(director.locator("#id_title")).to_have_value(commitment.title_vi)
    expect(director.locator("#id_focal_person")).to_have_value(str(commitment.focal_person_id))
    director.fill("#id_title", "Báo cáo rà soát biện pháp SPS của thị trường Trung Quốc")
    director.fill("#id_assigned_on", (today - datetime.timedelta(days=10)).isoformat())
    director.fill("#id_due_on", (today - datetime.timedelta(days=3)).isoformat())
    director.click("#task-form button.btn-primary[type=submit]")
    expect(director).to_have_url(re.compile(r"/tasks/\d+/$"))
    task_url = director.url
    expect(director.locator("h1")).to_contain_text("Báo cáo rà soát biện pháp SPS")
    expect(director.locator(".page-header .badge-deadline-overdue")).to_be_visible()

    focal = sign_in(browser, live_server, "unit_focal_point")
    focal.goto(task_url)
    focal.click("#workflow button[value=in_progress]")
    expect(focal.locator("#task-status")).to_have_text("In progress")
    focal.click('.tab-nav a[href="#reports"]')
    focal.fill("#id_text", "Đã tổng hợp 9 biện pháp SPS mới")
    focal.fill("#id_percent_done", "100")
    focal.click("#reports form button[type=submit]")
    focal.click('.tab-nav a[href="#reports"]')
    expect(focal.locator("#reports")).to_contain_text("Đã tổng hợp 9 biện pháp SPS mới")
    expect(focal.locator("#workflow button[value=completed]")).to_have_count(0)
    focal.click("#workflow button[value=submitted]")
    expect(focal.locator("#task-status")).to_have_text("Submitted for approval")

    director.goto(task_url)
    director.click("#workflow button[value=completed]")
    expect(director.locator("#task-status")).to_have_text("Completed")
    expect(director.locator(".page-header .badge-deadline-completed_late")).to_have_text("Completed late")
