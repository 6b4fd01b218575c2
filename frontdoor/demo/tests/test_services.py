"""A county loaded at scale 0.05: invariants and calibration."""

from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise

import pytest
from django.db.models import Count, Q

from frontdoor.core.calendar import academic_year_of, nc_year_for_birth
from frontdoor.demo import calibration as cal
from frontdoor.demo import selectors
from frontdoor.demo.tests.conftest import AS_AT
from frontdoor.demo.upn import is_valid_upn
from frontdoor.pupils.models import Characteristic, CharacteristicPeriod, Enrolment, Pupil
from frontdoor.pupils.selectors import nc_year_on
from frontdoor.schools.models import (
    District,
    Establishment,
    OfstedInspection,
    ReportCardArea,
    ReportCardEvaluation,
)

MAIN = (Enrolment.Registration.SINGLE, Enrolment.Registration.DUAL_MAIN)


@pytest.mark.django_db
def test_districts_are_kents_twelve_in_four_areas(calibrated_county):
    districts = {d.name: d for d in District.objects.all()}
    assert len(districts) == 12
    assert {d.la_code for d in districts.values()} == {"886"}
    assert districts["Thanet"].code == "E07000114"
    assert districts["Folkestone and Hythe"].code == "E07000112"
    areas = defaultdict(set)
    for district in districts.values():
        areas[district.area].add(district.name)
    assert areas == {
        "East": {"Canterbury", "Thanet", "Swale"},
        "South": {"Ashford", "Dover", "Folkestone and Hythe"},
        "West": {"Maidstone", "Tunbridge Wells", "Tonbridge and Malling"},
        "North": {"Dartford", "Gravesham", "Sevenoaks"},
    }


@pytest.mark.django_db
def test_every_school_has_a_district_and_its_roll_matches_its_pupils(calibrated_county):
    assert not Establishment.objects.filter(district__isnull=True).exists()
    on_roll = Counter(
        selectors.current(
            Enrolment.objects.filter(registration__in=MAIN), AS_AT, "admission_date", "leaving_date"
        ).values_list("establishment_id", flat=True)
    )
    for school in Establishment.objects.all():
        assert school.number_on_roll == on_roll[school.pk], school.name
        assert school.capacity and school.capacity > 0
        if school.sector in ("primary", "secondary"):
            assert school.published_admission_number
    secondaries = Establishment.objects.filter(sector="secondary")
    assert secondaries.filter(selective=True).count() == max(1, round(32 * 0.05))


@pytest.mark.django_db
def test_every_pupil_has_exactly_one_current_main_or_single_enrolment(calibrated_county):
    current = Q(enrolments__admission_date__lte=AS_AT) & (
        Q(enrolments__leaving_date__isnull=True) | Q(enrolments__leaving_date__gte=AS_AT)
    )
    counts = Pupil.objects.annotate(
        main=Count("enrolments", filter=current & Q(enrolments__registration__in=MAIN))
    ).values_list("main", flat=True)
    assert set(counts) == {1}


@pytest.mark.django_db
def test_a_pupils_main_registrations_never_overlap(calibrated_county):
    spans = defaultdict(list)
    for pupil, admitted, left in Enrolment.objects.filter(registration__in=MAIN).values_list(
        "pupil_id", "admission_date", "leaving_date"
    ):
        spans[pupil].append((admitted, left or date.max))
    for pupil, periods in spans.items():
        periods.sort()
        for (_, left), (admitted, _) in pairwise(periods):
            assert left < admitted, pupil


@pytest.mark.django_db
def test_pru_pupils_are_mostly_dual_registered(calibrated_county):
    at_pru = Enrolment.objects.filter(establishment__sector="ap", leaving_date__isnull=True)
    dual = at_pru.filter(registration=Enrolment.Registration.DUAL_SUBSIDIARY).count()
    single = at_pru.filter(registration=Enrolment.Registration.SINGLE).count()
    assert dual > single > 0
    # The main registration of a dual-registered pupil is at another (mainstream) school.
    subsidiary = at_pru.filter(registration=Enrolment.Registration.DUAL_SUBSIDIARY)
    mains = Enrolment.objects.filter(
        pupil__in=subsidiary.values("pupil"),
        registration=Enrolment.Registration.DUAL_MAIN,
        leaving_date__isnull=True,
    )
    assert mains.count() == dual
    assert not mains.filter(establishment__sector="ap").exists()


