"""The county's pupils as the Front Door meets them: which school a child was at on a day, who
is likely to be the subject of a request, and who might be their brothers and sisters.

Requests are about real pupils of the demo county. A child is the subject of one household's
requests only: fresh children are drawn, without replacement, in an order weighted by their
risk (free school meals, SEN, a social worker), and a household's other children share their
surname and district."""

import math
import random
from collections import defaultdict
from datetime import date

from frontdoor.demo import calibration as cal
from frontdoor.demo.front_door.draw import pick
from frontdoor.demo.generator import DUAL_MAIN, SINGLE, County

SIBLING_GAP_DAYS = 300  # brothers and sisters are born at least this far apart
SIBLING_TRIES = 12


class Pupils:
    def __init__(self, county: County, rng: random.Random):
        self.county = county
        self.records = county.pupils
        self.spells: list[list[tuple[date, date, int]]] = [[] for _ in self.records]
        for enrolment in county.enrolments:
            if enrolment.registration in (SINGLE, DUAL_MAIN):
                self.spells[enrolment.pupil].append(
                    (enrolment.admission_date, enrolment.leaving_date or date.max, enrolment.school)
                )
        characteristics = self._current_characteristics(county)
        self.eal = characteristics["eal"]
        weights = [1.0] * len(self.records)
        for name, pupils in characteristics.items():
            factor = cal.REQUEST_RISK.get(name)
            if factor is None:
                continue
            for pupil in pupils:
                weights[pupil] *= factor
        # Efraimidis–Spirakis keys: taking pupils in descending key order is a weighted draw
        # without replacement.
        keys = [math.log(1.0 - rng.random()) / weight for weight in weights]
        self.order = sorted(range(len(self.records)), key=keys.__getitem__, reverse=True)
        self.next = 0
        self.used = bytearray(len(self.records))
        # Whether the Front Door finds the child among the county's pupils, each time: most
        # referrers give enough to match on; some children are known by another name.
        self.matchable = bytes(rng.random() < cal.CHILD_MATCHED for _ in self.records)
        self.by_surname: dict[tuple[int, str], list[int]] = defaultdict(list)
        for record in self.records:
            district = county.schools[record.school].district
            self.by_surname[district, record.last_name].append(record.index)

    @staticmethod
    def _current_characteristics(county: County) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        social_care = {"cin", "cpp", "cla"}
        for period in county.periods:
            if period.start_date <= county.as_at and (
                period.end_date is None or period.end_date >= county.as_at
            ):
                name = "social_care" if period.characteristic in social_care else None
                found[name or period.characteristic].add(period.pupil)
        return found

    def school_on(self, pupil: int, day: date) -> int | None:
        for admitted, left, school in self.spells[pupil]:
            if admitted <= day <= left:
                return school
        return None

    def fresh(self, day: date) -> tuple[int, int] | None:
        """(pupil, school) of the next child in the weighted order who is on roll on `day` and
        in no request yet; children not yet on roll then are passed over for good."""
        while self.next < len(self.order):
            pupil = self.order[self.next]
            self.next += 1
            if self.used[pupil]:
                continue
            school = self.school_on(pupil, day)
            if school is not None:
                self.used[pupil] = 1
                return pupil, school
        return None

    def siblings(
        self, rng: random.Random, first: int, day: date, count: int
    ) -> list[tuple[int, int]]:
        """Up to `count` more children for `first`'s household: same surname and district,
        on roll on `day`, in no request yet, born apart from each other."""
        record = self.records[first]
        district = self.county.schools[record.school].district
        candidates = self.by_surname[district, record.last_name]
        born = [record.date_of_birth]
        found = []
        for _ in range(SIBLING_TRIES):
            if len(found) == count:
                break
            pupil = pick(rng, candidates)
            if self.used[pupil]:
                continue
            birth = self.records[pupil].date_of_birth
            if any(abs((birth - other).days) < SIBLING_GAP_DAYS for other in born):
                continue
            school = self.school_on(pupil, day)
            if school is None:
                continue
            self.used[pupil] = 1
            born.append(birth)
            found.append((pupil, school))
        return found
