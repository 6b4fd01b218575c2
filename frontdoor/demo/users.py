"""The demo sign-ins: one user per role (and a Front Door manager, who signs off decisions),
scoped to the demo county, and their password; and the county's other practitioners and
referrers, who do not sign in (`demo_staff_save`).

The password is FRONTDOOR_DEMO_PASSWORD when that is set (it must pass the password policy),
otherwise one generated once (three random words and two digits, from `secrets`) and kept in
VAR_DIR/demo-password (mode 0600) so that it stays the same from one load to the next. It is
never logged: only `frontdoor demo_signins` prints it, to the terminal that asks."""

import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from frontdoor.core import audit
from frontdoor.core.models import User
from frontdoor.core.roles import Agency, Role
from frontdoor.core.services import user_create
from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.schools.models import Trust

PASSWORD_ENV = "FRONTDOOR_DEMO_PASSWORD"  # noqa: S105 (the variable's name, not a password)
PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name)
EMAIL_DOMAIN = "demo.frontdoor.invalid"  # .invalid never resolves: no mail can go anywhere
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class DemoPasswordError(Exception):
    pass


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    job_title: str
    # One of: "" (none needed), "county" (county-wide), "districts", "school_a", "school_b",
    # "trust" (school B's trust), "agency".
    scope: str = ""
    districts: tuple[str, ...] = ()
    agency: str = ""
    manager: bool = False  # signs off their team's decisions


EAST = tuple(d.name for d in cal.DISTRICTS if d.area == "East")

DEMO_USERS = (
    DemoUser("la.admin", Role.LA_ADMIN, "Morag", "Ellingham", "Systems administrator"),
    DemoUser(
        "attendance.officer",
        Role.ATTENDANCE_OFFICER,
        "Samira",
        "Hollis",
        "School Liaison Officer, Thanet and Dover",
        "districts",
        ("Thanet", "Dover"),
    ),
    DemoUser(
        "attendance.manager",
        Role.ATTENDANCE_OFFICER,
        "Gareth",
        "Penfold",
        "Attendance Service manager",
        "county",
    ),
    DemoUser(
        "frontdoor.officer", Role.FRONT_DOOR, "Nadia", "Fairbrother", "Front Door practitioner"
    ),
    DemoUser(
        "frontdoor.manager",
        Role.FRONT_DOOR,
        "Helen",
        "Oduya",
        "Front Door team manager",
        manager=True,
    ),
    DemoUser(
        "earlyhelp.practitioner",
        Role.EARLY_HELP,
        "Callum",
        "Redfern",
        "Early Help practitioner, Thanet",
        "districts",
        ("Thanet",),
    ),
    DemoUser(
        "social.worker",
        Role.SOCIAL_WORKER,
        "Daniel",
        "Ashworth",
        "Social worker, Thanet",
        "districts",
        ("Thanet",),
    ),
    DemoUser(
        "send.officer",
        Role.SEND_CASEWORKER,
        "Harriet",
        "Mensah",
        "SEN casework officer, East Kent",
        "districts",
        EAST,
    ),
    DemoUser("virtual.school", Role.VIRTUAL_SCHOOL, "Tom", "Ashdown", "Virtual School officer"),
    DemoUser("finance.officer", Role.FINANCE, "Priya", "Marchant", "Schools finance officer"),
    DemoUser("analyst", Role.ANALYST, "Owen", "Castell", "Education data analyst"),
    DemoUser("head.a", Role.HEADTEACHER, "Fiona", "Harker", "Headteacher", "school_a"),
    DemoUser("head.b", Role.HEADTEACHER, "Martin", "Greaves", "Headteacher", "school_b"),
    DemoUser(
        "attendance.lead", Role.ATTENDANCE_LEAD, "Leanne", "Wickham", "Attendance lead", "school_a"
    ),
    DemoUser("senco", Role.SENCO, "Joanna", "Pryce", "SENCO", "school_a"),
    DemoUser("trust.user", Role.TRUST, "Alistair", "Brennan", "Director of education", "trust"),
    DemoUser(
        "partner.police",
        Role.PARTNER,
        "Kelly",
        "Marsden",
        "Police schools liaison officer",
        "agency",
        agency=Agency.POLICE,
    ),
    DemoUser(
        "partner.health",
        Role.PARTNER,
        "Ruth",
        "Okoye",
        "School nurse, 0 to 19 service",
        "agency",
        agency=Agency.HEALTH,
    ),
    # Follows two children's EHC cases, linked once the SEND casework exists (demo_parent_link).
    DemoUser("parent.demo", Role.PARENT, "Claire", "Whitfield", "Parent"),
)
PARENT_USERNAME = "parent.demo"
DEMO_USERNAMES = tuple(spec.username for spec in DEMO_USERS)
# The practitioners and referrers of the demo's Front Door year (frontdoor.demo.front_door).
STAFF_PREFIX = "staff."


