"""Phase transfer: the movers found from the register, cohorts, and progress by the deadline."""

from datetime import date

import pytest

from frontdoor.send import plan_services, selectors_transfers, transfers
from frontdoor.send.models_plans import EhcPlan, PlanVersion
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind
from frontdoor.send.services import SendRefused
from frontdoor.send.tests import plans as plans_content


@pytest.fixture
def plans(county):
    def plan(pupil, number):
        return EhcPlan.objects.create(
            reference=f"PLAN-T{number}",
            pupil=pupil,
            district=county.south,
            issued_on=date(2024, 10, 1),
        )

    return plan(county.pupil_a, 1), plan(county.pupil_b, 2)


def test_movers_are_found_from_their_year_group_the_october_before(plans):
    primary, secondary = plans
    # Amelia joined reception in September 2022, so is in Year 6 in 2028/29; Bella joined Year 7
    # in September 2024, so is in Year 11 then.
    assert transfers.movers(EhcPlan.objects.all(), 2029) == {
        primary.pk: TransferKind.PRIMARY_TO_SECONDARY,
        secondary.pk: TransferKind.TO_POST_16,
    }
    assert transfers.movers(EhcPlan.objects.all(), 2028) == {}


def test_opening_a_years_transfers_is_idempotent(plans, caseworker):
    assert transfers.phase_transfers_open(transfer_year=2029, by=caseworker) == 2
    assert transfers.phase_transfers_open(transfer_year=2029, by=caseworker) == 0
    deadlines = {t.kind: transfers.deadline_of(t) for t in PhaseTransfer.objects.all()}
    assert deadlines == {
        TransferKind.PRIMARY_TO_SECONDARY: date(2029, 2, 15),
        TransferKind.TO_POST_16: date(2029, 3, 31),
    }


def test_cohorts_and_progress(plans, caseworker, county):
    transfers.phase_transfers_open(transfer_year=2029, by=caseworker)
    year_6 = PhaseTransfer.objects.get(kind=TransferKind.PRIMARY_TO_SECONDARY)
    with pytest.raises(SendRefused, match="Only a transfer in cohort 2"):
        transfers.phase_transfer_update(
            transfer=year_6,
            cohort=TransferCohort.AGREED,
            preference=None,
            placement_meeting_on=date(2028, 12, 5),
            by=caseworker,
        )
    transfers.phase_transfer_update(
        transfer=year_6,
        cohort=TransferCohort.PLACEMENT_MEETING,
        preference=county.school_b,
        placement_meeting_on=date(2028, 12, 5),
        by=caseworker,
    )
    year_6.refresh_from_db()
    year_6.named_setting, year_6.amended_issued_on = county.school_b, date(2029, 2, 10)
    year_6.save()
    table = transfers.progress(PhaseTransfer.objects.all(), today=date(2029, 4, 1))
    assert table[("South", TransferCohort.PLACEMENT_MEETING)].counts == {transfers.ON_TIME: 1}
    assert table[("South", TransferCohort.AGREED)].counts == {transfers.AT_RISK: 1}  # post-16
    assert table[("All", "all")].total == 2 and table[("All", "all")].issued == 1


# The steps of a transfer: preferences and agreement, the District Placement Meeting, the
# mop-up, and the amended plan. Meetings on 1 December 2026 have been held (the tests run
# after it); those in December 2028 are only arranged.

HELD, ARRANGED = date(2026, 12, 1), date(2028, 12, 5)


@pytest.fixture
def year_6(plans, caseworker):
    transfers.phase_transfers_open(transfer_year=2029, by=caseworker)
    return PhaseTransfer.objects.get(kind=TransferKind.PRIMARY_TO_SECONDARY)


@pytest.fixture
def moving_2027(plans):
    """A Year 6 transfer for September 2027, whose District Placement Meeting can be past."""
    return PhaseTransfer.objects.create(
        plan=plans[0], transfer_year=2027, kind=TransferKind.PRIMARY_TO_SECONDARY
    )


