"""Ofsted: each school's graded inspections back through the frameworks since 2015, with the
latest grades shared out as in Kent, and report cards for some schools since November 2025."""

import math
import random
from datetime import date, timedelta

from frontdoor.demo import calibration as cal
from frontdoor.demo.generator.dates import (
    day_between,
    weekday_on_or_before,
    years_after,
    years_before,
)
from frontdoor.demo.generator.records import InspectionRecord, SchoolRecord
from frontdoor.demo.generator.sampling import apportion, weighted_choice
from frontdoor.demo.generator.state import CountyState
from frontdoor.schools.models import OfstedInspection, ReportCardArea

CORE_AREAS = (
    ReportCardArea.INCLUSION,
    ReportCardArea.CURRICULUM_AND_TEACHING,
    ReportCardArea.ACHIEVEMENT,
    ReportCardArea.ATTENDANCE_AND_BEHAVIOUR,
    ReportCardArea.PERSONAL_DEVELOPMENT,
    ReportCardArea.LEADERSHIP_AND_GOVERNANCE,
)


def add(county: CountyState) -> None:
    rng = county.stream("ofsted")
    as_at = county.as_at
    schools = county.schools
    grades = [
        g
        for g, n in zip(
            cal.LATEST_GRADE,
            apportion(len(schools), list(cal.LATEST_GRADE.values())),
            strict=True,
        )
        for _ in range(n)
    ]
    # Worse grades lean towards more deprived schools.
    order = sorted(
        range(len(schools)),
        key=lambda i: rng.gauss(0, 1) - 0.6 * math.log(schools[i].deprivation),
        reverse=True,
    )
    latest = dict(zip(order, grades, strict=True))
    last_day = min(cal.LAST_SINGLE_WORD_GRADES, as_at - timedelta(days=30))
    first_day = max(cal.CIF_2015_START + timedelta(days=30), years_before(last_day, 6))
    by_school: dict[int, list[InspectionRecord]] = {}
    for school in schools:
        opened = school.opened_on
        earliest = first_day if opened is None else max(first_day, years_after(opened, 2))
        day = day_between(rng, earliest, last_day)
        grade = latest[school.index]
        wanted = weighted_choice(rng, cal.GRADED_INSPECTIONS)
        records = []
        for _ in range(wanted):
            if day < cal.CIF_2015_START or (opened is not None and day < opened):
                break
            records.append(_graded(rng, school, day, grade, as_at))
            grade = _previous_grade(rng, grade)
            day = weekday_on_or_before(day - timedelta(days=rng.randint(700, 1600)))
        by_school[school.index] = records
    if as_at > cal.REPORT_CARD_START + timedelta(days=7):
        count = round(cal.REPORT_CARD_SHARE * len(schools))
        for index in sorted(rng.sample(range(len(schools)), count)):
            school = schools[index]
            last = by_school[index][0].overall_effectiveness if by_school[index] else 2
            by_school[index].insert(0, _report_card(rng, school, last, as_at))
    for school in schools:
        county.inspections.extend(by_school[school.index])


def _published(rng: random.Random, day: date, as_at: date) -> date | None:
    published = day + timedelta(days=rng.randint(18, 40))
    return published if published <= as_at else None


def _graded(
    rng: random.Random, school: SchoolRecord, day: date, grade: int, as_at: date
) -> InspectionRecord:
    def near(value: int) -> int:
        if rng.random() < 0.7:
            return value
        return min(4, max(1, value + rng.choice((-1, 1))))

    framework = (
        OfstedInspection.Framework.CIF_2015
        if day < cal.EIF_2019_START
        else OfstedInspection.Framework.EIF_2019
    )
    return InspectionRecord(
        school=school.index,
        inspection_date=day,
        published_on=_published(rng, day, as_at),
        framework=framework.value,
        overall_effectiveness=grade,
        quality_of_education=grade,
        behaviour_and_attitudes=near(grade),
        personal_development=min(grade, near(grade)),
        leadership_and_management=near(grade),
        safeguarding_effective=not (grade == 4 and rng.random() < 0.6),
    )


def _report_card(
    rng: random.Random, school: SchoolRecord, last_grade: int, as_at: date
) -> InspectionRecord:
    day = day_between(rng, cal.REPORT_CARD_START, as_at - timedelta(days=3))
    # A school's areas mostly share one grade, which leans on its last graded outcome.
    shift = {1: -1, 2: 0, 3: 0, 4: 1}[last_grade]
    base = weighted_choice(rng, cal.REPORT_CARD_GRADES)
    if rng.random() < 0.35:
        base = min(5, max(1, base + shift))
    areas = list(CORE_AREAS)
    if school.kind in ("primary", "infant"):
        areas.append(ReportCardArea.EARLY_YEARS)
    if school.has_sixth_form:
        areas.append(ReportCardArea.SIXTH_FORM)
    evaluations = [
        (
            area.value,
            base if rng.random() < 0.55 else weighted_choice(rng, cal.REPORT_CARD_GRADES),
        )
        for area in areas
    ]
    return InspectionRecord(
        school=school.index,
        inspection_date=day,
        published_on=_published(rng, day, as_at),
        framework=OfstedInspection.Framework.REPORT_CARD_2025.value,
        safeguarding_effective=rng.random() >= cal.SAFEGUARDING_NOT_MET,
        evaluations=evaluations,
    )


def _previous_grade(rng: random.Random, grade: int) -> int:
    table = {
        1: {1: 0.5, 2: 0.5},
        2: {1: 0.15, 2: 0.6, 3: 0.25},
        3: {2: 0.5, 3: 0.35, 4: 0.15},
        4: {2: 0.5, 3: 0.5},
    }[grade]
    return weighted_choice(rng, table)
