"""The year's Requests for Support: how many each working day, about which household, from
whom, saying what, and what the Front Door decided and when.

Each request's level and route are drawn first (calibration.TRIAGE_MIX), then its household:
a household referred to a Social Work Team before, for a share of social work referrals
(re-referrals), one seen at a lower level (escalation), any household seen before for a few
other requests, otherwise a new one. Requests received in the last working days before the
as-at date wait in the triage queue; all the others are decided and signed off."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings

from frontdoor.core.calendar import age_on
from frontdoor.core.roles import Agency
from frontdoor.demo import calibration as cal
from frontdoor.demo.front_door import texts
from frontdoor.demo.front_door.days import WorkingDays, at, day_of, season, term_day_rate
from frontdoor.demo.front_door.draw import Table, between, pick, whole
from frontdoor.demo.front_door.people import SIGN_INS, People, a_name, email, landline, mobile
from frontdoor.demo.front_door.pupils import Pupils
from frontdoor.demo.front_door.records import (
    ChildRecord,
    DecisionRecord,
    Household,
    RequestRecord,
)
from frontdoor.demo.generator import County
from frontdoor.support import clocks
from frontdoor.support.levels import INDICATORS, Route, SupportLevel
from frontdoor.support.models import Consent, ReferralSource, SupportRequest

TRIAGE = Table(cal.TRIAGE_MIX)
SOURCES = Table(cal.REQUEST_SOURCES)
CHILDREN = Table(cal.CHILDREN_PER_REQUEST)
DECIDER, MANAGER = "frontdoor.officer", "frontdoor.manager"
SCHOOL_A_STAFF = ("head.a", "attendance.lead", "senco")
# The demo's partner sign-ins make about this many of their agency's requests a week.
SIGN_IN_PARTNERS = {"6": "partner.police", "3C": "partner.health"}
SIGN_IN_REQUESTS_A_WEEK = 2
# Referrals from the council's own teams are made by a practitioner of the district's team,
# chosen once the teams are staffed (work.py): the request's created_by holds the team until then.
TEAM_SOURCES = {"5A": "social_work_team", "5D": "early_help_unit"}
PENDING = "?"
REPEAT_GAP_DAYS = 14  # a household's next request comes at least this long after its last
# Drafts of the demo sign-ins, with the source and organisation the form prefills for them
# (support.services.support_request_start); "" is the child's school.
DRAFT_MAKERS = (
    ("partner.police", "6", Agency.POLICE.label),
    ("partner.health", "3C", Agency.HEALTH.label),
    ("head.a", "2A", ""),
    ("attendance.lead", "2A", ""),
    ("earlyhelp.practitioner", "5D", None),  # None: the council's name
    ("partner.police", "6", Agency.POLICE.label),
)
PARENT_WOMEN = {"mother": 1.0, "grandmother": 1.0, "father": 0.0, "stepfather": 0.0}
AGE_LIMITS = {  # indicators that fit only some children: (youngest, oldest, girls only)
    "l3-pre-birth-assessment": (99, 0, False),  # requests here are about pupils, not unborn
    "l3-pregnant-teenager": (13, 18, True),
    "l3-homeless-16-17": (16, 17, False),
    "l2-developmental-milestones": (0, 8, False),
    "l3-developmental-delay": (0, 10, False),
}

# (level of the indicators, fewest, most) chosen for a request at each level.
INDICATOR_PICKS = {
    SupportLevel.SPECIALIST: ((4, 1, 2), (3, 0, 2)),
    SupportLevel.INTENSIVE: ((3, 1, 3), (2, 0, 1)),
    SupportLevel.ADDITIONAL: ((2, 1, 3),),
    SupportLevel.UNIVERSAL: (),
}


@cache
def _fitting(level: int, age: int, girl: bool) -> list[str]:
    found = []
    for indicator in INDICATORS:
        youngest, oldest, girls_only = AGE_LIMITS.get(indicator.code, (0, 99, False))
        if indicator.level == level and youngest <= age <= oldest and (girl or not girls_only):
            found.append(indicator.code)
    return found


@dataclass(slots=True)
class Seen:
    household: Household
    last: date
    social_work: bool


class RequestMaker:
    def __init__(
        self, county: County, days: WorkingDays, people: People, first_day: date, factor: float
    ):
        self.county = county
        self.days = days
        self.people = people
        self.first_day = first_day
        self.as_at = county.as_at
        self.factor = factor
        self.rng = random.Random(f"{county.seed}/front-door/requests")
        self.pupils = Pupils(county, random.Random(f"{county.seed}/front-door/pupils"))
        self.rate = term_day_rate(cal.KENT_REQUESTS_2018, cal.KENT_REQUESTS_2018_DAYS) * factor
        self.households: list[Household] = []
        self.seen: list[Seen] = []
        self.seen_social_work: list[Seen] = []
        self.requests: list[RequestRecord] = []
        self.received: dict[tuple[date, bool], date] = {}
        waiting = days.between(first_day, self.as_at - timedelta(days=1))
        self.queue_from = waiting[-cal.UNDECIDED_WORKING_DAYS] if waiting else self.as_at
        weekly = 5 * self.rate
        self.sign_in_share = {
            source: min(1.0, SIGN_IN_REQUESTS_A_WEEK / (weekly * cal.REQUEST_SOURCES[source]))
            for source in SIGN_IN_PARTNERS
        }

    # --- the year -------------------------------------------------------------------------

    def make(self) -> list[RequestRecord]:
        for day in self.days.between(self.first_day, self.as_at - timedelta(days=1)):
            for _ in range(whole(self.rng, self.rate * season(day))):
                self._request(day)
        self._drafts()
        return self.requests

    def _request(self, day: date) -> None:
        rng = self.rng
        level, route = TRIAGE.draw(rng)
        chosen = self._household(day, route)
        if chosen is None:
            return
        seen, children = chosen
        household = seen.household
        first = self.pupils.records[children[0].pupil]
        school = children[0].school
        district = self.county.schools[school].district
        source = SOURCES.draw(rng)
        submitted, received = self._submitted_at(day)
        request = RequestRecord(
            number=len(self.requests),
            household=household.index,
            children=children,
            status=SupportRequest.Status.SUBMITTED,
            created_at=submitted - timedelta(minutes=between(rng, 8, 90)),
            source=source,
            indicators=self._indicators(level, first, day),
            concerns=pick(rng, texts.CONCERNS[level]),
            tried=pick(rng, texts.TRIED),
            submitted_at=submitted,
            received_on=received,
            **self._consent(level),
            **self._referrer(source, school, district, household),
        )
        for child in children:
            child.upn_given = rng.random() < cal.UPN_GIVEN.get(source, 0.1)
        self._decide(request, level, route, district)
        self.requests.append(request)
        seen.last = day
        if route == Route.SOCIAL_WORK_TEAM and not seen.social_work:
            seen.social_work = True
            self.seen_social_work.append(seen)

    def _household(self, day: date, route: str) -> tuple[Seen, list[ChildRecord]] | None:
        rng = self.rng
        draw = rng.random()
        # (share, households, whether only those never referred to social work)
        if route == Route.SOCIAL_WORK_TEAM:
            pools = [
                (cal.RE_REFERRAL_DRAWN, self.seen_social_work, False),
                (cal.ESCALATION, self.seen, True),
            ]
        else:  # not a referral, so never a re-referral, whoever it is about
            pools = [(cal.REPEAT_OTHER, self.seen, False)]
        for share, pool, escalating in pools:
            if draw < share:
                again = self._again(day, pool, escalating=escalating)
                if again is not None:
                    return again
                break
            draw -= share
        return self._new_household(day)

    def _again(
        self, day: date, pool: list[Seen], *, escalating: bool
    ) -> tuple[Seen, list[ChildRecord]] | None:
        """A household from `pool` not asked about in the last fortnight, with its children
        still on roll somewhere; when `escalating`, one never referred to social work."""
        for _ in range(6 if pool else 0):
            seen = pick(self.rng, pool)
            if (day - seen.last).days < REPEAT_GAP_DAYS or (escalating and seen.social_work):
                continue
            children = [
                ChildRecord(pupil, school, False, False)
                for pupil in seen.household.pupils
                if (school := self.pupils.school_on(pupil, day)) is not None
            ]
            if children:
                return seen, children
        return None

    def _new_household(self, day: date) -> tuple[Seen, list[ChildRecord]] | None:
        rng = self.rng
        first = self.pupils.fresh(day)
        if first is None:
            return None
        wanted = CHILDREN.draw(rng) - 1
        found = [first, *self.pupils.siblings(rng, first[0], day, wanted)]
        found.sort(key=lambda found: self.pupils.records[found[0]].date_of_birth)
        household = self._family([pupil for pupil, _ in found], found[0][1])
        seen = Seen(household, day, False)
        self.households.append(household)
        self.seen.append(seen)
        return seen, [ChildRecord(pupil, school, False, False) for pupil, school in found]

    def _family(self, pupils: list[int], school: int) -> Household:
        rng = self.rng
        first = self.pupils.records[pupils[0]]
        surname = first.last_name
        relations = pick(rng, texts.PARENTS)
        parents = []
        for relation in relations:
            if relation:
                given, other = a_name(rng, PARENT_WOMEN.get(relation.split(",")[0], 0.5))
                family = surname if relation in ("mother", "father") else other
                parents.append((f"{given} {family}", relation))
        words = " and ".join(relation.split(",")[0] for _, relation in parents)
        place = self.county.schools[school]
        outward = place.postcode.split()[0]
        postcode = f"{outward} {between(rng, 1, 9)}{pick(rng, texts.POSTCODE_LETTERS)}"
        postcode += pick(rng, texts.POSTCODE_LETTERS)
        language, interpreter = "English", False
        if first.index in self.pupils.eal:
            language = pick(rng, texts.LANGUAGES.get(first.ethnicity, texts.OTHER_LANGUAGES))
            interpreter = rng.random() < 0.35
        given = parents[0][0].split()[0]
        mail = ""
        if rng.random() < 0.4:
            mail = email(f"{given}.{surname}{between(rng, 1, 99)}".lower().replace("'", ""))
        return Household(
            index=len(self.households),
            pupils=pupils,
            parents="; ".join(f"{name} ({relation})" for name, relation in parents),
            address=f"{between(rng, 1, 140)} {pick(rng, texts.STREETS)}\n{place.town}",
            postcode=postcode,
            household=pick(rng, texts.HOUSEHOLD).format(parents=words.capitalize()),
            language=language,
            interpreter_needed=interpreter,
            family_email=mail,
        )

    # --- what the request says --------------------------------------------------------------

    def _submitted_at(self, day: date) -> tuple[datetime, date]:
        """When a request made on `day` was submitted, and the day it counts as received
        (`clocks.received_on`, asked once for each day and side of 17:00)."""
        rng = self.rng
        after_five = rng.random() < cal.AFTER_FIVE
        if after_five:
            submitted = at(day, between(rng, 17 * 60 + 1, 20 * 60))
        else:
            submitted = at(day, between(rng, 8 * 60, 17 * 60))
        received = self.received.get((day, after_five))
        if received is None:
            received = self.received[day, after_five] = clocks.received_on(submitted)
        return submitted, received

    def _indicators(self, level: int, child, day: date) -> list[str]:
        """Indicators of the Support Level Guidance at `level` (and a few below it) that fit
        the child; none at level 1, which has no indicators."""
        rng = self.rng
        age = age_on(child.date_of_birth, day)
        chosen = []
        for at_level, fewest, most in INDICATOR_PICKS[level]:
            pool = _fitting(at_level, age, child.sex == "F")
            chosen += rng.sample(pool, min(len(pool), between(rng, fewest, most)))
        return chosen

    def _consent(self, level: int) -> dict:
        share = cal.CONSENT_NOT_SOUGHT.get(level, cal.CONSENT_NOT_SOUGHT_OTHERWISE)
        if self.rng.random() < share:
            return {
                "consent": Consent.NOT_SOUGHT,
                "consent_not_sought_reason": pick(self.rng, texts.CONSENT_NOT_SOUGHT),
            }
        return {"consent": Consent.GIVEN, "consent_not_sought_reason": ""}

    def _referrer(self, source: str, school: int, district: int, household: Household) -> dict:
        rng = self.rng
        if source == ReferralSource.SCHOOLS:
            organisation = self.county.schools[school].name
            if school == self.county.school_a:
                return self._sign_in(pick(rng, SCHOOL_A_STAFF), organisation)
            person = self.people.school_referrer(school)
            return self._staff(person.username, organisation)
        if source == ReferralSource.INDIVIDUAL:
            relation = pick(rng, texts.INDIVIDUAL_ROLES)
            if relation == "Parent":
                name = household.parents.split(" (")[0]
            else:
                name = " ".join(a_name(rng))
            return {
                "created_by": DECIDER,  # taken by phone and recorded by the Front Door
                "referrer_name": name,
                "referrer_role": relation,
                "referrer_organisation": "",
                "referrer_phone": mobile(rng),
                "referrer_email": "",
            }
        if source in TEAM_SOURCES:
            return {
                "created_by": f"{PENDING}{TEAM_SOURCES[source]}:{district}",
                "referrer_name": "",
                "referrer_role": "",
                "referrer_organisation": "",
                "referrer_phone": landline(rng),
                "referrer_email": "",
            }
        organisation = texts.REFERRERS[source][1]
        sign_in = SIGN_IN_PARTNERS.get(source)
        if sign_in and rng.random() < self.sign_in_share[source]:
            return self._sign_in(sign_in, organisation)
        return self._staff(self.people.partner(source, district).username, organisation)

    def _sign_in(self, username: str, organisation: str) -> dict:
        spec = SIGN_INS[username]
        return {
            "created_by": username,
            "referrer_name": f"{spec.first_name} {spec.last_name}",
            "referrer_role": spec.job_title,
            "referrer_organisation": organisation,
            "referrer_phone": landline(self.rng),
            "referrer_email": email(username),
        }

    def _staff(self, username: str, organisation: str) -> dict:
        return {
            "created_by": username,
            "referrer_name": self.people.full_name(username),
            "referrer_role": self.people.job_title(username),
            "referrer_organisation": organisation,
            "referrer_phone": landline(self.rng),
            "referrer_email": email(username),
        }

    # --- the Front Door's decision ------------------------------------------------------------

    def _decide(self, request: RequestRecord, level: int, route: str, district: int) -> None:
        rng = self.rng
        received = request.received_on
        last_day = self.days.after(self.as_at - timedelta(days=1), 0)
        if received >= self.queue_from:  # still in the triage queue
            decided_at = self._later(request.submitted_at, received)
            if received < self.as_at and rng.random() < cal.AWAITING_SIGN_OFF:
                request.status = SupportRequest.Status.AWAITING_SIGN_OFF
                request.decision = self._decision(request, level, route, district, decided_at)
            for child in request.children:
                child.matched = request.decision is not None and self._matchable(child)
            request.updated_at = decided_at if request.decision else request.submitted_at
            return
        if rng.random() < cal.DECIDED_WITHIN_A_WORKING_DAY:
            wait = int(rng.random() < 0.55)
        else:
            wait = between(rng, 2, 4)
        decided_on = min(self.days.after(received, wait), last_day)
        decided_at = self._later(request.submitted_at, decided_on)
        if rng.random() < cal.SIGNED_OFF_SAME_DAY or decided_on == last_day:
            signed_off_at = decided_at + timedelta(minutes=between(rng, 10, 120))
        else:
            signed_off_at = at(self.days.after(decided_on, 1), between(rng, 510, 720))
        decision = self._decision(request, level, route, district, decided_at)
        decision.signed_off_by, decision.signed_off_at = MANAGER, signed_off_at
        request.status = SupportRequest.Status.DECIDED
        request.decision = decision
        request.updated_at = signed_off_at
        for child in request.children:
            child.matched = self._matchable(child)

    def _matchable(self, child: ChildRecord) -> bool:
        return bool(self.pupils.matchable[child.pupil])

    def _later(self, submitted: datetime, day: date) -> datetime:
        """A time on `day` in office hours, after `submitted` when that is the same day."""
        if day_of(submitted) == day:
            return submitted + timedelta(minutes=between(self.rng, 20, 180))
        return at(day, between(self.rng, 525, 1050))

    def _decision(
        self, request: RequestRecord, level: int, route: str, district: int, decided_at
    ) -> DecisionRecord:
        return DecisionRecord(
            level=level,
            route=route,
            indicators=list(request.indicators),
            rationale=pick(self.rng, texts.RATIONALE[route]),
            decided_by=DECIDER,
            decided_at=decided_at,
            district=district,
        )

    # --- drafts ---------------------------------------------------------------------------------

    def _drafts(self) -> None:
        rng = self.rng
        recent = self.days.between(self.as_at - timedelta(days=10), self.as_at - timedelta(1))
        for username, source, organisation in DRAFT_MAKERS[: cal.DRAFTS]:
            day = pick(rng, recent) if recent else self.as_at - timedelta(days=1)
            if username in SCHOOL_A_STAFF:
                found = self._pupil_at(self.county.school_a, day)
            else:
                found = self.pupils.fresh(day)
            if found is None:
                continue
            household = self._family([found[0]], found[1])
            self.households.append(household)
            level = pick(rng, (2, 3, 4))
            if organisation == "":
                organisation = self.county.schools[found[1]].name
            elif organisation is None:
                organisation = settings.FRONTDOOR_COUNCIL_NAME
            created = at(day, between(rng, 540, 960))
            request = RequestRecord(
                number=len(self.requests),
                household=household.index,
                children=[ChildRecord(found[0], found[1], True, False)],
                status=SupportRequest.Status.DRAFT,
                created_at=created,
                updated_at=created + timedelta(minutes=between(rng, 2, 40)),
                source=source,
                indicators=self._indicators(level, self.pupils.records[found[0]], day),
                concerns=pick(rng, texts.CONCERNS[level]) if rng.random() < 0.6 else "",
                tried="",
                consent="",
                consent_not_sought_reason="",
                **self._sign_in(username, organisation),
            )
            self.requests.append(request)

    def _pupil_at(self, school: int, day: date) -> tuple[int, int] | None:
        for record in self.pupils.records:
            if (
                record.school == school
                and not self.pupils.used[record.index]
                and self.pupils.school_on(record.index, day) == school
            ):
                self.pupils.used[record.index] = 1
                return record.index, school
        return None
