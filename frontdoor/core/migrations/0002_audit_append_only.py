"""Make the audit trail append-only in the database itself, not just in the ORM.

The test settings turn the triggers off (FRONTDOOR_AUDIT_TRIGGERS) because the test runner
empties every table between browser tests; core/tests/test_audit.py installs them inside a
test transaction and checks that they refuse changes on both databases."""

from django.conf import settings
from django.db import migrations

TABLE = "core_auditevent"


def create_triggers(apps, schema_editor):
    if not getattr(settings, "FRONTDOOR_AUDIT_TRIGGERS", True):
        return
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{op};")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_refuse();")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
