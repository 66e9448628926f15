"""Every page renders, in Vietnamese (default) and English, for the people who use it."""

import datetime
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_partner, dic_officer, japan, units):
    """A partner with a contact (current and former titles), a mechanism with a member and a session."""
    from coophub.partners import services

    partner = make_partner(
        name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản",
        name_en="Ministry of Agriculture, Forestry and Fisheries of Japan",
        acronym="MAFF",
        country=japan,
        aliases=[("Bộ Nông nghiệp Nhật Bản", "vi")],
    )
    contact = services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Tanaka Taro"})
    services.add_position(
        contact, actor=dic_officer, data={"title": "Vice-Minister", "start_date": datetime.date(2024, 1, 1)}
    )
    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "VN-JP-JC",
            "kind": "joint_committee",
            "name_vi": "Ủy ban hỗn hợp Việt Nam – Nhật Bản",
            "owner_unit": units["dic"],
            "visibility": "ministry",
        },
    )
    services.set_member(mechanism, partner, actor=dic_officer, role="co_chair")
    services.add_session(
        mechanism, actor=dic_officer, data={"number": 3, "date": datetime.date(2025, 3, 14), "place": "Tokyo"}
    )
    return {"partner": partner, "contact": contact, "mechanism": mechanism}


def page_urls(world):
    p, c, m = world["partner"].pk, world["contact"].pk, world["mechanism"].pk
    return [
        reverse("home"),
        reverse("search") + "?q=nong+nghiep",
        reverse("search"),
        reverse("partners:partner_list"),
        reverse("partners:partner_list") + "?q=nhat+ban&kind=ministry",
        reverse("partners:partner_create"),
        reverse("partners:partner_detail", args=[p]),
        reverse("partners:partner_edit", args=[p]),
        reverse("partners:partner_history", args=[p]),
        reverse("partners:contact_list"),
        reverse("partners:contact_create") + f"?partner={p}",
        reverse("partners:contact_detail", args=[c]),
        reverse("partners:contact_edit", args=[c]),
        reverse("partners:contact_delete", args=[c]),
        reverse("partners:contact_history", args=[c]),
        reverse("partners:mechanism_list"),
        reverse("partners:mechanism_create"),
        reverse("partners:mechanism_detail", args=[m]),
        reverse("partners:mechanism_edit", args=[m]),
        reverse("partners:mechanism_history", args=[m]),
        reverse("token_list"),
        reverse("password_change"),
        reverse("password_change_done"),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_renders_for_a_dic_officer_in_both_languages(client, dic_officer, world, language):
    client.force_login(dic_officer)
    client.cookies["django_language"] = language
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, url
        assert 'id="global-search"' in html, url
        assert 'id="language-switcher"' in html, url


@pytest.mark.parametrize("language", ["vi", "en"])
def test_delete_confirmations_render_for_a_dic_director(client, dic_director, world, language):
    client.force_login(dic_director)
    client.cookies["django_language"] = language
    for name in ("partners:partner_delete", "partners:mechanism_delete"):
        obj = world["partner"] if name.endswith("partner_delete") else world["mechanism"]
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode()


def test_the_site_speaks_vietnamese_by_default(client, dic_officer):
    client.force_login(dic_officer)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert 'data-lang="vi"' in html and 'data-lang="en"' in html
    assert "Tiếng Việt" in html and "English" in html


def test_the_language_switcher_changes_the_language_and_returns_to_the_page(client, dic_officer):
    client.force_login(dic_officer)
    partners = reverse("partners:partner_list")
    response = client.post(reverse("set_language"), {"language": "en", "next": partners})
    assert response.status_code == 302 and response["Location"] == partners
    assert '<html lang="en">' in client.get(partners).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": partners})
    assert '<html lang="vi">' in client.get(partners).content.decode()


def test_the_header_carries_navigation_search_account_links_and_a_post_logout(client, dic_officer):
    client.force_login(dic_officer)
    html = client.get(reverse("home")).content.decode()
    for name in (
        "partners:partner_list",
        "partners:contact_list",
        "partners:mechanism_list",
        "token_list",
        "password_change",
        "search",
    ):
        assert f'href="{reverse(name)}"' in html or f'action="{reverse(name)}"' in html, name
    assert 'href="/api/v1/docs"' in html
    assert re.search(r'<form method="post" action="{}">'.format(re.escape(reverse("logout"))), html)
    assert reverse("audit:event_list") not in html  # the audit trail is for administrators


def test_the_sign_in_page_renders_without_navigation_and_signs_in(client, dic_officer):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "main-nav" not in html and 'id="global-search"' not in html
    response = client.post(reverse("login"), {"username": "dic_officer", "password": "demo-pass-123"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("partners:partner_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_logging_out_takes_a_post(client, dic_officer):
    client.force_login(dic_officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_dashboard_counts_only_what_the_user_may_see(client, make_partner, other_unit_officer, units):
    make_partner(name_vi="Đối tác công khai")
    make_partner(name_vi="Đối tác hạn chế", visibility="restricted")
    client.force_login(other_unit_officer)
    response = client.get(reverse("home"))
    assert response.context["counts"]["partners"] == 1
    assert "Đối tác hạn chế" not in response.content.decode()


def test_search_finds_a_partner_without_diacritics_and_links_to_it(client, dic_officer, world):
    client.force_login(dic_officer)
    html = client.get(reverse("search"), {"q": "bo nong lam ngu nghiep nhat ban"}).content.decode()
    results = html[html.index('id="search-results"') :]
    assert f'href="{world["partner"].get_absolute_url()}"' in results
    assert "Bộ Nông Lâm Ngư nghiệp Nhật Bản" in results


def test_search_answers_htmx_with_only_the_results(client, dic_officer, world):
    client.force_login(dic_officer)
    response = client.get(reverse("search"), {"q": "tanaka"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html
    assert world["contact"].get_absolute_url() in html


def test_lists_answer_htmx_with_only_the_results_and_keep_the_filter_in_export_links(
    client, dic_officer, world
):
    client.force_login(dic_officer)
    response = client.get(
        reverse("partners:partner_list"), {"kind": "ministry"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "filter-form" not in html
    assert "?kind=ministry&amp;_export=csv" in html and "?kind=ministry&amp;_export=xlsx" in html
    assert "Bộ Nông Lâm Ngư nghiệp Nhật Bản" in html


def test_dates_are_shown_day_first(client, dic_officer, world):
    client.force_login(dic_officer)
    html = client.get(reverse("partners:mechanism_detail", args=[world["mechanism"].pk])).content.decode()
    assert "14/03/2025" in html
    html = client.get(reverse("partners:contact_detail", args=[world["contact"].pk])).content.decode()
    assert "01/01/2024" in html


def test_the_audit_trail_is_for_administrators_only(
    client, dic_officer, dic_director, leader, admin_user, world
):
    url = reverse("audit:event_list")
    for persona in (dic_officer, dic_director, leader):
        client.force_login(persona)
        assert client.get(url).status_code == 403, persona.username
    client.force_login(admin_user)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bộ Nông Lâm Ngư nghiệp Nhật Bản" in html
    assert f'href="{url}"' in html  # administrators get the navigation entry
    filtered = client.get(url, {"action": "update"})
    assert filtered.status_code == 200
    assert all(e.action == "update" for e in filtered.context["page"])


def test_the_token_page_creates_a_token_and_shows_its_secret_once(client, dic_officer):
    from coophub.accounts.models import ApiToken

    client.force_login(dic_officer)
    response = client.post(reverse("token_list"), {"name": "reporting script"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=dic_officer)
    secret = re.search(r'id="new-token-secret"[^>]*>([^<]+)<', html).group(1)
    assert secret.startswith("chub_") and ApiToken.authenticate(secret) == dic_officer
    assert token.name in html
    again = client.get(reverse("token_list")).content.decode()
    assert secret not in again and "reporting script" in again

    response = client.post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert ApiToken.authenticate(secret) is None


def test_the_password_can_be_changed(client, dic_officer):
    client.force_login(dic_officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "demo-pass-123",
            "new_password1": "a-longer-Pass-2026",
            "new_password2": "a-longer-Pass-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    dic_officer.refresh_from_db()
    assert dic_officer.check_password("a-longer-Pass-2026")


def test_it_speaks_vietnamese_even_when_the_browser_asks_for_english(client, dic_officer):
    client.force_login(dic_officer)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in response.content.decode()


def test_it_switches_to_english_when_the_officer_picks_it(client, dic_officer):
    client.force_login(dic_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()