# --- the password ------------------------------------------------------------------------------


def password_file() -> Path:
    return Path(settings.VAR_DIR) / PASSWORD_FILE


def _stub(spec: DemoUser) -> User:
    return User(
        username=spec.username,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=f"{spec.username}@{EMAIL_DOMAIN}",
        role=spec.role,
    )


def password_problems(password: str) -> list[str]:
    """What the password policy says about `password` for any demo user ([] when it passes)."""
    problems: list[str] = []
    for spec in DEMO_USERS:
        try:
            validate_password(password, _stub(spec))
        except ValidationError as error:
            problems.extend(m for m in error.messages if m not in problems)
    return problems


def generate_password() -> str:
    while True:
        words = [secrets.choice(names.PASSWORD_WORDS) for _ in range(3)]
        password = "-".join(words) + f"-{secrets.randbelow(90) + 10}"
        if not password_problems(password):
            return password


def demo_password(*, create: bool = True) -> tuple[str, str]:
    """(password, where it came from). Raises DemoPasswordError, with what to do, when the
    password set in the environment or kept in the file fails the policy."""
    from_environment = os.environ.get(PASSWORD_ENV)
    if from_environment:
        problems = password_problems(from_environment)
        if problems:
            raise DemoPasswordError(
                f"{PASSWORD_ENV} does not meet the password policy: {' '.join(problems)} "
                f"Choose a longer password (three or more random words work well), or unset "
                f"{PASSWORD_ENV} to have one generated."
            )
        return from_environment, PASSWORD_ENV
    path = password_file()
    if path.exists():
        password = path.read_text().strip()
        problems = password_problems(password)
        if problems:
            raise DemoPasswordError(
                f"The demo password kept in {path} does not meet the password policy: "
                f"{' '.join(problems)} Delete the file to have a new one generated."
            )
        return password, str(path)
    if not create:
        raise DemoPasswordError("There is no demo password yet: run `frontdoor demo` first.")
    password = generate_password()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    path.chmod(0o600)
    return password, str(path)


# --- the users ---------------------------------------------------------------------------------


def demo_users_unscope() -> None:
    """Detach existing demo users from the county about to be deleted (a user's trust is
    protected from deletion)."""
    for user in User.objects.filter(username__in=DEMO_USERNAMES):
        user.schools.clear()
        user.districts.clear()
        user.children.clear()
        if user.trust_id is not None:
            user.trust = None
            user.save(update_fields=["trust"])


@transaction.atomic
def demo_users_save(
    *,
    county,
    school_ids: dict[int, int],
    trust_ids: dict[int, int],
    district_ids: dict[int, int],
    password: str,
    progress: Callable[[str, int, int], None],
) -> list[User]:
    """Create the demo users (through `user_create`, which checks the password policy and
    audits), or bring existing ones up to date with this county, the role and the password."""
    by_name = {d.name: district_ids[i] for i, d in enumerate(cal.DISTRICTS)}
    existing = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    saved = []
    for number, spec in enumerate(DEMO_USERS, start=1):
        scope = {
            "county_wide": spec.scope == "county",
            "districts": [by_name[name] for name in spec.districts],
            "schools": {
                "school_a": [school_ids[county.school_a]],
                "school_b": [school_ids[county.school_b]],
            }.get(spec.scope, []),
            "trust_id": trust_ids[county.trust_of_b] if spec.scope == "trust" else None,
            "agency": spec.agency,
        }
        user = existing.get(spec.username)
        if user is None:
            user = _create(spec, scope, password)
        else:
            _update(user, spec, scope, password)
        saved.append(user)
        progress("users", number, len(DEMO_USERS))
    return saved


def _create(spec: DemoUser, scope: dict, password: str) -> User:
    user = user_create(
        username=spec.username,
        role=spec.role,
        password=password,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=f"{spec.username}@{EMAIL_DOMAIN}",
        job_title=spec.job_title,
        county_wide=scope["county_wide"],
        districts=scope["districts"],
        schools=scope["schools"],
        trust=Trust.objects.get(pk=scope["trust_id"]) if scope["trust_id"] else None,
        agency=scope["agency"],
    )
    if spec.manager:
        user.is_manager = True
        user.save(update_fields=["is_manager"])
    return user


def _update(user: User, spec: DemoUser, scope: dict, password: str) -> None:
    user.role = spec.role
    user.first_name, user.last_name = spec.first_name, spec.last_name
    user.email = f"{spec.username}@{EMAIL_DOMAIN}"
    user.job_title = spec.job_title
    user.county_wide = scope["county_wide"]
    user.trust_id = scope["trust_id"]
    user.agency = scope["agency"]
    user.is_manager = spec.manager
    user.is_staff = spec.role == Role.LA_ADMIN
    user.is_active = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    user.districts.set(scope["districts"])
    user.schools.set(scope["schools"])
    audit.record(None, "user.update", user, detail={"role": str(spec.role)}, username="demo")


