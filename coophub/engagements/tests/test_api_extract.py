"""POST /api/v1/engagements/extract: the engine's result for seed 002 with spans, the mapped proposal, bad
input naming its field, and nothing written."""

import re
from pathlib import Path

import pytest

from conftest import assert_field_error, bearer
from coophub.audit.models import AuditEvent
from coophub.engagements.models import Engagement, Outcome, PartnerParticipant, VnParticipant
from coophub.partners.models import Partner
from coophub.timeline.models import TimelineEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "002_130dc5020deb3dfe.txt"
URL = "/api/v1/engagements/extract"


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


def extract(client, user, payload):
    return client.post(URL, payload, content_type="application/json", **bearer(user))


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Engagement,
            VnParticipant,
            PartnerParticipant,
            Outcome,
            AuditEvent,
            TimelineEvent,
            Partner,
        )
    }


def test_it_reads_seed_002_into_the_readme_fields_with_their_spans(client, dic_officer, seed_text):
    response = extract(client, dic_officer, {"text": seed_text})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["language"] == "en"
    assert body["meeting_date"] == "2025-09-16"
    assert "JP" in body["partner_countries"]
    assert any("Tran Quy Kien" in (person["name"] or "") for person in body["vn_side"])
    [pledge] = [c for c in body["commitments"] if "committed to supporting Vietnam" in c["text"]]
    assert pledge["by"] == "partner"
    start, end = pledge["span"]
    assert body["text"][start:end] == pledge["text"]
    assert 0 <= pledge["confidence"] <= 1
    assert body["evidence"]["meeting_date"]["span"]


def test_the_proposal_maps_japan_to_its_country_partner_and_the_deputy_minister_to_the_official(
    client, dic_officer, seed_text, japan_partner, deputy_minister
):
    body = extract(client, dic_officer, {"text": seed_text, "language": "en"}).json()
    proposal = body["proposal"]

    assert proposal["kind"] == "courtesy_call"
    assert proposal["starts_on"] == "2025-09-16"
    assert proposal["countries"] == ["JP"]
    assert proposal["partner_ids"] == [japan_partner.pk]
    assert proposal["leader_id"] == deputy_minister.pk
    assert proposal["level"] == "ministerial"
    assert proposal["title_en"].startswith("Japan offers technical support")
    assert proposal["source_text"] == body["text"]
    assert proposal["source_language"] == "en"
    [head] = [p for p in proposal["vn_participants"] if p["official_id"] == deputy_minister.pk]
    assert head["role"] == "head"
    [guest] = proposal["partner_participants"]
    assert guest["name"] == "Yasuhide Nakayama"
    assert guest["is_former"] is True
    assert guest["country"] == "JP"
    assert {"kind": "commitment", "side": "partner"}.items() <= next(
        o for o in proposal["outcomes"] if "committed to supporting Vietnam" in o["text"]
    ).items()
    assert proposal["confidence"]["starts_on"] >= 0.5


def test_the_proposal_is_a_body_the_engagements_endpoint_accepts(
    client, dic_officer, seed_text, japan_partner, deputy_minister
):
    proposal = extract(client, dic_officer, {"text": seed_text}).json()["proposal"]

    response = client.post(
        "/api/v1/engagements", proposal, content_type="application/json", **bearer(dic_officer)
    )

    assert response.status_code == 201, response.content
    engagement = Engagement.objects.get(pk=response.json()["id"])
    assert engagement.leader == deputy_minister
    assert list(engagement.partners.all()) == [japan_partner]
    assert engagement.outcomes.filter(kind="commitment", side="partner").exists()


def test_extracting_writes_nothing(client, dic_officer, seed_text, japan_partner, deputy_minister):
    headers = bearer(dic_officer)  # issuing the token is itself audited
    before = counts()

    response = client.post(URL, {"text": seed_text}, content_type="application/json", **headers)

    assert response.status_code == 200
    assert counts() == before


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused_naming_the_text(client, dic_officer, text):
    assert_field_error(extract(client, dic_officer, {"text": text}), "text")


def test_a_text_over_the_limit_is_refused_naming_the_text_and_the_limit(client, dic_officer, settings):
    response = extract(client, dic_officer, {"text": "a" * (settings.COOPHUB_EXTRACTION_MAX_CHARS + 1)})

    assert_field_error(response, "text")
    assert str(settings.COOPHUB_EXTRACTION_MAX_CHARS) in re.sub(r"\D", "", response.json()["detail"])


def test_a_missing_text_is_refused_naming_the_text(client, dic_officer):
    assert_field_error(extract(client, dic_officer, {"language": "en"}), "text")


def test_a_language_other_than_vi_en_or_auto_is_refused_naming_the_language(client, dic_officer, seed_text):
    assert_field_error(extract(client, dic_officer, {"text": seed_text, "language": "fr"}), "language")


def test_a_text_in_another_language_comes_back_flagged(client, dic_officer):
    text = (
        "Le ministre de l'Agriculture a reçu l'ambassadeur de France à Hanoï le 12 mars 2025. "
        "Les deux parties ont discuté de la coopération dans le domaine de l'agriculture durable."
    )
    body = extract(client, dic_officer, {"text": text}).json()

    assert body["language"] == "other"
    assert "language_other" in {w["code"] for w in body["warnings"]}


def test_someone_who_may_not_record_engagements_is_refused(client, counsellor, seed_text):
    response = extract(client, counsellor, {"text": seed_text})

    assert response.status_code == 403
    assert response.json()["detail"]


def test_the_api_document_names_the_fields_of_the_answer(client, dic_officer):
    document = client.get("/api/v1/openapi.json", **bearer(dic_officer)).json()
    operation = document["paths"]["/api/v1/engagements/extract"]["post"]
    assert operation["operationId"] == "engagements_extract"
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]

    for name in ("language", "meeting_date", "vn_side", "commitments", "evidence", "text", "proposal"):
        assert name in fields
