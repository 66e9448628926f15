"""`manage.py load_demo`: persona users, real partners, contacts and mechanisms, loaded idempotently."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from coophub.access.policies import policy_for
from coophub.accounts.models import Membership, User
from coophub.assignments.management.demo_work import WORK_USERS
from coophub.audit.models import AuditEvent
from coophub.partners.models import Contact, Mechanism, MechanismMember, MechanismSession, Partner, Position
from coophub.search.queries import search

pytestmark = pytest.mark.django_db

PERSONAS = [
    "dic_officer",
    "dic_director",
    "unit_focal_point",
    "unit_head",
    "other_unit_officer",
    "counsellor",
    "leader",
    "admin",
]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    models = (
        User,
        Membership,
        Partner,
        Contact,
        Position,
        Mechanism,
        MechanismMember,
        MechanismSession,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's read-only tests (a load takes tens of seconds): it stays inside an
    outer transaction that is rolled back after the module, so no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def test_load_demo_twice_changes_nothing_the_second_time():
    first_output = load_demo()
    first = counts()
    assert "Demo data loaded" in first_output
    assert first["User"] == 8 + len(WORK_USERS)  # the personas and the officers of the plan's lead units
    assert first["Partner"] >= 55
    assert first["Contact"] >= 11
    assert 5 <= first["Mechanism"] <= 7
    assert first["AuditEvent"] > 0
    latest_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    second_output = load_demo()
    assert counts() == first
    assert AuditEvent.objects.filter(pk__gt=latest_audit).count() == 0
    assert "nothing changed" in second_output


def test_demo_writes_are_audited_under_one_request_id(demo):
    request_ids = set(AuditEvent.objects.values_list("request_id", flat=True))
    assert len(request_ids) == 1


def test_personas_sign_in_with_their_roles(demo):
    for username in PERSONAS:
        user = User.objects.get(username=username)
        assert user.check_password("demo-pass-123")
        assert user.first_name and user.last_name and user.title
    assert User.objects.get(username="dic_officer").roles_by_unit
    assert User.objects.get(username="dic_director").has_role("dic_coordinator")
    assert User.objects.get(username="unit_head").primary_unit.code == "ttbvtv"
    assert User.objects.get(username="other_unit_officer").primary_unit.code == "lnkl"
    counsellor = User.objects.get(username="counsellor")
    assert counsellor.title == "Tham tán nông nghiệp tại Nhật Bản" and counsellor.has_role("viewer")
    assert User.objects.get(username="leader").primary_unit.code == "lanh-dao-bo"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.is_ministry_admin


def test_partners_are_real_and_linked(demo):
    jica = Partner.objects.get(code="JP-JICA")
    assert (jica.acronym, jica.name_native, jica.country_id) == ("JICA", "国際協力機構", "JP")
    assert "Cơ quan Hợp tác Quốc tế Nhật Bản" in [a.text for a in jica.aliases.all()]
    assert Partner.objects.get(code="JP-MAFF").name_native == "農林水産省"
    assert Partner.objects.get(code="KR-KOICA").name_native == "한국국제협력단"
    assert Partner.objects.get(code="CN-GACC").name_native == "海关总署"
    assert Partner.objects.get(code="EU-DGSANTE").parent.code == "EU"
    assert {"Ngân hàng Thế giới", "WB"} <= {a.text for a in Partner.objects.get(code="WB").aliases.all()}
    assert Partner.objects.get(code="JP").kind == "country"
    for code in ("JP", "US", "CN", "EU", "KR", "AU", "NZ"):
        assert Partner.objects.get(code=code).priority == "strategic", code
    assert Partner.objects.filter(visibility="unit", owner_unit__code="ttbvtv").count() >= 2
    restricted = Partner.objects.filter(visibility="restricted", owner_unit__code="htqt")
    assert restricted.count() == 2
    assert restricted.filter(allowed_units__code="ttbvtv").count() == 1


def test_nakayama_reads_as_former_minister(demo):
    contact = Contact.objects.get(full_name="Yasuhide Nakayama", partner__code="JP")
    assert contact.honorific == "Mr."
    with translation.override("en"):
        labels = [p.label() for p in contact.positions.all()]
    assert any(label.startswith("former State Minister of Defense") for label in labels), labels
    with translation.override("vi"):
        labels = [p.label() for p in contact.positions.all()]
    assert any(label.startswith("nguyên State Minister of Defense") for label in labels), labels


def test_mechanisms_have_members_and_sessions(demo):
    committee = Mechanism.objects.get(code="VN-CN-ACC")
    assert committee.memberships.filter(partner__code="CN-MARA", role="co_chair").exists()
    session = committee.sessions.get()
    assert (session.number, str(session.date)) == (2, "2025-11-28")
    dialogue = Mechanism.objects.get(code="VN-JP-PPD")
    assert dialogue.sessions.get().place.startswith("Tokyo")
    assert str(dialogue.sessions.get().date) == "2025-09-04"


def test_folded_search_finds_demo_records(demo):
    user = User.objects.get(username="dic_officer")
    jica = Partner.objects.get(code="JP-JICA")
    hits = search(user, "hop tac quoc te nhat ban")
    assert ("partners.partner", jica.pk) in [(h.type, h.id) for h in hits]
    hits = search(user, "doi tac")
    assert hits
    assert any("Đối tác" in h.title for h in hits), [h.title for h in hits]
    assert ("partners.partner", Partner.objects.get(code="WB").pk) in [
        (h.type, h.id) for h in search(user, "ngan hang the gioi")
    ]


def test_other_unit_officer_does_not_see_restricted_or_unit_partners(demo):
    other = User.objects.get(username="other_unit_officer")
    visible = policy_for(Partner).scope(other, "view")
    assert not visible.filter(visibility="restricted").exists()
    assert not visible.filter(code__in=["US-USTR", "TH-DOA", "KR-APQA", "US-APHIS"]).exists()
    assert visible.filter(code="JP-JICA").exists()
    assert not [h for h in search(other, "USTR") if h.type == "partners.partner"]

    focal = User.objects.get(username="unit_focal_point")
    seen = set(policy_for(Partner).scope(focal, "view").values_list("code", flat=True))
    assert {"TH-DOA", "KR-APQA", "US-APHIS"} <= seen and "US-USTR" not in seen
