"""A desk officer's first session, in a real browser (Debian chromium driven by Playwright)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_dic_officer_creates_a_vietnamese_partner_finds_it_without_diacritics_and_sees_its_history(
    live_server, page, dic_officer, japan
):
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "dic_officer")
    page.fill("#id_password", "demo-pass-123")
    page.click("button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.click("#language-switcher [data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("#language-switcher [data-lang=vi]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.goto(f"{live_server.url}/partners/new/")
    page.fill("#id_code", "VN-DOI-TAC-XANH")
    page.select_option("#id_kind", "association")
    page.fill("#id_name_vi", "Hiệp hội Đối tác Nông nghiệp Xanh Đồng bằng")
    page.fill("#id_name_en", "Green Agriculture Partnership Association of the Delta")
    page.select_option("#id_country", "JP")
    page.fill("#id_aliases", "Đối tác Xanh|vi")
    page.click("form button.btn-primary[type=submit]")
    expect(page).to_have_url(re.compile(r"/partners/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Hiệp hội Đối tác Nông nghiệp Xanh Đồng bằng")

    page.fill("#global-search", "doi tac nong nghiep xanh dong bang")
    page.press("#global-search", "Enter")
    result = page.locator("#search-results a", has_text="Hiệp hội Đối tác Nông nghiệp Xanh Đồng bằng")
    expect(result).to_be_visible()
    result.click()

    page.click("#history-link")
    history = page.locator("#history")
    expect(history).to_contain_text("dic_officer")
    expect(history).to_contain_text("Hiệp hội Đối tác Nông nghiệp Xanh Đồng bằng")
