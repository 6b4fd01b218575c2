"""Characteristics over time: free school meals (now, in the last six years, long ago), SEN
support and EHC plans, EAL, young carers, children's social care, medical conditions.

Each is given to exactly round(rate × pupils) of each group (of the whole county, for social
care and medical conditions), by weighted sampling: the weights carry the differences between
schools (deprivation, SEN) and between pupils (boys and SEN, FSM and social care)."""

import random
from datetime import date, timedelta

from frontdoor.demo import calibration as cal
from frontdoor.demo.generator.dates import day_between, years_after, years_before
from frontdoor.demo.generator.records import PeriodRecord, PupilRecord
from frontdoor.demo.generator.sampling import weighted_sample
from frontdoor.demo.generator.state import CountyState
from frontdoor.pupils.models import Characteristic


def add(county: CountyState) -> None:
    _Characteristics(county).add()


def _sex_factor(sex: str, boy_ratio: float) -> float:
    return boy_ratio if sex == "M" else 1.0


class _Characteristics:
    """One pass over the county's pupils; what is drawn first (FSM now, SEN now) weighs on
    what is drawn after."""

    def __init__(self, county: CountyState):
        self.county = county
        self.as_at = county.as_at
        self.fsm_now: set[int] = set()
        self.sen_now: dict[int, str] = {}
        self.current_admission: dict[tuple[int, int], date] | None = None

    def add(self) -> None:
        rng = self.county.stream("characteristics")
        pupils = self.county.pupils
        groups: dict[str, list[PupilRecord]] = {}
        for pupil in pupils:
            groups.setdefault(pupil.group, []).append(pupil)
        for group, members in groups.items():
            self._fsm(rng, group, members)
            self._sen(rng, group, members)
            self._eal(rng, group, members)
            self._young_carers(rng, group, members)
        self._social_care(rng)
        self._medical(rng)

    def _period(
        self, pupil: PupilRecord, characteristic: str, start: date, end: date | None = None
    ) -> None:
        self.county.periods.append(PeriodRecord(pupil.index, characteristic, start, end))

    def _school_weight(self, pupil: PupilRecord, attribute: str, ap_boost: float) -> float:
        weight = getattr(self.county.schools[pupil.school], attribute)
        if pupil.alternative_provision:
            weight *= ap_boost
        return weight

    def _fsm(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = {
            "special": cal.FSM_SPECIAL,
            "pru": cal.FSM_PRU,
            "health_needs": cal.FSM_PRU,
        }.get(group) or cal.FSM[group]
        ever6 = cal.FSM6.get(group, rate + 0.03)
        weights = [self._school_weight(p, "deprivation", 2.5) for p in members]
        now = weighted_sample(rng, members, weights, round(rate * len(members)))
        fsm = Characteristic.FSM.value
        history: dict[int, list[tuple[date, date | None]]] = {}
        for pupil in now:
            self.fsm_now.add(pupil.index)
            entry = pupil.first_admission
            start = entry
            if rng.random() > cal.FSM_SINCE_ENTRY:
                start = day_between(rng, entry, self.as_at - timedelta(days=7))
            spells = []
            if (start - entry).days > 400 and rng.random() < 0.2:
                earlier_end = day_between(
                    rng, entry + timedelta(days=60), start - timedelta(days=60)
                )
                spells.append(
                    (day_between(rng, entry, earlier_end - timedelta(days=30)), earlier_end)
                )
            spells.append((start, None))
            history[pupil.index] = spells
        # FSM that ended within the last six years (FSM6 but not FSM now).
        six_years_ago = years_before(self.as_at, 6)
        room = self.as_at - timedelta(days=90)
        recent_weights = [
            0 if p.index in history or p.first_admission > room - timedelta(days=60) else w
            for p, w in zip(members, weights, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, recent_weights, round((ever6 - rate) * len(members))
        ):
            earliest_end = max(pupil.first_admission + timedelta(days=60), six_years_ago)
            end = day_between(rng, earliest_end, room)
            start = day_between(rng, pupil.first_admission, end - timedelta(days=30))
            history[pupil.index] = [(start, end)]
        # FSM that ended longer ago (history only).
        old_share = cal.FSM_ENDED_LONG_AGO.get(group, 0.0)
        cut = six_years_ago - timedelta(days=60)
        old_weights = [
            0 if p.index in history or p.first_admission >= cut - timedelta(days=60) else w
            for p, w in zip(members, weights, strict=True)
        ]
        for pupil in weighted_sample(rng, members, old_weights, round(old_share * len(members))):
            end = day_between(rng, pupil.first_admission + timedelta(days=60), cut)
            start = day_between(rng, pupil.first_admission, end - timedelta(days=30))
            history[pupil.index] = [(start, end)]
        fsm6 = Characteristic.FSM6.value
        for pupil in members:
            spells = history.get(pupil.index)
            if not spells:
                continue
            for start, end in spells:
                self._period(pupil, fsm, start, end)
            last_end = spells[-1][1]
            ever6_end = None
            if last_end is not None and years_after(last_end, 6) < self.as_at:
                ever6_end = years_after(last_end, 6)
            self._period(pupil, fsm6, spells[0][0], ever6_end)

    def _sen(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        if group == "special":
            ehcp_rate, support_rate = cal.EHCP_SPECIAL, cal.SEN_SUPPORT_SPECIAL
        elif group == "pru":
            ehcp_rate, support_rate = cal.EHCP_PRU, cal.SEN_SUPPORT_PRU
        elif group == "health_needs":
            ehcp_rate, support_rate = cal.EHCP_HEALTH_NEEDS, cal.SEN_SUPPORT_HEALTH_NEEDS
        else:
            ehcp_rate, support_rate = cal.EHCP[group], cal.SEN_SUPPORT[group]
        base = [self._school_weight(p, "sen_factor", 4.0) for p in members]
        ehcp_weights = [
            w * _sex_factor(p.sex, cal.EHCP_BOY_RATIO) for p, w in zip(members, base, strict=True)
        ]
        ehcp = Characteristic.EHC_PLAN.value
        support = Characteristic.SEN_SUPPORT.value
        with_plan = weighted_sample(rng, members, ehcp_weights, round(ehcp_rate * len(members)))
        for pupil in with_plan:
            self.sen_now[pupil.index] = ehcp
            entry = pupil.first_admission
            if group == "special":
                special_admission = self._admission_here(pupil)
                earliest = max(
                    pupil.date_of_birth + timedelta(days=730), entry - timedelta(days=365)
                )
                start = day_between(rng, earliest, max(earliest, special_admission))
            else:
                # Plans start after a year or so in school, or before school for the youngest.
                earliest = entry + timedelta(days=300)
                if earliest > self.as_at - timedelta(days=14):
                    earliest = max(
                        pupil.date_of_birth + timedelta(days=900), entry - timedelta(days=400)
                    )
                start = day_between(rng, earliest, self.as_at - timedelta(days=14))
            start = min(start, self.as_at)
            support_from = max(entry, pupil.date_of_birth + timedelta(days=900))
            if rng.random() < cal.EHCP_AFTER_SEN_SUPPORT and (start - support_from).days > 120:
                began = day_between(rng, support_from, start - timedelta(days=90))
                self._period(pupil, support, began, start - timedelta(days=1))
            self._period(pupil, ehcp, start)
        support_weights = [
            0 if p.index in self.sen_now else w * _sex_factor(p.sex, cal.SEN_SUPPORT_BOY_RATIO)
            for p, w in zip(members, base, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, support_weights, round(support_rate * len(members))
        ):
            self.sen_now[pupil.index] = support
            start = day_between(
                rng, pupil.first_admission + timedelta(days=30), self.as_at - timedelta(days=7)
            )
            self._period(pupil, support, min(start, self.as_at))
        # Past SEN support that ended, and the odd plan that ceased: history only.
        room = self.as_at - timedelta(days=60)
        past_weights = [
            0 if p.index in self.sen_now or p.first_admission > room - timedelta(days=150) else w
            for p, w in zip(members, base, strict=True)
        ]
        ended = weighted_sample(
            rng, members, past_weights, round(cal.SEN_SUPPORT_ENDED * len(members))
        )
        ended_set = {p.index for p in ended}
        for pupil in ended:
            end = day_between(rng, pupil.first_admission + timedelta(days=150), room)
            start = day_between(
                rng, pupil.first_admission + timedelta(days=30), end - timedelta(days=90)
            )
            self._period(pupil, support, start, end)
        ceased_weights = [
            0 if p.index in ended_set or p.first_admission > room - timedelta(days=400) else w
            for p, w in zip(members, past_weights, strict=True)
        ]
        for pupil in weighted_sample(
            rng, members, ceased_weights, round(cal.EHCP_CEASED * len(members))
        ):
            end = day_between(rng, pupil.first_admission + timedelta(days=400), room)
            start = day_between(
                rng, pupil.first_admission + timedelta(days=30), end - timedelta(days=365)
            )
            self._period(pupil, ehcp, start, end)

    def _admission_here(self, pupil: PupilRecord) -> date:
        if self.current_admission is None:
            self.current_admission = {
                (e.pupil, e.school): e.admission_date
                for e in self.county.enrolments
                if e.leaving_date is None
            }
        return self.current_admission.get((pupil.index, pupil.school), pupil.first_admission)

    def _eal(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = cal.EAL.get(group, cal.EAL["secondary"])
        weights = [
            cal.EAL_BY_ETHNICITY[p.ethnicity] * (3.0 if p.from_outside_kent else 1.0)
            for p in members
        ]
        for pupil in weighted_sample(rng, members, weights, round(rate * len(members))):
            self._period(pupil, Characteristic.EAL.value, pupil.first_admission)

    def _young_carers(self, rng: random.Random, group: str, members: list[PupilRecord]) -> None:
        rate = cal.YOUNG_CARER.get(group, cal.YOUNG_CARER["secondary"])
        weights = [2.0 if p.index in self.fsm_now else 1.0 for p in members]
        for pupil in weighted_sample(rng, members, weights, round(rate * len(members))):
            earliest = max(pupil.first_admission, years_before(self.as_at, 3))
            start = day_between(rng, earliest, self.as_at - timedelta(days=7))
            self._period(pupil, Characteristic.YOUNG_CARER.value, min(start, self.as_at))

    def _social_care(self, rng: random.Random) -> None:
        """Children in need (all of them: CLA and CPP included, as in the CIN census), looked
        after, on a protection plan, previously looked after; and some who were."""
        pupils = self.county.pupils
        total = len(pupils)
        ehcp = Characteristic.EHC_PLAN.value
        risk = []
        for pupil in pupils:
            weight = cal.SOCIAL_CARE_RISK_FSM if pupil.index in self.fsm_now else 1.0
            sen = self.sen_now.get(pupil.index)
            if sen == ehcp:
                weight *= cal.SOCIAL_CARE_RISK_EHCP
            elif sen is not None:
                weight *= cal.SOCIAL_CARE_RISK_SEN_SUPPORT
            risk.append(weight)
        taken = [False] * total

        def draw(share: float, weights=None) -> list[PupilRecord]:
            weights = weights or risk
            available = [0 if taken[i] else w for i, w in enumerate(weights)]
            chosen = weighted_sample(rng, pupils, available, round(share * total))
            for pupil in chosen:
                taken[pupil.index] = True
            return chosen

        cla, cin, cpp = (
            Characteristic.LOOKED_AFTER.value,
            Characteristic.CHILD_IN_NEED.value,
            Characteristic.CHILD_PROTECTION_PLAN.value,
        )
        as_at = self.as_at
        older = [w * (1.5 if p.nc_year >= 7 else 1.0) for p, w in zip(pupils, risk, strict=True)]
        for pupil in draw(cal.CLA, older):
            earliest = max(pupil.date_of_birth + timedelta(days=30), years_before(as_at, 8))
            start = day_between(rng, earliest, as_at - timedelta(days=14))
            self._period(pupil, cla, start)
            self._period(
                pupil, cin, max(pupil.date_of_birth, start - timedelta(days=rng.randint(30, 365)))
            )
        for pupil in draw(cal.CHILD_PROTECTION_PLAN):
            start = day_between(rng, years_before(as_at, 2), as_at - timedelta(days=14))
            start = max(start, pupil.date_of_birth)
            self._period(pupil, cpp, start)
            self._period(
                pupil, cin, max(pupil.date_of_birth, start - timedelta(days=rng.randint(14, 200)))
            )
        for pupil in draw(cal.CHILD_IN_NEED - cal.CLA - cal.CHILD_PROTECTION_PLAN):
            start = day_between(rng, years_before(as_at, 3), as_at - timedelta(days=7))
            self._period(pupil, cin, max(start, pupil.date_of_birth))
        # Previously looked after: in care when small, then adopted or under an order.
        plac = Characteristic.PREVIOUSLY_LOOKED_AFTER.value
        for pupil in draw(cal.PREVIOUSLY_LOOKED_AFTER, [1.0] * total):
            start = pupil.date_of_birth + timedelta(days=rng.randint(10, 1200))
            end = min(start + timedelta(days=rng.randint(180, 900)), as_at - timedelta(days=30))
            if end <= start:
                continue
            self._period(pupil, cin, start, end)
            self._period(pupil, cla, start, end)
            self._period(pupil, plac, end + timedelta(days=1))
        # Ended episodes: history the Virtual School and Front Door see.
        for share, kinds in (
            (cal.CIN_ENDED, (cin,)),
            (cal.CPP_ENDED, (cin, cpp)),
            (cal.CLA_ENDED, (cin, cla)),
        ):
            for pupil in draw(share):
                earliest = max(pupil.date_of_birth + timedelta(days=365), years_before(as_at, 6))
                start = day_between(rng, earliest, as_at - timedelta(days=120))
                end = min(start + timedelta(days=rng.randint(30, 500)), as_at - timedelta(days=14))
                for kind in kinds:
                    self._period(pupil, kind, start, max(start, end))

    def _medical(self, rng: random.Random) -> None:
        medical = Characteristic.MEDICAL_CONDITION.value
        health = [
            p
            for p in self.county.pupils
            if p.alternative_provision == "health_needs" or p.group == "health_needs"
        ]
        chosen = {p.index for p in health}
        remaining = round(cal.MEDICAL_CONDITION * len(self.county.pupils)) - len(health)
        weights = [0 if p.index in chosen else 1.0 for p in self.county.pupils]
        for pupil in health + weighted_sample(rng, self.county.pupils, weights, remaining):
            start = day_between(rng, pupil.first_admission, self.as_at - timedelta(days=7))
            self._period(pupil, medical, min(start, self.as_at))
