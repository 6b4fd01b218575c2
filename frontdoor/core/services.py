"""Writes to users and roles. Every function: keyword arguments, one transaction, audited."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from frontdoor.core import audit
from frontdoor.core.models import User
from frontdoor.core.roles import Agency, Role


@transaction.atomic
def user_create(
    *,
    username: str,
    role: Role,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    county_wide: bool = False,
    districts: Iterable = (),
    schools: Iterable = (),
    trust=None,
    agency: Agency | str = "",
    by: User | None = None,
) -> User:
    """Create a user with a role and scope. The password must pass the password policy."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        county_wide=county_wide,
        trust=trust,
        agency=agency,
        is_staff=role == Role.LA_ADMIN,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.districts.set(districts)
    user.schools.set(schools)
    audit.record(by, "user.create", user, detail={"role": str(role)}, username="system")
    return user