@pytest.mark.parametrize(
    "before, meeting, parents, school, after, meeting_after",
    [
        (TransferCohort.AGREED, None, True, True, TransferCohort.AGREED, None),
        (TransferCohort.AGREED, None, True, False, TransferCohort.PLACEMENT_MEETING, None),
        (TransferCohort.AGREED, None, False, True, TransferCohort.PLACEMENT_MEETING, None),
        # Agreement before an arranged meeting calls it off; after a held one, cohort 2 stays.
        (TransferCohort.PLACEMENT_MEETING, ARRANGED, True, True, TransferCohort.AGREED, None),
        (
            TransferCohort.PLACEMENT_MEETING,
            HELD,
            True,
            True,
            TransferCohort.PLACEMENT_MEETING,
            HELD,
        ),
        (TransferCohort.MOP_UP, None, False, False, TransferCohort.MOP_UP, None),
    ],
)
def test_preferences_and_agreement_set_the_cohort(
    moving_2027, caseworker, county, before, meeting, parents, school, after, meeting_after
):
    moving_2027.cohort, moving_2027.placement_meeting_on = before, meeting
    moving_2027.save()
    transfers.phase_transfer_preferences_record(
        transfer=moving_2027,
        preference=county.school_b,
        parents_agree=parents,
        school_agrees=school,
        by=caseworker,
    )
    moving_2027.refresh_from_db()
    assert (moving_2027.cohort, moving_2027.placement_meeting_on) == (after, meeting_after)
    assert moving_2027.preference == county.school_b
    assert (moving_2027.parents_agree, moving_2027.school_agrees) == (parents, school)


def test_a_preference_must_be_chosen(year_6, caseworker):
    with pytest.raises(SendRefused, match="Choose the setting the family prefers") as refused:
        transfers.phase_transfer_preferences_record(
            transfer=year_6, preference=None, parents_agree=True, school_agrees=True, by=caseworker
        )
    assert refused.value.field == "preference"


def test_a_placement_meeting_moves_the_transfer_to_cohort_2_and_decides_the_setting(
    moving_2027, caseworker, county
):
    transfers.phase_transfer_placement_meeting_record(
        transfer=moving_2027,
        on=HELD,
        setting_decided=county.school_b,
        outcome="  The parents accepted Beech with a phased start.  ",
        by=caseworker,
    )
    moving_2027.refresh_from_db()
    assert moving_2027.cohort == TransferCohort.PLACEMENT_MEETING
    assert (moving_2027.placement_meeting_on, moving_2027.named_setting) == (HELD, county.school_b)
    assert (
        moving_2027.placement_meeting_outcome == "The parents accepted Beech with a phased start."
    )


def test_a_placement_meeting_refuses_an_outcome_before_it_is_held_or_a_date_too_early(
    year_6, caseworker, county
):
    with pytest.raises(SendRefused, match="has not been held yet") as refused:
        transfers.phase_transfer_placement_meeting_record(
            transfer=year_6, on=ARRANGED, setting_decided=county.school_b, by=caseworker
        )
    assert refused.value.field == "setting_decided"
    with pytest.raises(SendRefused, match="has not been held yet") as refused:
        transfers.phase_transfer_placement_meeting_record(
            transfer=year_6, on=ARRANGED, outcome="Agreed on Beech", by=caseworker
        )
    assert refused.value.field == "outcome"
    with pytest.raises(SendRefused, match="is held from 1 September 2028"):
        transfers.phase_transfer_placement_meeting_record(
            transfer=year_6, on=date(2028, 8, 31), by=caseworker
        )
    year_6.refresh_from_db()
    assert (year_6.cohort, year_6.placement_meeting_on) == (TransferCohort.AGREED, None)
    transfers.phase_transfer_placement_meeting_record(transfer=year_6, on=ARRANGED, by=caseworker)
    year_6.refresh_from_db()
    assert (year_6.cohort, year_6.placement_meeting_on) == (
        TransferCohort.PLACEMENT_MEETING,
        ARRANGED,
    )


def test_the_mop_up_takes_late_cases_but_not_one_a_meeting_has_decided(moving_2027, caseworker):
    with pytest.raises(SendRefused, match="Choose why"):
        transfers.phase_transfer_mop_up(transfer=moving_2027, reason="", by=caseworker)
    moving_2027.cohort, moving_2027.placement_meeting_on = TransferCohort.PLACEMENT_MEETING, HELD
    moving_2027.save()
    with pytest.raises(SendRefused, match="went to a District Placement Meeting on 1 December"):
        transfers.phase_transfer_mop_up(
            transfer=moving_2027, reason=transfers.LATE_APPLICATION, by=caseworker
        )
    moving_2027.placement_meeting_on = date(2029, 1, 10)  # only arranged: called off
    moving_2027.save()
    transfers.phase_transfer_mop_up(transfer=moving_2027, reason=transfers.LATE_PLAN, by=caseworker)
    moving_2027.refresh_from_db()
    assert (moving_2027.cohort, moving_2027.placement_meeting_on) == (TransferCohort.MOP_UP, None)
    assert moving_2027.get_mop_up_reason_display().startswith("The EHC plan itself was late")


