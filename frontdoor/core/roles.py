"""The roles in ARCHITECTURE.md and the kind of scope each one carries."""

from django.db import models


class Role(models.TextChoices):
    LA_ADMIN = "la_admin", "LA administrator"
    ATTENDANCE_OFFICER = "attendance_officer", "LA attendance officer"
    FRONT_DOOR = "front_door", "Front Door practitioner"
    EARLY_HELP = "early_help", "Early Help practitioner"
    SOCIAL_WORKER = "social_worker", "Children’s social worker"
    SEND_CASEWORKER = "send_caseworker", "SEND caseworker"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School officer"
    FINANCE = "finance", "Finance officer"
    ANALYST = "analyst", "Analyst"
    HEADTEACHER = "headteacher", "Headteacher"
    ATTENDANCE_LEAD = "attendance_lead", "School attendance lead"
    SENCO = "senco", "SENCO"
    TRUST = "trust", "Trust user"
    PARTNER = "partner", "Partner agency"
    # A parent, or a young person following their own case (the SEND Code's "young person").
    PARENT = "parent", "Parent or young person"


# Council staff sign in with a second factor whenever FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR is on.
COUNCIL_ROLES = frozenset(
    {
        Role.LA_ADMIN,
        Role.ATTENDANCE_OFFICER,
        Role.FRONT_DOOR,
        Role.EARLY_HELP,
        Role.SOCIAL_WORKER,
        Role.SEND_CASEWORKER,
        Role.VIRTUAL_SCHOOL,
        Role.FINANCE,
        Role.ANALYST,
    }
)
SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.ATTENDANCE_LEAD, Role.SENCO})
# Roles whose reach is a set of districts (or the whole county when the user is county-wide).
DISTRICT_ROLES = frozenset(
    {Role.ATTENDANCE_OFFICER, Role.EARLY_HELP, Role.SOCIAL_WORKER, Role.SEND_CASEWORKER}
)


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education (non-school)"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector"
