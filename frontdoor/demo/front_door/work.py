"""The work the year's decisions start, and the District Conversations.

Cases: one for each child of a request signed off to an Early Help unit or a Social Work Team,
opened on the day of the sign-off and allocated within a few working days to the practitioner
of the district's team with the fewest open cases then, the team sized so that caseloads on the
as-at date are about calibration.CASELOAD. A social work case's assessment, its outcome and how
long the child stays in need follow LAIT's Kent figures; an Early Help case closes after some
months.

District Conversations: some referrers signposted to one take it up (a conversation following a
referral); the rest come straight to the district, as many as make 38% of each month's follow a
referral (KAH2018)."""

import heapq
import random
from collections import defaultdict
from datetime import date, timedelta

from frontdoor.core.calendar import academic_year_of
from frontdoor.demo import calibration as cal
from frontdoor.demo.front_door import texts
from frontdoor.demo.front_door.days import WorkingDays, at, day_of, season, term_day_rate
from frontdoor.demo.front_door.draw import Table, between, pick, whole
from frontdoor.demo.front_door.people import People, a_name, email
from frontdoor.demo.front_door.records import CaseRecord, ConversationRecord, RequestRecord
from frontdoor.demo.front_door.requests import PENDING
from frontdoor.demo.generator import County
from frontdoor.support.levels import Route
from frontdoor.support.models_cases import AssessmentOutcome, CaseClosure, Team
from frontdoor.support.models_conversations import ConversationOutcome

MONTH = 30.44  # days
CLOSED_AT_ASSESSMENT = (AssessmentOutcome.NOT_IN_NEED, AssessmentOutcome.EARLY_HELP)
IN_NEED_CLOSURES = {  # ASSUMPTION: how children in need and on plans stop needing social work
    CaseClosure.NEEDS_MET: 0.72,
    CaseClosure.STEPPED_DOWN: 0.16,
    CaseClosure.MOVED_AWAY: 0.06,
    CaseClosure.TRANSFERRED: 0.06,
}

ASSESSMENT_OUTCOMES = Table(cal.ASSESSMENT_OUTCOMES)
IN_NEED_CLOSURE = Table(IN_NEED_CLOSURES)
EARLY_HELP_CLOSURE = Table(cal.EARLY_HELP_CLOSURES)
# Of children found in need or given a plan, the shares staying longer than three months.
_IN_NEED = 1 - sum(cal.ASSESSMENT_OUTCOMES[outcome] for outcome in CLOSED_AT_ASSESSMENT)
IN_NEED_LONGER = {band: share / _IN_NEED for band, share in cal.CIN_DURATION_MONTHS.items()}


def _months(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=round(rng.uniform(low, high) * MONTH))