def test_an_issued_transfer_is_settled(year_6, caseworker, county):
    transfers.phase_transfer_amended_issue(
        transfer=year_6, named_setting=county.school_b, on=HELD, by=caseworker
    )
    year_6.plan.refresh_from_db()
    assert year_6.plan.named_setting == county.school_b  # the plan names the new setting
    for step, arguments in [
        (transfers.phase_transfer_mop_up, {"reason": transfers.LATE_PLAN}),
        (transfers.phase_transfer_placement_meeting_record, {"on": ARRANGED}),
        (
            transfers.phase_transfer_preferences_record,
            {"preference": county.school_b, "parents_agree": False, "school_agrees": True},
        ),
    ]:
        with pytest.raises(SendRefused, match="issued on 1 December 2026: the transfer is settled"):
            step(transfer=year_6, by=caseworker, **arguments)


def test_a_transfer_outside_the_area_is_refused(year_6, caseworker, county):
    year_6.plan.district = county.north
    year_6.plan.save()
    with pytest.raises(SendRefused, match="not in your area"):
        transfers.phase_transfer_mop_up(transfer=year_6, reason=transfers.LATE_PLAN, by=caseworker)


@pytest.mark.parametrize(
    "kind, issued_on, today, expected",
    [
        # 15 February 2029 for a move to secondary; the deadline day itself is in time.
        (TransferKind.PRIMARY_TO_SECONDARY, date(2029, 2, 15), date(2029, 6, 1), transfers.ON_TIME),
        (TransferKind.PRIMARY_TO_SECONDARY, date(2029, 2, 16), date(2029, 6, 1), transfers.LATE),
        (TransferKind.PRIMARY_TO_SECONDARY, None, date(2029, 2, 15), transfers.OUTSTANDING),
        (TransferKind.PRIMARY_TO_SECONDARY, None, date(2029, 2, 16), transfers.AT_RISK),
        # 31 March 2029 for post-16.
        (TransferKind.TO_POST_16, date(2029, 3, 31), date(2029, 6, 1), transfers.ON_TIME),
        (TransferKind.TO_POST_16, None, date(2029, 3, 1), transfers.OUTSTANDING),
        (TransferKind.TO_POST_16, None, date(2029, 4, 1), transfers.AT_RISK),
        (TransferKind.TO_RECEPTION, None, date(2029, 3, 1), transfers.AT_RISK),
    ],
)
def test_standing_against_the_deadline(kind, issued_on, today, expected):
    assert (
        transfers.standing_of(kind=kind, transfer_year=2029, issued_on=issued_on, today=today)
        == expected
    )


@pytest.mark.parametrize(
    "today, year",
    [(date(2026, 8, 31), 2026), (date(2026, 9, 1), 2027), (date(2027, 2, 14), 2027)],
)
def test_the_year_being_worked_is_next_septembers_moves(today, year):
    assert transfers.working_transfer_year(today) == year


def test_the_review_meeting_is_back_scheduled_12_weeks_before_the_deadline(year_6):
    # 15 February 2029 less 84 days; 31 March 2029 less 84 days.
    assert transfers.review_meeting_by(year_6) == date(2028, 11, 23)
    year_6.kind = TransferKind.TO_POST_16
    assert transfers.review_meeting_by(year_6) == date(2029, 1, 6)


# Reads: a year's progress and a cohort's list -------------------------------------------------


@pytest.fixture
def four_moves(plans, county):
    """Four transfers for September 2029 in South, one in North, seen on 1 March 2029: a Year 6
    issued on time, a Year 6 overdue (in cohort 2), a post-16 still in time, a post-16 issued
    late; and a North Year 6 the South caseworker cannot see."""
    more = [
        EhcPlan.objects.create(
            reference=f"PLAN-S{n}", pupil=pupil, district=district, issued_on=date(2024, 10, 1)
        )
        for n, (pupil, district) in enumerate(
            [
                (county.pupil_c, county.south),
                (county.pupil_left_a, county.south),
                (county.pupil_c, county.north),
            ]
        )
    ]
    rows = [
        (plans[0], TransferKind.PRIMARY_TO_SECONDARY, TransferCohort.AGREED, date(2029, 2, 1)),
        (more[0], TransferKind.PRIMARY_TO_SECONDARY, TransferCohort.PLACEMENT_MEETING, None),
        (plans[1], TransferKind.TO_POST_16, TransferCohort.AGREED, None),
        (more[1], TransferKind.TO_POST_16, TransferCohort.MOP_UP, date(2029, 4, 20)),
        (more[2], TransferKind.PRIMARY_TO_SECONDARY, TransferCohort.AGREED, None),
    ]
    return [
        PhaseTransfer.objects.create(
            plan=plan, transfer_year=2029, kind=kind, cohort=cohort, amended_issued_on=issued
        )
        for plan, kind, cohort, issued in rows
    ]