@transaction.atomic
def demo_parent_link() -> list[int]:
    """Link the demo parent to two children in the demo SEND officer's area: one whose EHC
    needs assessment is waiting for its first decision (so that the officer can record one
    and the parent see it), and one with a plan in force. Runs after the SEND casework and
    plans are saved; returns the children's ids (none when the county has no such cases)."""
    from frontdoor.send.models import EhcRequest, Stage
    from frontdoor.send.models_plans import EhcPlan, PlanVersion

    parent = User.objects.filter(username=PARENT_USERNAME, role=Role.PARENT).first()
    officer = User.objects.filter(username="send.officer", role=Role.SEND_CASEWORKER).first()
    if parent is None or officer is None:
        return []
    area = officer.districts.values("pk")
    # A child with no other request or plan: the family's page then tells one clear story.
    waiting = (
        EhcRequest.objects.filter(district__in=area, caseworker=officer, stage=Stage.RECEIVED)
        .annotate(
            requests=Count("pupil__ehc_requests", distinct=True),
            plans=Count("pupil__ehc_plans", distinct=True),
        )
        .filter(requests=1, plans=0)
        .order_by("received_on", "pk")
        .values_list("pupil_id", flat=True)
        .first()
    )
    with_plan = (
        EhcPlan.objects.filter(
            district__in=area,
            issued_on__isnull=False,
            ceased_on__isnull=True,
            versions__status=PlanVersion.Status.FINAL,
        )
        .exclude(pupil_id=waiting)
        .order_by("pk")
        .values_list("pupil_id", flat=True)
        .first()
    )
    children = [pupil for pupil in (waiting, with_plan) if pupil is not None]
    parent.children.set(children)
    return children


# --- reading them back -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    username: str
    role: str
    scope: str
    job_title: str


def demo_signins() -> list[SignIn]:
    """The demo users that exist, in the order of DEMO_USERS, with their scope in words."""
    users = (
        User.objects.filter(username__in=DEMO_USERNAMES)
        .select_related("trust")
        .prefetch_related("districts", "schools", "children")
    )
    found = {user.username: user for user in users}
    return [
        SignIn(
            username=user.username,
            role=user.get_role_display(),
            scope=_scope_words(user),
            job_title=user.job_title,
        )
        for user in (found.get(name) for name in DEMO_USERNAMES)
        if user is not None
    ]


def _scope_words(user: User) -> str:
    parts: list[str] = []
    if user.county_wide:
        parts.append("County-wide")
    parts.extend(_joined(d.name for d in user.districts.all()))
    parts.extend(_joined(s.name for s in user.schools.all()))
    if user.trust is not None:
        parts.append(user.trust.name)
    if user.agency:
        parts.append(user.get_agency_display())
    if user.role == Role.PARENT:
        followed = len(user.children.all())
        return f"Follows the EHC cases of {followed} child{'ren' if followed != 1 else ''}"
    return "; ".join(parts) or "County"


def _joined(words: Iterable[str]) -> list[str]:
    words = sorted(words)
    return [", ".join(words)] if words else []


# --- the county's other staff ------------------------------------------------------------------


def demo_staff():
    """The demo's practitioners and referrers who do not sign in."""
    return User.objects.filter(
        username__startswith=STAFF_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}"
    )


@transaction.atomic
def demo_staff_save(
    *, staff, district_ids: dict[int, int], school_ids: dict[int, int]
) -> dict[str, int]:
    """Create the Front Door year's practitioners and referrers (`front_door.records.
    StaffRecord`s, with the county's district and school indices), in bulk; their ids by
    username. They are not sign-ins: each has an unusable password, so no password is hashed
    for them and none can be guessed. One audit event records them all."""
    users = []
    for record in staff:
        user = User(
            username=record.username,
            role=record.role,
            first_name=record.first_name,
            last_name=record.last_name,
            email=f"{record.username}@{EMAIL_DOMAIN}",
            job_title=record.job_title,
            agency=record.agency,
            is_manager=record.is_manager,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    districts, schools = User.districts.through, User.schools.through
    districts.objects.bulk_create(
        [
            districts(user_id=user.pk, district_id=district_ids[district])
            for user, record in zip(users, staff, strict=True)
            for district in record.districts
        ],
        batch_size=5000,
    )
    schools.objects.bulk_create(
        [
            schools(user_id=user.pk, establishment_id=school_ids[school])
            for user, record in zip(users, staff, strict=True)
            for school in record.schools
        ],
        batch_size=5000,
    )
    audit.record(None, "demo.staff_create", detail={"users": len(users)}, username="demo")
    return {user.username: user.pk for user in users}


def demo_staff_delete() -> int:
    """Delete the demo's practitioners and referrers (once nothing they did is left)."""
    return demo_staff().delete()[1].get(User._meta.label, 0)
