"""The partner services: the only write path, each write checked, validated and audited once."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from coophub.audit.context import request_context
from coophub.audit.models import AuditAction, AuditEvent
from coophub.audit.services import history_for
from coophub.core.errors import Conflict
from coophub.partners import events, services
from coophub.partners.models import Contact, Mechanism, Partner, PartnerAlias, Position
from coophub.search.queries import search
from coophub.timeline.services import events_for

pytestmark = pytest.mark.django_db


def mechanism(actor, units, **fields):
    data = {
        "code": "JC-VN-JP",
        "kind": "joint_committee",
        "name_vi": "Ủy ban hỗn hợp Việt Nam – Nhật Bản",
        "name_en": "Viet Nam – Japan Joint Committee",
        "owner_unit": units["dic"],
        **fields,
    }
    return services.create_mechanism(actor=actor, data=data)


# ---------- audit ----------


def test_creating_a_partner_writes_one_audit_event_with_actor_request_and_after(dic_officer, units):
    request_id = uuid.uuid4()
    with request_context(request_id):
        partner = services.create_partner(
            actor=dic_officer,
            data={
                "code": "JP-MAFF",
                "kind": "ministry",
                "name_vi": "Bộ Nông Lâm Ngư nghiệp Nhật Bản",
                "acronym": "MAFF",
                "owner_unit": units["dic"],
            },
        )

    (event,) = history_for(partner)
    assert event.action == AuditAction.CREATE
    assert event.actor == dic_officer
    assert event.actor_name == str(dic_officer)
    assert event.request_id == request_id
    assert event.before is None
    assert event.after["name_vi"] == "Bộ Nông Lâm Ngư nghiệp Nhật Bản"
    assert event.after["owner_unit_id"] == units["dic"].pk
    assert event.after["version"] == 1
    assert event.changes["code"] == [None, "JP-MAFF"]
    assert event.unit_id == units["dic"].pk


def test_updating_a_partner_writes_one_audit_event_with_before_after_and_only_the_changes(
    dic_officer, make_partner
):
    partner = make_partner(name_vi="Bộ Nông nghiệp", aliases=[("MAFF", "en")])
    request_id = uuid.uuid4()
    with request_context(request_id):
        services.update_partner(partner, actor=dic_officer, data={"name_vi": "Bộ Nông Lâm Ngư nghiệp"})

    update = history_for(partner).get(action=AuditAction.UPDATE)
    assert update.actor == dic_officer
    assert update.request_id == request_id
    assert update.before["name_vi"] == "Bộ Nông nghiệp"
    assert update.after["name_vi"] == "Bộ Nông Lâm Ngư nghiệp"
    assert update.changes == {"name_vi": ["Bộ Nông nghiệp", "Bộ Nông Lâm Ngư nghiệp"], "version": [1, 2]}
    assert history_for(partner).count() == 2


def test_changing_aliases_is_recorded_as_a_change_of_aliases(dic_officer, make_partner):
    partner = make_partner(aliases=[("MAFF", "en")])

    services.update_partner(
        partner, actor=dic_officer, data={}, aliases=[("MAFF", "en"), ("Nông Lâm Ngư", "vi")]
    )

    update = history_for(partner).get(action=AuditAction.UPDATE)
    assert update.changes["aliases"] == [["MAFF"], ["MAFF", "Nông Lâm Ngư"]]


def test_an_update_that_changes_nothing_writes_no_audit_event(dic_officer, make_partner):
    partner = make_partner(name_vi="Bộ Nông nghiệp")

    services.update_partner(partner, actor=dic_officer, data={"name_vi": "  Bộ  Nông nghiệp "})

    partner.refresh_from_db()
    assert partner.version == 1
    assert history_for(partner).count() == 1


def test_deleting_a_partner_writes_one_audit_event_with_the_before_snapshot(dic_director, make_partner):
    partner = make_partner(name_vi="Đối tác sắp xoá")
    pk = partner.pk

    services.delete_partner(partner, actor=dic_director)

    assert not Partner.objects.filter(pk=pk).exists()
    deletion = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(pk))
    assert deletion.actor == dic_director
    assert deletion.before["name_vi"] == "Đối tác sắp xoá"
    assert deletion.after is None
    assert deletion.changes["name_vi"] == ["Đối tác sắp xoá", None]


def test_audit_rows_cannot_be_changed_or_deleted(dic_officer, make_partner):
    partner = make_partner()
    event = history_for(partner).get()

    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError), transaction.atomic():  # bulk_update opens its own atomic block
        AuditEvent.objects.bulk_update([event], ["reason"])

    event.refresh_from_db()
    assert event.reason == ""
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# ---------- concurrency and validation ----------


def test_a_stale_version_raises_conflict_and_changes_nothing(dic_officer, make_partner):
    partner = make_partner(name_vi="Tên ban đầu")
    services.update_partner(partner, actor=dic_officer, data={"name_vi": "Tên thứ hai"}, version=1)

    with pytest.raises(Conflict) as caught:
        services.update_partner(partner, actor=dic_officer, data={"name_vi": "Tên ghi đè"}, version=1)

    assert caught.value.current_version == 2
    partner.refresh_from_db()
    assert partner.name_vi == "Tên thứ hai"
    assert partner.version == 2
    assert history_for(partner).filter(action=AuditAction.UPDATE).count() == 1


def test_the_current_version_is_accepted(dic_officer, make_partner):
    partner = make_partner()
    services.update_partner(partner, actor=dic_officer, data={"acronym": "X"}, version=1)
    services.update_partner(partner, actor=dic_officer, data={"acronym": "Y"}, version=2)
    partner.refresh_from_db()
    assert (partner.acronym, partner.version) == ("Y", 3)


def test_a_partner_cannot_be_its_own_parent(dic_officer, make_partner):
    partner = make_partner()
    with pytest.raises(ValidationError) as caught:
        services.update_partner(partner, actor=dic_officer, data={"parent": partner})
    assert "parent" in caught.value.message_dict
    partner.refresh_from_db()
    assert partner.parent_id is None


def test_a_partner_cannot_be_its_own_ancestor(dic_officer, make_partner):
    grandparent = make_partner(name_vi="Chính phủ")
    parent = make_partner(name_vi="Bộ", parent=grandparent)
    child = make_partner(name_vi="Cục", parent=parent)

    with pytest.raises(ValidationError) as caught:
        services.update_partner(grandparent, actor=dic_officer, data={"parent": child})

    assert "parent" in caught.value.message_dict
    grandparent.refresh_from_db()
    assert grandparent.parent_id is None
    assert grandparent.version == 1


def test_giving_a_partner_to_a_unit_the_actor_does_not_edit_for_is_refused(dic_officer, make_partner, units):
    partner = make_partner()

    with pytest.raises(ValidationError) as caught:
        services.update_partner(partner, actor=dic_officer, data={"owner_unit": units["ppd"]})

    assert "owner_unit" in caught.value.message_dict
    partner.refresh_from_db()
    assert partner.owner_unit == units["dic"]
    assert partner.version == 1


def test_a_dic_coordinator_may_hand_a_partner_to_another_unit(dic_director, make_partner, units):
    partner = make_partner()
    services.update_partner(partner, actor=dic_director, data={"owner_unit": units["ppd"]})
    partner.refresh_from_db()
    assert partner.owner_unit == units["ppd"]


def test_a_duplicate_code_is_refused_on_the_code_field(dic_officer, make_partner, units):
    make_partner(code="JP-MAFF")
    with pytest.raises(ValidationError) as caught:
        services.create_partner(
            actor=dic_officer,
            data={"code": "JP-MAFF", "kind": "ministry", "name_vi": "Khác", "owner_unit": units["dic"]},
        )
    assert "code" in caught.value.message_dict
    assert Partner.objects.filter(code="JP-MAFF").count() == 1


# ---------- who may write ----------


@pytest.mark.parametrize("persona", ["leader", "counsellor"])
def test_a_leader_or_a_viewer_cannot_create_a_partner(persona, request, units):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_partner(
            actor=actor,
            data={"code": "NOPE", "kind": "ministry", "name_vi": "Không được", "owner_unit": units["dic"]},
        )
    assert not Partner.objects.filter(code="NOPE").exists()
    assert not AuditEvent.objects.filter(object_repr="Không được").exists()


@pytest.mark.parametrize("persona", ["leader", "counsellor"])
def test_a_leader_or_a_viewer_cannot_change_a_partner(persona, request, make_partner):
    partner = make_partner()
    with pytest.raises(PermissionDenied):
        services.update_partner(partner, actor=request.getfixturevalue(persona), data={"name_vi": "Đổi"})


def test_an_officer_cannot_create_a_partner_for_another_unit(unit_focal_point, units):
    with pytest.raises(PermissionDenied):
        services.create_partner(
            actor=unit_focal_point,
            data={"code": "X", "kind": "ministry", "name_vi": "X", "owner_unit": units["dic"]},
        )


def test_a_unit_focal_point_edits_own_unit_partners(unit_focal_point, make_partner, units):
    partner = make_partner(actor=unit_focal_point, owner_unit=units["ppd"], visibility="unit")
    services.update_partner(partner, actor=unit_focal_point, data={"name_en": "Plant Protection partner"})
    partner.refresh_from_db()
    assert partner.name_en == "Plant Protection partner"


def test_a_unit_focal_point_cannot_edit_dic_owned_unit_only_partners(unit_focal_point, make_partner):
    partner = make_partner(visibility="unit")
    with pytest.raises(PermissionDenied):
        services.update_partner(partner, actor=unit_focal_point, data={"name_vi": "Đổi"})
    partner.refresh_from_db()
    assert partner.version == 1


def test_a_unit_focal_point_cannot_edit_dic_owned_ministry_wide_partners(unit_focal_point, make_partner):
    partner = make_partner(visibility="ministry")
    with pytest.raises(PermissionDenied):
        services.update_partner(partner, actor=unit_focal_point, data={"name_vi": "Đổi"})


def test_an_officer_cannot_delete_but_the_unit_head_can(unit_focal_point, unit_head, make_partner, units):
    partner = make_partner(actor=unit_focal_point, owner_unit=units["ppd"])
    with pytest.raises(PermissionDenied):
        services.delete_partner(partner, actor=unit_focal_point)
    services.delete_partner(partner, actor=unit_head)
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_a_partner_with_children_cannot_be_deleted(dic_director, make_partner):
    parent = make_partner(name_vi="Chính phủ")
    make_partner(name_vi="Bộ", parent=parent)
    with pytest.raises(ValidationError):
        services.delete_partner(parent, actor=dic_director)
    assert Partner.objects.filter(pk=parent.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


# ---------- aliases, contacts and positions ----------


def test_aliases_are_stored_and_searchable(dic_officer, make_partner, japan):
    partner = make_partner(
        name_vi="JICA",
        acronym="JICA",
        country=japan,
        aliases=[
            ("Cơ quan Hợp tác Quốc tế Nhật Bản", "vi"),
            ("Japan International Cooperation Agency", "en"),
        ],
    )

    assert sorted(PartnerAlias.objects.filter(partner=partner).values_list("text", flat=True)) == [
        "Cơ quan Hợp tác Quốc tế Nhật Bản",
        "Japan International Cooperation Agency",
    ]
    assert [h.id for h in search(dic_officer, "co quan hop tac quoc te")] == [partner.pk]
    assert [h.id for h in search(dic_officer, "international cooperation agency")] == [partner.pk]


def test_replacing_aliases_makes_the_old_ones_unsearchable(dic_officer, make_partner):
    partner = make_partner(name_vi="Đối tác A", aliases=[("Tên cũ", "vi")])
    services.update_partner(partner, actor=dic_officer, data={}, aliases=[("Tên mới", "vi")])
    assert search(dic_officer, "ten cu") == []
    assert [h.id for h in search(dic_officer, "ten moi")] == [partner.pk]


def test_a_position_ended_in_the_past_reads_as_former(dic_officer, make_partner):
    partner = make_partner()
    contact = services.create_contact(
        actor=dic_officer,
        partner=partner,
        data={"full_name": "Yasuhide Nakayama", "honorific": "Mr."},
        positions=[
            {
                "title": "State Minister of Defense",
                "organisation": "Government of Japan",
                "start_date": datetime.date(2020, 9, 16),
                "end_date": datetime.date(2021, 10, 4),
            }
        ],
    )
    position = contact.positions.get()

    with translation.override("en"):
        assert position.label() == "former State Minister of Defense, Government of Japan"
    with translation.override("vi"):
        assert position.label() == "nguyên State Minister of Defense, Government of Japan"
    assert not position.is_current


def test_a_current_or_acting_position_does_not_read_as_former(dic_officer, make_partner):
    partner = make_partner()
    contact = services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Tanaka"})
    future = datetime.date.today() + datetime.timedelta(days=30)
    position = services.add_position(
        contact, actor=dic_officer, data={"title": "Director", "end_date": future, "is_acting": True}
    )
    with translation.override("en"):
        assert position.label() == "acting Director"
        assert contact.current_position == position


def test_a_position_cannot_end_before_it_starts(dic_officer, make_partner):
    contact = services.create_contact(actor=dic_officer, partner=make_partner(), data={"full_name": "Tanaka"})
    with pytest.raises(ValidationError):
        services.add_position(
            contact,
            actor=dic_officer,
            data={
                "title": "Director",
                "start_date": datetime.date(2024, 1, 2),
                "end_date": datetime.date(2024, 1, 1),
            },
        )
    assert not Position.objects.exists()


def test_contacts_follow_their_partner_for_who_may_edit(unit_focal_point, dic_officer, make_partner):
    partner = make_partner()
    contact = services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Tanaka"})
    with pytest.raises(PermissionDenied):
        services.create_contact(actor=unit_focal_point, partner=partner, data={"full_name": "Sato"})
    with pytest.raises(PermissionDenied):
        services.update_contact(contact, actor=unit_focal_point, data={"email": "x@example.org"})
    assert Contact.objects.filter(partner=partner).count() == 1


def test_a_contact_update_is_versioned_and_audited(dic_officer, make_partner):
    contact = services.create_contact(actor=dic_officer, partner=make_partner(), data={"full_name": "Tanaka"})
    services.update_contact(contact, actor=dic_officer, data={"email": "tanaka@example.jp"}, version=1)
    with pytest.raises(Conflict):
        services.update_contact(contact, actor=dic_officer, data={"email": "old@example.jp"}, version=1)
    contact.refresh_from_db()
    assert (contact.email, contact.version) == ("tanaka@example.jp", 2)
    assert [e.action for e in history_for(contact)] == [AuditAction.UPDATE, AuditAction.CREATE]


# ---------- timeline ----------


def test_mechanism_membership_and_sessions_appear_on_the_partner_timeline(dic_officer, make_partner, units):
    partner = make_partner(name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản")
    jc = mechanism(dic_officer, units)

    services.set_member(jc, partner, actor=dic_officer, role="co_chair")
    services.add_session(
        jc, actor=dic_officer, data={"number": 5, "date": datetime.date(2025, 11, 20), "place": "Tokyo"}
    )

    timeline = events_for(dic_officer, partner)
    kinds = [ev.kind for ev in timeline]
    assert kinds == [events.MECHANISM_SESSION, events.JOINED_MECHANISM, events.PARTNER_CREATED]
    session, joined, _created = timeline
    with translation.override("en"):
        assert joined.data["role"] == "co_chair"
        assert joined.data["mechanism"] == "Ủy ban hỗn hợp Việt Nam – Nhật Bản"
        assert session.data["number"] == 5 and session.data["place"] == "Tokyo"
    assert all(ev.actor == dic_officer for ev in timeline)


def test_the_timeline_hides_events_whose_source_the_viewer_cannot_see(
    dic_officer, other_unit_officer, make_partner, units
):
    partner = make_partner(visibility="ministry")
    secret = mechanism(
        dic_officer, units, code="SECRET-WG", name_vi="Nhóm công tác kín", visibility="restricted"
    )
    services.set_member(secret, partner, actor=dic_officer, role="member")
    services.add_session(
        secret, actor=dic_officer, data={"date": datetime.date(2025, 5, 1), "place": "Hà Nội"}
    )
    services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Tanaka"})

    seen_by_dic = [ev.kind for ev in events_for(dic_officer, partner)]
    seen_by_other = [ev.kind for ev in events_for(other_unit_officer, partner)]

    assert events.JOINED_MECHANISM in seen_by_dic and events.MECHANISM_SESSION in seen_by_dic
    assert seen_by_other == [events.CONTACT_ADDED, events.PARTNER_CREATED]
    assert all("Nhóm công tác kín" not in str(ev.data) for ev in events_for(other_unit_officer, partner))


def test_removing_a_member_and_deleting_a_mechanism_are_audited(dic_director, make_partner, units):
    partner = make_partner()
    jc = mechanism(dic_director, units)
    member = services.set_member(jc, partner, actor=dic_director, role="member")
    services.remove_member(member, actor=dic_director)
    services.delete_mechanism(jc, actor=dic_director)
    assert not Mechanism.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).count() == 2
