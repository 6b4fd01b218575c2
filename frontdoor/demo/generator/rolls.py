"""Each school's number on roll and capacity, once its pupils are in."""

import math

from frontdoor.demo.generator.records import DUAL_SUBSIDIARY, PRIMARY_KINDS, SECONDARY_KINDS
from frontdoor.demo.generator.state import CountyState


def count(county: CountyState) -> None:
    rng = county.stream("rolls")
    schools = county.schools
    on_roll = [0] * len(schools)
    places = [0] * len(schools)
    sixth = [0] * len(schools)
    for enrolment in county.enrolments:
        if enrolment.leaving_date is None:
            places[enrolment.school] += 1
            if enrolment.registration != DUAL_SUBSIDIARY:
                on_roll[enrolment.school] += 1
    for pupil in county.pupils:
        if pupil.nc_year >= 12:
            sixth[pupil.school] += 1
    for school in schools:
        school.number_on_roll = on_roll[school.index]
        if school.kind in PRIMARY_KINDS:
            school.capacity = school.pan * len(school.nc_years)
        elif school.kind in SECONDARY_KINDS:
            sixth_places = math.ceil(sixth[school.index] * rng.uniform(1.05, 1.3) / 10) * 10
            school.capacity = school.pan * 5 + sixth_places
        else:
            school.capacity = math.ceil(places[school.index] * rng.uniform(1.0, 1.12) / 5) * 5