def test_a_years_progress_by_kind_cohort_and_district(four_moves, caseworker):
    progress = selectors_transfers.year_progress(caseworker, 2029, today=date(2029, 3, 1))
    assert progress.total.counts == {
        transfers.ON_TIME: 1,
        transfers.AT_RISK: 1,
        transfers.OUTSTANDING: 1,
        transfers.LATE: 1,  # issued in April, counted with the figures as they stand now
    }
    by_kind = {row.key: row.tally for row in progress.by_kind}
    assert (by_kind["secondary"].on_time, by_kind["secondary"].overdue) == (1, 1)
    assert (by_kind["post_16"].in_time, by_kind["post_16"].late) == (1, 1)
    assert by_kind["reception"].total == 0
    by_cohort = {row.key: row.tally.total for row in progress.by_cohort}
    assert by_cohort == {"agreed": 2, "placement_meeting": 1, "mop_up": 1}
    assert [(row.label, row.tally.total) for row in progress.by_district] == [("South", 4)]


def test_the_progress_curve_counts_plans_issued_by_each_day(four_moves, caseworker):
    progress = selectors_transfers.year_progress(caseworker, 2029, today=date(2029, 6, 30))
    month_ends = {(p.series, p.day): (p.issued, p.total) for p in progress.by_month}
    assert month_ends[("school", date(2029, 1, 31))] == (0, 2)
    assert month_ends[("school", date(2029, 2, 28))] == (1, 2)
    assert month_ends[("post_16", date(2029, 4, 30))] == (1, 2)
    assert len(progress.by_month) == 2 * 9  # September to May, for each deadline
    weekly = [p for p in progress.curve if p.series == "school"]
    assert weekly[0].day == date(2028, 9, 4)  # the first Monday of September
    assert weekly[-1].day <= date(2029, 5, 31)


@pytest.mark.parametrize(
    "status", [transfers.ON_TIME, transfers.LATE, transfers.AT_RISK, transfers.OUTSTANDING]
)
def test_the_status_filter_agrees_with_each_transfers_standing(four_moves, caseworker, status):
    today = date(2029, 3, 1)
    found = selectors_transfers.cohort_transfers(
        caseworker, selectors_transfers.CohortFilters(year=2029, status=status), today=today
    )
    expected = [t.pk for t in four_moves[:4] if transfers.standing(t, today) == status]
    assert [t.pk for t in found] == expected


def test_the_cohort_list_filters_by_kind_cohort_and_district(four_moves, caseworker, county):
    def found(**filters):
        chosen = selectors_transfers.CohortFilters(year=2029, **filters)
        listed = selectors_transfers.cohort_transfers(caseworker, chosen, today=date(2029, 3, 1))
        return {t.pk for t in listed}

    ids = [t.pk for t in four_moves]
    assert found(kind="secondary") == {ids[0], ids[1]}
    assert found(cohort=TransferCohort.MOP_UP) == {ids[3]}
    assert found(district=county.south) == set(ids[:4])
    assert found(district=county.north) == set()  # outside the caseworker's area


def test_a_move_to_reception_is_added_by_hand(plans, caseworker, county):
    added = transfers.phase_transfer_add(
        plan_reference=" plan-t1 ",
        transfer_year=2027,
        kind=TransferKind.TO_RECEPTION,
        by=caseworker,
    )
    assert (added.plan, added.kind, added.cohort) == (
        plans[0],
        TransferKind.TO_RECEPTION,
        TransferCohort.AGREED,
    )
    assert transfers.deadline_of(added) == date(2027, 2, 15)


