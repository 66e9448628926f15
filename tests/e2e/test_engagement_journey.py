"""Text → record in a real browser (Debian chromium driven by Playwright): the DIC officer pastes the founding
press release (seeds/002), reviews the highlighted proposal and saves it; the engagement is on Japan's and the
Deputy Minister's timelines; the DIC director turns the partner's commitment into a follow-up task for the
Plant Protection Department's focal person."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coophub.assignments.models import Task
from coophub.engagements.models import Engagement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "002_130dc5020deb3dfe.txt"


@pytest.fixture
def japan_partner(make_partner, japan):
    return make_partner(code="JP", kind="country", name_vi="Nhật Bản", name_en="Japan", country=japan)


@pytest.fixture
def deputy_minister(units):
    from coophub.engagements.models import Official

    return Official.objects.create(
        full_name="Trần Quý Kiên",
        name_ascii="Tran Quy Kien",
        title_vi="Thứ trưởng Bộ Nông nghiệp và Môi trường",
        title_en="Deputy Minister of Agriculture and Environment",
        unit=units["leadership"],
        is_leader=True,
    )


def sign_in(browser, live_server, username):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-123")
    page.click("button[type=submit]")
    page.click("#language-switcher [data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


def test_a_pasted_press_release_becomes_an_engagement_on_the_timelines_and_its_commitment_a_task(
    live_server, browser, dic_officer, dic_director, unit_focal_point, units, japan_partner, deputy_minister
):
    officer = sign_in(browser, live_server, "dic_officer")
    officer.goto(f"{live_server.url}/engagements/extract/")
    officer.fill("#id_text", SEED.read_text(encoding="utf-8"))
    officer.click("#extract-form button[name=step][value=extract]")

    expect(officer.locator("#extract-text mark[data-field~=commitments]").first).to_be_visible()
    expect(officer.locator("#id_starts_on")).to_have_value("16/09/2025")
    expect(officer.locator("#id_accept_starts_on")).to_be_checked()
    assert Engagement.objects.count() == 0, "nothing is saved before the officer confirms"
    officer.click("#review-form button[name=step][value=save]")

    expect(officer).to_have_url(re.compile(r"/engagements/\d+/$"))
    engagement = Engagement.objects.get()
    assert engagement.source_text.startswith("Japan offers technical support")
    assert list(engagement.partners.all()) == [japan_partner]
    assert engagement.leader == deputy_minister

    officer.goto(f"{live_server.url}{japan_partner.get_absolute_url()}")
    officer.click('.tab-nav a[href="#timeline"]')
    expect(officer.locator("#timeline")).to_contain_text("Japan offers technical support")
    officer.goto(f"{live_server.url}{deputy_minister.get_absolute_url()}")
    expect(officer.locator("main")).to_contain_text("Japan offers technical support")

    commitment = engagement.outcomes.get(
        kind="commitment", side="partner", text__contains="committed to supporting"
    )
    director = sign_in(browser, live_server, "dic_director")
    director.goto(f"{live_server.url}{engagement.get_absolute_url()}#outcomes")
    director.click('.tab-nav a[href="#outcomes"]')
    item = director.locator(f"#outcome-{commitment.pk}")
    item.locator("details.outcome-task-form summary").click()
    form = director.locator(f"#outcome-{commitment.pk}-to-task")
    form.locator(f"#id_t{commitment.pk}-lead_unit").select_option(str(units["ppd"].pk))
    form.locator(f"#id_t{commitment.pk}-focal_person").select_option(str(unit_focal_point.pk))
    due = datetime.date.today() + datetime.timedelta(days=30)
    form.locator(f"#id_t{commitment.pk}-due_on").fill(due.strftime("%d/%m/%Y"))
    form.locator("button[type=submit]").click()

    expect(director.locator(f"#outcome-{commitment.pk}-task")).to_contain_text(
        unit_focal_point.get_full_name() or ""
    )
    task = Task.objects.get()
    assert (task.lead_unit, task.focal_person, task.source) == (units["ppd"], unit_focal_point, "engagement")
    assert task.engagement_outcome == commitment
