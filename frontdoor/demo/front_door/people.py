"""The people of the demo's Front Door who do not sign in: referrers (a school's designated
safeguarding lead, police officers, health visitors…), and Early Help and social work
practitioners. Each is a `StaffRecord`, made the first time they are needed, with a made-up
name; their usernames start with `users.STAFF_PREFIX`."""

import random

from frontdoor.core.roles import Agency, Role
from frontdoor.demo import calibration as cal
from frontdoor.demo import names
from frontdoor.demo.front_door import texts
from frontdoor.demo.front_door.draw import pick
from frontdoor.demo.front_door.records import StaffRecord
from frontdoor.demo.generator import County
from frontdoor.demo.users import DEMO_USERS, EMAIL_DOMAIN, STAFF_PREFIX

# Partner referrers by census source: (username part, agency).
PARTNERS = {
    "2B": ("education", Agency.EDUCATION),
    "3A": ("health-visitor", Agency.HEALTH),
    "3B": ("gp", Agency.HEALTH),
    "3C": ("health", Agency.HEALTH),
    "4": ("housing", Agency.HOUSING),
    "6": ("police", Agency.POLICE),
    "7": ("probation", Agency.PROBATION),
    "8": ("voluntary", Agency.VOLUNTARY),
}
PARTNERS_PER_DISTRICT = 3  # at scale 1, for each source (ASSUMPTION)
TEAM_PARTS = {"social_work_team": "sw", "early_help_unit": "eh"}
TEAM_TITLES = {
    "social_work_team": ("Social worker", "Senior social worker"),
    "early_help_unit": ("Early Help practitioner", "Family support practitioner"),
}
TEAM_ROLES = {"social_work_team": Role.SOCIAL_WORKER, "early_help_unit": Role.EARLY_HELP}
# The demo sign-ins who work cases in their district's team, first in its pool.
SIGN_IN_WORKERS = {
    ("social_work_team", "Thanet"): "social.worker",
    ("early_help_unit", "Thanet"): "earlyhelp.practitioner",
}
SIGN_INS = {spec.username: spec for spec in DEMO_USERS}


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def a_name(rng: random.Random, woman: float = 0.7) -> tuple[str, str]:
    """A made-up (given name, surname): a woman's with chance `woman` (most of the county's
    practitioners and referrers are women)."""
    first = pick(rng, names.GIRLS if rng.random() < woman else names.BOYS)
    return first, pick(rng, names.SURNAMES)


def landline(rng: random.Random) -> str:
    return f"01632 960{int(rng.random() * 1000):03d}"


def mobile(rng: random.Random) -> str:
    return f"07700 900{int(rng.random() * 1000):03d}"


def email(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"


class People:
    """Everyone made so far, by username (in the order they were made)."""

    def __init__(self, county: County, rng: random.Random, factor: float):
        self.county = county
        self.rng = rng
        self.factor = factor
        self.staff: dict[str, StaffRecord] = {}

    def _add(self, username: str, role: str, title: str, **scope) -> StaffRecord:
        found = self.staff.get(username)
        if found is None:
            first, last = a_name(self.rng)
            found = StaffRecord(username, role, first, last, title, **scope)
            self.staff[username] = found
        return found

    def school_referrer(self, school: int) -> StaffRecord:
        record = self.county.schools[school]
        titles, _ = texts.REFERRERS["2A"]
        return self._add(
            f"{STAFF_PREFIX}school.{record.urn}",
            Role.HEADTEACHER,
            titles[record.urn % len(titles)],
            schools=(school,),
        )

    def partner(self, source: str, district: int) -> StaffRecord:
        part, agency = PARTNERS[source]
        titles, _ = texts.REFERRERS[source]
        size = max(1, round(PARTNERS_PER_DISTRICT * self.factor))
        number = int(self.rng.random() * size) + 1
        return self._add(
            f"{STAFF_PREFIX}{part}.{slug(cal.DISTRICTS[district].name)}.{number}",
            Role.PARTNER,
            pick(self.rng, titles),
            agency=agency,
        )

    def workers(self, team: str, district: int, count: int) -> list[str]:
        """The usernames of a team's `count` practitioners in the district."""
        name = cal.DISTRICTS[district].name
        pool = [SIGN_IN_WORKERS[team, name]] if (team, name) in SIGN_IN_WORKERS else []
        titles = TEAM_TITLES[team]
        for number in range(1, count - len(pool) + 1):
            record = self._add(
                f"{STAFF_PREFIX}{TEAM_PARTS[team]}.{slug(name)}.{number:02d}",
                TEAM_ROLES[team],
                f"{titles[number % 4 == 0]}, {name}",
                districts=(district,),
            )
            pool.append(record.username)
        return pool

    def early_help_manager(self, district: int) -> str:
        name = cal.DISTRICTS[district].name
        return self._add(
            f"{STAFF_PREFIX}eh-manager.{slug(name)}",
            Role.EARLY_HELP,
            f"Early Help manager, {name}",
            districts=(district,),
            is_manager=True,
        ).username

    def full_name(self, username: str) -> str:
        person = self.staff.get(username) or SIGN_INS[username]
        return f"{person.first_name} {person.last_name}"

    def job_title(self, username: str) -> str:
        person = self.staff.get(username) or SIGN_INS[username]
        return person.job_title
