"""`frontdoor demo` and `frontdoor demo_signins`."""

import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frontdoor.analytics.store import default_store
from frontdoor.core.models import AuditEvent, User
from frontdoor.core.roles import Agency, Role
from frontdoor.demo import selectors
from frontdoor.demo.users import DEMO_USERNAMES, PASSWORD_ENV
from frontdoor.pupils.models import Pupil
from frontdoor.schools.models import Establishment

SMALL = ("--scale", "0.01", "--as-at", "2026-11-22")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    """A VAR_DIR and marks store of the test's own, and no password from the environment."""
    settings.VAR_DIR = tmp_path
    settings.FRONTDOOR_MARKS_STORE = tmp_path / "marks"
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return tmp_path


def names(user) -> set[str]:
    return {district.name for district in user.districts.all()}


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_a_county_and_says_what_it_loaded():
    output = demo(*SMALL, "--seed", "4")
    assert "Loaded the demo county in" in output
    for stage in ("Pupils", "Enrolments", "Characteristics", "Ofsted inspections", "Demo users"):
        assert stage in output
    status = selectors.county_status()
    assert status.establishments > 6 and status.pupils > 1000
    assert f"{status.pupils:,}" in output
    marks = default_store().read()
    assert "Registers" in output and f"{marks.num_rows:,}" in output
    assert set(marks.column("urn").to_pylist()) <= set(
        Establishment.objects.values_list("urn", flat=True)
    )


@pytest.mark.django_db
def test_the_marks_store_holds_the_registers_of_the_county_loaded_and_no_other():
    demo(*SMALL, "--seed", "1")
    first = default_store().read()
    demo(*SMALL, "--seed", "2", "--replace")
    second = default_store().read()
    assert default_store().version == 1 and not first.equals(second)
    Establishment.objects.create(
        urn=118840, laestab="8864003", name="A real school", establishment_type="x", phase="x"
    )
    with pytest.raises(CommandError, match="did not make"):
        demo(*SMALL, "--seed", "3", "--replace")
    assert default_store().read().equals(second)
    Establishment.objects.filter(urn=118840).delete()
    demo(*SMALL, "--seed", "3", "--replace", "--no-registers")
    assert default_store().version == 0


@pytest.mark.django_db
def test_refuses_to_load_twice_and_if_empty_does_nothing():
    demo(*SMALL)
    before = selectors.county_digest()
    with pytest.raises(CommandError, match="--replace"):
        demo(*SMALL, "--seed", "9")
    assert "nothing to do" in demo(*SMALL, "--seed", "9", "--if-empty")
    assert selectors.county_digest() == before


@pytest.mark.django_db
def test_replace_loads_a_new_county_over_the_old_one():
    demo(*SMALL, "--seed", "1")
    before = selectors.county_digest()
    demo(*SMALL, "--seed", "2", "--replace")
    assert selectors.county_digest() != before
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)
    head_a = User.objects.get(username="head.a")
    assert head_a.schools.get().urn in set(Establishment.objects.values_list("urn", flat=True))


@pytest.mark.django_db
def test_replace_will_not_mix_the_demo_with_other_schools():
    Establishment.objects.create(
        urn=118840, laestab="8864003", name="A real school", establishment_type="x", phase="x"
    )
    with pytest.raises(CommandError, match="did not make"):
        demo(*SMALL, "--replace")
    assert Pupil.objects.count() == 0
    assert Establishment.objects.count() == 1


@pytest.mark.django_db
def test_demo_users_have_their_roles_and_scopes():
    demo(*SMALL)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["la.admin"].role == Role.LA_ADMIN and users["la.admin"].is_staff
    assert names(users["attendance.officer"]) == {"Thanet", "Dover"}
    assert not users["attendance.officer"].county_wide
    assert users["attendance.manager"].role == Role.ATTENDANCE_OFFICER
    assert users["attendance.manager"].county_wide
    assert len(names(users["earlyhelp.practitioner"])) == 1
    assert names(users["send.officer"]) == {"Canterbury", "Thanet", "Swale"}

    school_a = users["head.a"].schools.get()
    school_b = users["head.b"].schools.get()
    assert school_a.sector == "primary" and school_b.sector == "secondary"
    assert school_a.district != school_b.district
    for username in ("attendance.lead", "senco"):
        assert users[username].schools.get() == school_a
    trust = users["trust.user"].trust
    assert trust is not None and school_b.trust == trust
    assert users["partner.police"].agency == Agency.POLICE
    assert users["partner.health"].agency == Agency.HEALTH
    assert all(u.first_name and u.last_name and u.job_title for u in users.values())
    # Created through user_create, so audited.
    assert AuditEvent.objects.filter(action="user.create").count() == len(DEMO_USERNAMES)


@pytest.mark.django_db
def test_the_generated_password_is_kept_private_and_reused(var_dir):
    output = demo(*SMALL)
    path = var_dir / "demo-password"
    password = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(password) >= 12
    assert password not in output
    assert User.objects.get(username="senco").check_password(password)
    demo(*SMALL, "--replace")
    assert path.read_text().strip() == password
    assert User.objects.get(username="head.b").check_password(password)


@pytest.mark.django_db
def test_a_password_from_the_environment_is_used(monkeypatch, var_dir):
    monkeypatch.setenv(PASSWORD_ENV, "quiet-marble-orchard-73")
    demo(*SMALL)
    assert User.objects.get(username="analyst").check_password("quiet-marble-orchard-73")
    assert not (var_dir / "demo-password").exists()


@pytest.mark.django_db
def test_a_weak_password_from_the_environment_is_refused_before_anything_loads(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "password")
    with pytest.raises(CommandError) as refused:
        demo(*SMALL)
    message = str(refused.value)
    assert PASSWORD_ENV in message and "password policy" in message
    assert "too short" in message or "too common" in message
    assert selectors.county_status().empty
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_signins_prints_the_table_the_password_and_where_to_sign_in(var_dir):
    demo(*SMALL)
    out = StringIO()
    call_command("demo_signins", stdout=out)
    output = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in output
    head_a = User.objects.get(username="head.a").schools.get()
    assert head_a.name in output
    assert "Dover, Thanet" in output
    assert (var_dir / "demo-password").read_text().strip() in output
    assert "Sign in at http://127.0.0.1:8000/accounts/login/" in output


@pytest.mark.django_db
def test_demo_signins_says_where_the_service_runs(var_dir):
    demo(*SMALL)
    out = StringIO()
    call_command("demo_signins", "--base-url", "http://localhost:8010/", stdout=out)
    assert "Sign in at http://localhost:8010/accounts/login/" in out.getvalue()


@pytest.mark.django_db
def test_demo_signins_before_any_demo_says_what_to_do():
    with pytest.raises(CommandError, match="frontdoor demo"):
        call_command("demo_signins", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--scale", "0"), "--scale"),
        (("--scale", "3"), "--scale"),
        (("--as-at", "22/11/2026"), "YYYY-MM-DD"),
        (("--as-at", "2019-01-01"), "--as-at"),
    ],
)
def test_bad_options_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        demo(*args)
