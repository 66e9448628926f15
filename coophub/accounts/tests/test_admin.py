"""Administrators maintain units and users in the Django admin; those changes are audited too."""

from coophub.audit.models import AuditEvent


def test_it_audits_a_unit_renamed_in_the_admin(client, admin_user, units):
    client.force_login(admin_user)
    unit = units["forestry"]
    response = client.post(
        f"/admin/accounts/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name_vi": "Cục Lâm nghiệp và Kiểm lâm Việt Nam",
            "name_en": unit.name_en,
            "abbreviation": unit.abbreviation,
            "kind": "agency",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_id=str(unit.pk), object_type__model="unit")
    assert event.action == "update"
    assert event.changes["name_vi"] == ["Cục Lâm nghiệp và Kiểm lâm", "Cục Lâm nghiệp và Kiểm lâm Việt Nam"]


def test_it_never_copies_password_hashes_into_the_audit_trail(client, admin_user, dic_officer):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{dic_officer.pk}/password/",
        {
            "password1": "a-new-long-passphrase-42",
            "password2": "a-new-long-passphrase-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    for event in AuditEvent.objects.filter(object_type__model="user"):
        assert "password" not in (event.before or {})
        assert "password" not in (event.after or {})


def test_it_forbids_editing_audit_events_in_the_admin(client, admin_user, units):
    client.force_login(admin_user)
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