@pytest.mark.django_db
def test_secondary_pupils_have_an_ended_primary_enrolment(calibrated_county):
    secondary = Enrolment.objects.filter(
        establishment__sector="secondary", registration__in=MAIN, leaving_date__isnull=True
    ).values("pupil")
    with_primary = (
        Enrolment.objects.filter(
            pupil__in=secondary, establishment__sector="primary", leaving_date__isnull=False
        )
        .values("pupil")
        .distinct()
        .count()
    )
    # Everyone but the few who arrived in Kent this year.
    assert with_primary / secondary.count() > 0.97


@pytest.mark.django_db
def test_date_of_birth_fits_the_nc_year_and_upns_are_valid(calibrated_county):
    year = academic_year_of(AS_AT)
    enrolments = selectors.current(
        Enrolment.objects.filter(registration__in=MAIN).select_related("pupil"),
        AS_AT,
        "admission_date",
        "leaving_date",
    )
    for enrolment in enrolments:
        pupil = enrolment.pupil
        assert nc_year_on(enrolment, AS_AT) == nc_year_for_birth(pupil.date_of_birth, year)
        assert is_valid_upn(pupil.upn) and pupil.upn[1:4] == "886", pupil.upn


@pytest.mark.django_db
def test_sen_support_and_an_ehc_plan_never_overlap(calibrated_county):
    spans = defaultdict(list)
    for pupil, kind, start, end in CharacteristicPeriod.objects.filter(
        characteristic__in=[Characteristic.SEN_SUPPORT, Characteristic.EHC_PLAN]
    ).values_list("pupil_id", "characteristic", "start_date", "end_date"):
        spans[pupil].append((start, end or date.max, kind))
    overlaps = [
        pupil
        for pupil, periods in spans.items()
        for a in periods
        for b in periods
        if a is not b and a[0] <= b[1] and b[0] <= a[1]
    ]
    assert overlaps == []
    # Some plans followed SEN support that ended the day before: history exists.
    ended = CharacteristicPeriod.objects.filter(
        characteristic=Characteristic.SEN_SUPPORT, end_date__isnull=False
    )
    assert ended.exists()


@pytest.mark.django_db
def test_characteristic_periods_are_within_the_pupils_life_and_the_as_at_date(calibrated_county):
    periods = CharacteristicPeriod.objects.select_related("pupil")
    for period in periods:
        assert period.pupil.date_of_birth <= period.start_date <= AS_AT
        assert period.end_date is None or period.start_date <= period.end_date < AS_AT


# Tolerances: the generator gives each characteristic to round(rate × pupils) of each phase,
# so rates are exact up to rounding; these allow for a pupil or two and for the phase of a
# dual-registered pupil.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("characteristic", "phase", "target", "tolerance"),
    [
        ("fsm", "primary", cal.FSM["primary"], 0.003),
        ("fsm", "secondary", cal.FSM["secondary"], 0.003),
        ("fsm6", "primary", cal.FSM6["primary"], 0.003),
        ("fsm6", "secondary", cal.FSM6["secondary"], 0.003),
        ("ehcp", "primary", cal.EHCP["primary"], 0.002),
        ("ehcp", "secondary", cal.EHCP["secondary"], 0.002),
        ("ehcp", "special", cal.EHCP_SPECIAL, 0.01),
        ("sen_support", "primary", cal.SEN_SUPPORT["primary"], 0.003),
        ("sen_support", "secondary", cal.SEN_SUPPORT["secondary"], 0.003),
        # All schools: at this scale one special school decides much of it (the full county
        # gives 5.7%; see bench/README.md).
        ("ehcp", "all", cal.EHCP_ALL_SCHOOLS, 0.012),
        ("sen_support", "all", cal.SEN_SUPPORT_ALL_SCHOOLS, 0.01),
        ("eal", "primary", cal.EAL["primary"], 0.003),
        ("eal", "all", cal.EAL_ALL_SCHOOLS, 0.006),
        ("cla", "all", cal.CLA, 0.0005),
        ("cin", "all", cal.CHILD_IN_NEED, 0.0005),
        ("cpp", "all", cal.CHILD_PROTECTION_PLAN, 0.0005),
    ],
)
def test_rates_hit_the_calibration_targets(
    calibrated_county, characteristic, phase, target, tolerance
):
    measured = selectors.county_rates(AS_AT)[characteristic][phase]
    assert measured == pytest.approx(target, abs=tolerance)