@pytest.mark.parametrize(
    "reference, kind, message",
    [
        ("PLAN-T1", "nursery", "Choose the kind of move"),
        ("PLAN-NONE", TransferKind.TO_RECEPTION, "no EHC plan with that reference in your area"),
        ("PLAN-NORTH", TransferKind.TO_RECEPTION, "no EHC plan with that reference in your area"),
        ("PLAN-CEASED", TransferKind.TO_RECEPTION, "PLAN-CEASED is not in force"),
        ("PLAN-T2", TransferKind.TO_RECEPTION, "already has a transfer for September 2029"),
    ],
)
def test_adding_a_move_by_hand_is_refused(plans, caseworker, county, reference, kind, message):
    EhcPlan.objects.create(reference="PLAN-NORTH", pupil=county.pupil_c, district=county.north,
                           issued_on=date(2024, 1, 1))  # fmt: skip
    EhcPlan.objects.create(reference="PLAN-CEASED", pupil=county.pupil_c, district=county.south,
                           issued_on=date(2024, 1, 1), ceased_on=date(2025, 1, 1))  # fmt: skip
    PhaseTransfer.objects.create(plan=plans[1], transfer_year=2029, kind=TransferKind.TO_POST_16)
    before = PhaseTransfer.objects.count()
    with pytest.raises(SendRefused, match=message):
        transfers.phase_transfer_add(
            plan_reference=reference, transfer_year=2029, kind=kind, by=caseworker
        )
    assert PhaseTransfer.objects.count() == before


# The amended plan itself: a plan whose text Front Door holds gets its new version ------------


@pytest.fixture
def year_6_in_text(year_6, county):
    """Year 6's transfer, its plan's text held here, section I naming the primary school."""
    content = plans_content.complete() | {
        "I": {"urn": county.school_a.urn, "name": county.school_a.name, "type": "mainstream"}
    }
    PlanVersion.objects.create(
        plan=year_6.plan,
        number=1,
        status=PlanVersion.Status.FINAL,
        content=content,
        made_on=date(2024, 10, 1),
    )
    return year_6


def test_issuing_the_transfer_makes_the_plans_new_version_naming_the_setting(
    year_6_in_text, caseworker, county
):
    transfers.phase_transfer_amended_issue(
        transfer=year_6_in_text, named_setting=county.school_b, on=HELD, by=caseworker
    )
    year_6_in_text.refresh_from_db()
    plan = year_6_in_text.plan
    latest = plan.versions.last()
    assert (latest.number, latest.status, latest.reason, latest.made_on) == (
        2,
        PlanVersion.Status.FINAL,
        PlanVersion.Reason.PHASE_TRANSFER,
        HELD,
    )
    assert latest.content["I"] == {"urn": 990002, "name": "Beech Academy", "type": "mainstream"}
    assert latest.content["B"] == plans_content.complete()["B"]  # the rest as in force
    assert (year_6_in_text.amended_issued_on, year_6_in_text.named_setting) == (
        HELD,
        county.school_b,
    )
    assert plan.named_setting == county.school_b


def test_the_transfer_waits_for_an_open_draft_to_be_issued_from_the_plans_page(
    year_6_in_text, caseworker, county
):
    plan = year_6_in_text.plan
    plan_services.plan_amendment_start(plan=plan, reason=PlanVersion.Reason.OTHER, by=caseworker)
    with pytest.raises(SendRefused, match="draft amendment open"):
        transfers.phase_transfer_amended_issue(
            transfer=year_6_in_text, named_setting=county.school_b, on=HELD, by=caseworker
        )
    assert plan.versions.count() == 2  # nothing issued, nothing settled
    year_6_in_text.refresh_from_db()
    assert year_6_in_text.amended_issued_on is None


def test_a_draft_issued_from_the_plans_page_naming_a_new_setting_settles_the_transfer(
    year_6_in_text, caseworker, county
):
    plan = year_6_in_text.plan
    draft = plan_services.plan_amendment_start(
        plan=plan, reason=PlanVersion.Reason.OTHER, by=caseworker
    )
    content = draft.content | {"I": {"urn": 990002, "name": "Beech Academy", "type": "mainstream"}}
    plan_services.plan_draft_edit(plan=plan, content=content, by=caseworker)
    plan_services.plan_draft_issue(plan=plan, on=HELD, by=caseworker)
    year_6_in_text.refresh_from_db()
    assert (year_6_in_text.amended_issued_on, year_6_in_text.named_setting) == (
        HELD,
        county.school_b,
    )


def test_an_amendment_naming_the_same_setting_leaves_the_transfer_open(year_6_in_text, caseworker):
    plan = year_6_in_text.plan
    plan_services.plan_amendment_start(plan=plan, reason=PlanVersion.Reason.OTHER, by=caseworker)
    plan_services.plan_draft_issue(plan=plan, on=HELD, by=caseworker)
    year_6_in_text.refresh_from_db()
    assert year_6_in_text.amended_issued_on is None
