"""Make the audit trail append-only in the database itself, not just in the ORM.

The test settings turn the triggers off (FRONTDOOR_AUDIT_TRIGGERS) because the test runner
empties every table between browser tests; core/tests/test_audit.py runs the same statements
inside a test transaction and checks that they refuse changes on both databases."""

from django.conf import settings
from django.db import migrations

TABLE = "core_auditevent"


def trigger_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse();",
        ]
    return []


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op};" for op in ("update", "delete")]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
            f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
        ]
    return []


def create_triggers(apps, schema_editor):
    if getattr(settings, "FRONTDOOR_AUDIT_TRIGGERS", True):
        for statement in trigger_statements(schema_editor.connection.vendor):
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
