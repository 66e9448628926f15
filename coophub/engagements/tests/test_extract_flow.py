"""The text → record pages: paste or upload, review the proposal beside the highlighted text, save it (only
then is anything written), or discard it."""

import datetime
import io
from pathlib import Path

import lxml.html
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from coophub.audit.models import AuditEvent
from coophub.engagements.models import Engagement, Outcome, PartnerParticipant, VnParticipant
from coophub.engagements.views_extract import marked_text
from coophub.timeline.models import TimelineEvent
from coophub.timeline.services import events_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "002_130dc5020deb3dfe.txt"
URL = reverse("engagements:extract")


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def officer_client(client, dic_officer):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    return client


def counts():
    models = (Engagement, VnParticipant, PartnerParticipant, Outcome, AuditEvent, TimelineEvent)
    return {model.__name__: model.objects.count() for model in models}


def form_values(response, form_id) -> dict[str, list[str]]:
    """What a browser would submit from the form as rendered (ticked boxes, selected options, hidden
    inputs)."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def review(client, text, language="auto"):
    response = client.post(URL, {"text": text, "language": language, "step": "extract"})
    assert response.status_code == 200, response.content
    assert "review" in response.context, response.context.get("form") and response.context["form"].errors
    return response


def save(client, page, **changes):
    data = form_values(page, "review-form")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    data["step"] = ["save"]
    return client.post(URL, data)


def test_the_page_offers_a_text_box_a_file_and_the_language(officer_client):
    response = officer_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    for name in ('name="text"', 'name="file"', 'name="language"'):
        assert name in page


def test_pasting_seed_002_shows_the_text_highlighted_beside_the_proposed_fields(
    officer_client, seed_text, japan_partner, deputy_minister
):
    before = counts()

    page = review(officer_client, seed_text)

    body = page.content.decode()
    assert '<mark id="at-' in body
    assert 'data-field="commitments"' in body
    form = page.context["review"].form
    assert form.initial["starts_on"] == datetime.date(2025, 9, 16)
    assert form.initial["kind"] == "courtesy_call"
    assert form.initial["leader"] == deputy_minister.pk
    assert form.initial["partners"] == [japan_partner.pk]
    assert form.initial["accept_starts_on"] is True
    values = form_values(page, "review-form")
    assert values["starts_on"] == ["16/09/2025"]
    assert values["accept_starts_on"] == ["on"]
    assert any(
        "committed to supporting Vietnam" in v
        for v in values.get("out-0-text", []) + values.get("out-1-text", [])
    )
    assert counts() == before  # the proposal lives in the page only


def test_saving_the_proposal_records_the_engagement_on_japan_and_the_deputy_minister_timelines(
    officer_client, dic_officer, seed_text, japan_partner, deputy_minister
):
    page = review(officer_client, seed_text)

    response = save(officer_client, page)

    assert response.status_code == 302, response.context and response.context["review"].form.errors
    engagement = Engagement.objects.get()
    assert engagement.kind == "courtesy_call"
    assert engagement.starts_on.isoformat() == "2025-09-16"
    assert engagement.leader == deputy_minister
    assert list(engagement.partners.all()) == [japan_partner]
    assert list(engagement.countries.values_list("pk", flat=True)) == ["JP"]
    assert "Yasuhide Nakayama" in engagement.source_text
    assert engagement.source_language == "en"
    assert engagement.outcomes.filter(
        kind="commitment", side="partner", text__contains="committed to supporting Vietnam"
    ).exists()
    assert engagement.partner_participants.get().is_former
    for subject in (japan_partner, deputy_minister):
        assert engagement.pk in {e.source_id for e in events_for(dic_officer, subject)}
    audit = AuditEvent.objects.get(
        object_type=ContentType.objects.get_for_model(Engagement),
        object_id=str(engagement.pk),
        action="create",
    )
    assert audit.reason == "confirmed from text by dic_officer"


def test_a_field_left_unaccepted_is_not_saved(officer_client, seed_text, japan_partner, deputy_minister):
    page = review(officer_client, seed_text)

    assert save(officer_client, page, accept_city=None, accept_partners=None).status_code == 302

    engagement = Engagement.objects.get()
    assert engagement.city == ""
    assert not engagement.partners.exists()


def test_a_corrected_value_is_saved_as_corrected(officer_client, seed_text, deputy_minister):
    page = review(officer_client, seed_text)

    assert save(officer_client, page, city="Hà Nội", **{"out-0-accept": None}).status_code == 302

    engagement = Engagement.objects.get()
    assert engagement.city == "Hà Nội"
    assert engagement.outcomes.count() == len(page.context["review"].outcomes.initial) - 1


def test_an_error_re_renders_the_review_with_the_fields_kept_and_the_error_at_its_field(
    officer_client, seed_text, deputy_minister
):
    page = review(officer_client, seed_text)

    response = save(officer_client, page, accept_title_en=None, city="Osaka")

    assert response.status_code == 200
    form = response.context["review"].form
    assert "title_vi" in form.errors  # the service wants a title in one language
    assert form_values(response, "review-form")["city"] == ["Osaka"]
    assert '<mark id="at-' in response.content.decode()
    assert Engagement.objects.count() == 0


def test_a_date_left_unaccepted_is_asked_for_next_to_the_date(officer_client, seed_text, deputy_minister):
    page = review(officer_client, seed_text)

    response = save(officer_client, page, accept_starts_on=None)

    assert response.status_code == 200
    assert "starts_on" in response.context["review"].form.errors
    assert Engagement.objects.count() == 0


def test_discarding_the_proposal_leaves_no_row_anywhere(
    officer_client, seed_text, japan_partner, deputy_minister
):
    before = counts()
    page = review(officer_client, seed_text)
    discard = lxml.html.fromstring(page.content.decode()).get_element_by_id("discard").get("href")

    response = officer_client.get(discard)

    assert response.status_code == 200
    assert "form" in response.context and "review" not in response.context
    assert counts() == before


def test_a_word_file_is_read(officer_client, seed_text, deputy_minister):
    import docx

    document = docx.Document()
    for line in seed_text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "press-release.docx"

    response = officer_client.post(URL, {"file": upload, "language": "auto", "step": "extract"})

    assert response.status_code == 200
    form = response.context["review"].form
    assert form.initial["starts_on"] == datetime.date(2025, 9, 16)
    assert form.initial["leader"] == deputy_minister.pk


def test_a_text_file_is_read_as_utf8(officer_client, seed_text):
    upload = io.BytesIO(seed_text.encode("utf-8"))
    upload.name = "press-release.txt"

    response = officer_client.post(URL, {"file": upload, "language": "en", "step": "extract"})

    assert response.context["review"].form.initial["starts_on"] == datetime.date(2025, 9, 16)


def test_a_pdf_is_refused_naming_the_file_field(officer_client):
    upload = io.BytesIO(b"%PDF-1.7 minutes")
    upload.name = "minutes.pdf"

    response = officer_client.post(URL, {"file": upload, "language": "auto", "step": "extract"})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["file"]
    assert "minutes.pdf" in form.errors["file"][0]
    assert "File: " in response.content.decode()


def test_an_empty_text_gets_a_message_on_the_form(officer_client):
    response = officer_client.post(URL, {"text": "   ", "language": "auto", "step": "extract"})

    assert response.status_code == 200
    assert "text" in response.context["form"].errors


def test_a_text_over_the_limit_gets_a_message_naming_the_limit(officer_client, settings):
    settings.COOPHUB_EXTRACTION_MAX_CHARS = 500

    response = officer_client.post(URL, {"text": "word " * 200, "language": "auto", "step": "extract"})

    assert response.status_code == 200
    [message] = response.context["form"].errors["text"]
    assert "500" in message


def test_html_with_a_script_is_shown_stripped_and_escaped(officer_client, seed_text):
    pasted = "<div><p>" + seed_text.replace("\n", "</p><p>") + "</p><script>alert('pasted')</script></div>"

    page = review(officer_client, pasted)

    body = page.content.decode()
    assert "<script>alert" not in body
    assert "alert('pasted')" not in body
    assert "html_stripped" in {w["code"] for w in page.context["warnings"]}


def test_the_highlighted_text_is_escaped_and_marks_never_nest():
    html = marked_text("a <b> & c", [(2, 5, "title", "Title · 0.90"), (4, 9, "topics", "Topic <x> · 0.40")])

    assert html == (
        'a <mark id="at-2" data-field="title" title="Title · 0.90">&lt;b</mark>'
        '<mark id="at-4" data-field="title topics" title="Title · 0.90; Topic &lt;x&gt; · 0.40">&gt;</mark>'
        '<mark data-field="topics" title="Topic &lt;x&gt; · 0.40"> &amp; c</mark>'
    )


def test_someone_who_may_not_record_engagements_is_refused(client, counsellor):
    client.force_login(counsellor)

    assert client.get(URL).status_code == 403