class Work:
    def __init__(self, county: County, days: WorkingDays, people: People):
        self.county = county
        self.days = days
        self.people = people
        self.as_at = county.as_at
        self.rng = random.Random(f"{county.seed}/front-door/work")

    # --- cases ----------------------------------------------------------------------------------

    def cases(self, requests: list[RequestRecord]) -> list[CaseRecord]:
        cases = []
        for request in requests:
            decision = request.decision
            if decision is None or decision.signed_off_at is None:
                continue
            if decision.route not in (Team.SOCIAL_WORK_TEAM, Team.EARLY_HELP_UNIT):
                continue
            for position in range(len(request.children)):
                case = CaseRecord(
                    request=request.number,
                    child=position,
                    team=decision.route,
                    district=decision.district,
                    opened_on=day_of(decision.signed_off_at),
                )
                if case.team == Team.SOCIAL_WORK_TEAM:
                    self._assess(case)
                else:
                    self._early_help(case)
                cases.append(case)
        return cases

    def _by(self, day: date | None) -> date | None:
        """`day` if it has come by the as-at date (the day before it), else None."""
        return day if day is not None and day < self.as_at else None

    def _assess(self, case: CaseRecord) -> None:
        rng = self.rng
        if rng.random() < cal.ASSESSED_IN_TIME:
            taken = round(rng.triangular(8, 45, 36))
        else:
            taken = between(rng, 46, 75)
        completed = self._by(self.days.after(case.opened_on, taken))
        if completed is None:
            return
        case.assessment_completed_on = completed
        case.assessment_outcome = outcome = ASSESSMENT_OUTCOMES.draw(rng)
        if outcome == AssessmentOutcome.NOT_IN_NEED:
            case.closed_on, case.closure_reason = completed, CaseClosure.NOT_IN_NEED
            return
        if outcome == AssessmentOutcome.EARLY_HELP:
            closed = self.days.after(completed, between(rng, 0, 5))
            case.closed_on, case.closure_reason = self._by(closed), CaseClosure.STEPPED_DOWN
            if case.closed_on is None:
                case.closure_reason = ""
            return
        closed = case.opened_on + self._in_need_for(completed - case.opened_on)
        case.closed_on = self._by(self.days.after(closed, 0))
        if case.closed_on is not None:
            case.closure_reason = IN_NEED_CLOSURE.draw(rng)

    def _in_need_for(self, assessing: timedelta) -> timedelta:
        """How long a child in need (or on a plan) stays open, from the referral: LAIT's
        CINCease bands, less the children who closed at their assessment (at least ten days
        after it)."""
        rng = self.rng
        draw = rng.random() - (1 - sum(IN_NEED_LONGER.values()))
        if draw < 0:  # under three months
            return max(assessing + timedelta(days=10), _months(rng, 0, 3))
        for (low, high), share in IN_NEED_LONGER.items():
            if draw < share:
                return max(assessing + timedelta(days=10), _months(rng, low, high))
            draw -= share
        return _months(rng, 24, 48)

    def _early_help(self, case: CaseRecord) -> None:
        low, high, usual = cal.EARLY_HELP_MONTHS
        closed = case.opened_on + timedelta(
            days=round(self.rng.triangular(low, high, usual) * MONTH)
        )
        case.closed_on = self._by(self.days.after(closed, 0))
        if case.closed_on is not None:
            case.closure_reason = EARLY_HELP_CLOSURE.draw(self.rng)

    # --- the teams ------------------------------------------------------------------------------

    def staff_teams(self, cases: list[CaseRecord]) -> dict[tuple[str, int], list[str]]:
        """Each district's two teams, sized to their open cases on the as-at date, and their
        cases allocated to them."""
        rng = self.rng
        by_team: dict[tuple[str, int], list[CaseRecord]] = defaultdict(list)
        for case in cases:
            allocated = self.days.after(
                case.opened_on, between(rng, 0, cal.ALLOCATED_WITHIN_WORKING_DAYS[case.team])
            )
            case.allocated_on = self._by(allocated)
            if case.allocated_on is not None:
                by_team[case.team, case.district].append(case)
        teams = {}
        for team in (Team.SOCIAL_WORK_TEAM, Team.EARLY_HELP_UNIT):
            for district in range(len(cal.DISTRICTS)):
                allocated = by_team[team, district]
                still_open = sum(case.closed_on is None for case in allocated)
                size = max(1, round(still_open / cal.CASELOAD))
                teams[team, district] = self.people.workers(team, district, size)
                self._allocate(allocated, teams[team, district])
        return teams

    @staticmethod
    def _allocate(cases: list[CaseRecord], workers: list[str]) -> None:
        """Each case to the worker with the fewest open cases on the day it is allocated."""
        load = [0] * len(workers)
        closing: list[tuple[date, int]] = []
        for case in sorted(cases, key=lambda c: (c.allocated_on, c.request, c.child)):
            while closing and closing[0][0] <= case.allocated_on:
                load[heapq.heappop(closing)[1]] -= 1
            chosen = min(range(len(workers)), key=lambda n: (load[n], n))
            case.worker = workers[chosen]
            load[chosen] += 1
            if case.closed_on is not None:
                heapq.heappush(closing, (case.closed_on, chosen))

    def referrers(self, requests: list[RequestRecord], teams) -> None:
        """Requests from the council's own teams: made by one of the district's practitioners."""
        for request in requests:
            if not request.created_by.startswith(PENDING):
                continue
            team, district = request.created_by[len(PENDING) :].split(":")
            username = pick(self.rng, teams[team, int(district)])
            request.created_by = username
            request.referrer_name = self.people.full_name(username)
            request.referrer_role = self.people.job_title(username)
            request.referrer_organisation = texts.TEAM_ORGANISATIONS[team]
            request.referrer_email = email(username)

    # --- District Conversations ----------------------------------------------------------------

    def conversations(self, requests: list[RequestRecord], first_day: date, teams):
        rng = random.Random(f"{self.county.seed}/front-door/conversations")
        rate = term_day_rate(cal.KENT_REQUESTS_2018, cal.KENT_REQUESTS_2018_DAYS)
        talks = term_day_rate(
            cal.KENT_CONVERSATIONS_OCTOBER_2018, cal.KENT_CONVERSATIONS_OCTOBER_2018_DAYS
        )
        signposted = sum(
            share
            for (_, route), share in cal.TRIAGE_MIX.items()
            if route == Route.DISTRICT_CONVERSATION
        )
        take_up = cal.CONVERSATIONS_FOLLOWING_REFERRAL * talks / (rate * signposted)
        managers = {d: self.people.early_help_manager(d) for d in range(len(cal.DISTRICTS))}
        found: list[ConversationRecord] = []
        for request in requests:
            decision = request.decision
            if decision is None or decision.route != Route.DISTRICT_CONVERSATION:
                continue
            if decision.signed_off_at is None or rng.random() >= take_up:
                continue
            asked = self._by(self.days.after(day_of(decision.signed_off_at), between(rng, 0, 5)))
            if asked is None:
                continue
            child = self.county.pupils[request.children[0].pupil]
            found.append(
                ConversationRecord(
                    district=decision.district,
                    asked_on=asked,
                    asked_by_name=request.referrer_name,
                    asked_by_role=request.referrer_role,
                    asked_by_organisation=request.referrer_organisation or "Family member",
                    about=pick(rng, texts.CONVERSATION_ABOUT).format(
                        year=self._year_label(child.nc_year, asked)
                    ),
                    followed_referral=True,
                    request=request.number,
                    recorded_by="",
                    created_at=at(asked, between(rng, 540, 1020)),
                )
            )
        found += self._direct(rng, found, first_day)
        for conversation in found:
            self._reply(rng, conversation, managers, teams)
        found.sort(key=lambda c: (c.asked_on, c.created_at))
        return found

    def _direct(self, rng, following: list[ConversationRecord], first_day: date):
        """Conversations asked for straight from the district: each month, enough to make the
        month's conversations following a referral 38% of them (give or take a few)."""
        per_month: dict[date, int] = defaultdict(int)
        for conversation in following:
            per_month[conversation.asked_on.replace(day=1)] += 1
        share = cal.CONVERSATIONS_FOLLOWING_REFERRAL
        weights = [
            sum(s.number_on_roll for s in self.county.schools if s.district == d)
            for d in range(len(cal.DISTRICTS))
        ]
        schools_in = defaultdict(list)
        for school in self.county.schools:
            schools_in[school.district].append(school.name)
        found = []
        for month, count in sorted(per_month.items()):
            days = self.days.between(max(month, first_day), _month_end(month))
            days = [day for day in days if day < self.as_at]
            wanted = whole(rng, count * (1 - share) / share * rng.uniform(0.93, 1.07))
            busy = [season(day) for day in days]
            for _ in range(wanted if days else 0):
                day = rng.choices(days, busy)[0]
                district = rng.choices(range(len(cal.DISTRICTS)), weights)[0]
                titles, organisation = weighted_asker(rng)
                first, last = a_name(rng)
                found.append(
                    ConversationRecord(
                        district=district,
                        asked_on=day,
                        asked_by_name=f"{first} {last}",
                        asked_by_role=pick(rng, titles),
                        asked_by_organisation=organisation or pick(rng, schools_in[district]),
                        about=pick(rng, texts.CONVERSATION_ABOUT).format(
                            year=self._year_label(between(rng, 0, 11), self.as_at)
                        ),
                        followed_referral=False,
                        recorded_by="",
                        created_at=at(day, between(rng, 540, 1020)),
                    )
                )
        return found

    def _reply(self, rng, conversation: ConversationRecord, managers, teams) -> None:
        manager = managers[conversation.district]
        team = teams[Team.EARLY_HELP_UNIT, conversation.district]
        conversation.recorded_by = manager if rng.random() < 0.5 else pick(rng, team)
        if rng.random() < cal.CONVERSATION_REPLIED_IN_TIME:
            wait = rng.choices((0, 1, 2), (0.25, 0.45, 0.3))[0]
        else:
            wait = between(rng, 3, 6)
        replied = self._by(self.days.after(conversation.asked_on, wait))
        if replied is None:
            return
        outcome = OUTCOMES.draw(rng)
        conversation.replied_on, conversation.replied_by = replied, manager
        conversation.outcome = outcome
        conversation.advice = pick(rng, texts.ADVICE[outcome])

    def _year_label(self, nc_year_now: int, day: date) -> str:
        year = max(0, nc_year_now - (academic_year_of(self.as_at) - academic_year_of(day)))
        return "Reception" if year == 0 else f"Year {year}"


OUTCOMES = Table(
    cal.CONVERSATION_OUTCOMES
    | {ConversationOutcome.OTHER: 1 - sum(cal.CONVERSATION_OUTCOMES.values())}
)


def weighted_asker(rng: random.Random) -> tuple[tuple[str, ...], str]:
    shares = [share for share, _, _ in texts.CONVERSATION_ASKERS]
    _, titles, organisation = rng.choices(texts.CONVERSATION_ASKERS, shares)[0]
    return titles, organisation


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)
