import pytest
from django.db import DatabaseError, connection, transaction

from frontdoor.core import audit
from frontdoor.core.models import AuditEvent


def test_record_keeps_identifiers_not_names(county, persona, rf):
    user = persona("head_a")
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    event = audit.record(user, "pupil.view", county.pupil_a, request=request)
    assert (event.actor, event.actor_username, event.action) == (user, "head.a", "pupil.view")
    assert (event.object_type, event.object_id) == ("pupils.pupil", str(county.pupil_a.pk))
    assert event.ip_address == "10.1.2.3"
    assert county.pupil_a.last_name not in str(event.__dict__)


def test_the_orm_refuses_to_change_or_delete_events(county, persona):
    event = audit.record(persona("la_admin"), "user.change")
    event.action = "something.else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_events():
    """The triggers of migration 0002, installed inside this test's transaction."""
    from importlib import import_module

    migration = import_module("frontdoor.core.migrations.0002_audit_append_only")
    event = audit.record(None, "test.event", username="system")
    with connection.cursor() as cursor:
        for statement in migration.trigger_statements(connection.vendor):
            cursor.execute(statement)
    table = AuditEvent._meta.db_table
    for statement in (f"UPDATE {table} SET action = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"
    AuditEvent.objects.create(actor_username="system", action="still.appendable")


def test_audit_search_filters(county, persona, signed_in):
    head = persona("head_a")
    audit.record(head, "pupil.view", county.pupil_a)
    audit.record(head, "pupil.search")
    audit.record(None, "auth.sign_in_failed", username="")
    client = signed_in("la_admin")
    response = client.get("/audit/", {"username": "head.a", "action": "pupil.view"})
    assert response.status_code == 200
    events = list(response.context["page"])
    assert [e.action for e in events] == ["pupil.view"]
    response = client.get(
        "/audit/", {"object_type": "pupils.pupil", "object_id": str(county.pupil_a.pk)}
    )
    assert [e.actor_username for e in response.context["page"]] == ["head.a"]


def test_audit_search_rejects_a_backwards_date_range(county, signed_in):
    response = signed_in("la_admin").get(
        "/audit/", {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "The end date must be the same as or after the start date" in response.text


def test_viewing_a_child_is_audited(county, signed_in):
    client = signed_in("head_a")
    client.get(f"/pupils/{county.pupil_a.pk}/")
    event = AuditEvent.objects.get(action="pupil.view")
    assert (event.actor_username, event.object_id) == ("head.a", str(county.pupil_a.pk))


def test_a_pupil_search_is_audited_without_the_search_words(county, signed_in):
    signed_in("head_a").get("/pupils/", {"q": "Hart"})
    event = AuditEvent.objects.get(action="pupil.search")
    assert "Hart" not in str(event.detail)
    assert event.detail["shown"] == 1


def test_admin_changes_are_audited(county, persona, signed_in):
    client = signed_in("la_admin")
    target = persona("analyst")
    response = client.post(
        f"/admin/core/user/{target.pk}/change/",
        {
            "username": target.username,
            "first_name": "Ana",
            "last_name": "Lyst",
            "email": "",
            "job_title": "Senior analyst",
            "role": "analyst",
            "agency": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.change")
    assert event.object_id == str(target.pk)
    assert set(event.detail["fields"]) >= {"First name", "Last name", "Job title"}