@pytest.mark.django_db
def test_fsm_is_higher_where_it_should_be(calibrated_county):
    rates = selectors.county_rates(AS_AT)
    assert rates["fsm"]["grammar"] < rates["fsm"]["secondary"] / 2
    assert rates["fsm"]["special"] > rates["fsm"]["primary"]
    assert rates["fsm"]["ap"] > rates["fsm"]["secondary"]
    assert rates["sen_support"]["ap"] > rates["sen_support"]["secondary"]


@pytest.mark.django_db
def test_ofsted_history(calibrated_county):
    schools = Establishment.objects.count()
    graded = OfstedInspection.objects.filter(overall_effectiveness__isnull=False)
    per_school = Counter(graded.values_list("establishment_id", flat=True))
    assert len(per_school) == schools
    assert set(per_school.values()) <= {1, 2, 3}
    assert not graded.filter(
        Q(quality_of_education__isnull=True)
        | Q(behaviour_and_attitudes__isnull=True)
        | Q(personal_development__isnull=True)
        | Q(leadership_and_management__isnull=True)
        | Q(safeguarding_effective__isnull=True)
    ).exists()
    assert not graded.exclude(framework__in=["cif_2015", "eif_2019"]).exists()
    latest = {}
    for school, grade in graded.order_by("establishment_id", "-inspection_date").values_list(
        "establishment_id", "overall_effectiveness"
    ):
        latest.setdefault(school, grade)
    good_or_better = sum(1 for grade in latest.values() if grade <= 2) / len(latest)
    assert 0.85 <= good_or_better <= 0.92
    cards = OfstedInspection.objects.filter(framework="report_card_2025")
    assert cards.count() == round(cal.REPORT_CARD_SHARE * schools)
    assert not cards.filter(overall_effectiveness__isnull=False).exists()
    assert not cards.filter(inspection_date__lt=cal.REPORT_CARD_START).exists()
    for card in cards.prefetch_related("evaluations"):
        areas = {e.area for e in card.evaluations.all()}
        assert set(ReportCardArea.values[:6]) <= areas
        assert (ReportCardArea.SIXTH_FORM in areas) == card.establishment.has_sixth_form
    assert ReportCardEvaluation.objects.filter(grade__in=[2, 3]).count() > (
        ReportCardEvaluation.objects.count() / 2
    )


@pytest.mark.django_db
def test_every_school_has_a_liaison_officer_and_its_meetings_so_far(calibrated_county):
    from frontdoor.attendance import tsm
    from frontdoor.attendance.models import LiaisonAssignment, TargetingSupportMeeting

    schools = Establishment.objects.count()
    assert LiaisonAssignment.objects.count() == schools
    dover = LiaisonAssignment.objects.filter(establishment__district__name="Dover")
    assert {a.officer.username for a in dover} == {"attendance.officer"}
    year = academic_year_of(AS_AT)
    meetings = TargetingSupportMeeting.objects.filter(academic_year=year)
    for meeting in meetings:
        term = tsm.term_window(year, meeting.number)
        assert term.start <= meeting.meeting_date <= term.end
        assert meeting.status == "booked" or meeting.meeting_date < AS_AT
    held = meetings.filter(status="held").count()
    assert held and all(m.actions.exists() for m in meetings.filter(status="held")[:20])
