import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_healthz_reports_unapplied_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()] * 2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "2 unapplied"


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
