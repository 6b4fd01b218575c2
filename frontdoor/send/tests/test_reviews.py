"""Annual reviews: the meeting's notice, the decision with its amendments, the amended plan, and
which plans are due or overdue."""

from datetime import date

import pytest

from frontdoor.core.models import User
from frontdoor.core.roles import Role
from frontdoor.send import review_services, reviews
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision
from frontdoor.send.services import SendRefused
from frontdoor.send.tests.plans import complete, issued_plan


def a_plan(county, issued_on=date(2024, 5, 1), number=1) -> EhcPlan:
    return issued_plan(
        f"PLAN-T{number}", pupil=county.pupil_b, district=county.south, issued_on=issued_on
    )


def test_a_review_is_due_a_year_after_the_plan(county, caseworker):
    review = review_services.review_open(plan=a_plan(county), by=caseworker)
    assert review.due_on == date(2025, 5, 1)
    with pytest.raises(SendRefused, match="already has a review under way"):
        review_services.review_open(plan=review.plan, by=caseworker)


def test_invitations_need_two_weeks_notice(county, caseworker):
    review = review_services.review_open(plan=a_plan(county), by=caseworker)
    with pytest.raises(SendRefused, match="by 17 March 2025 for a meeting on 31 March 2025"):
        review_services.review_meeting_arrange(
            review=review,
            meeting_on=date(2025, 3, 31),
            invitations_sent_on=date(2025, 3, 18),
            by=caseworker,
        )
    arranged = review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2025, 3, 31),
        invitations_sent_on=date(2025, 3, 17),
        by=caseworker,
    )
    assert arranged.meeting_on == date(2025, 3, 31)


def test_amending_needs_the_amendments_with_the_decision_then_the_amended_plan(county, caseworker):
    plan = a_plan(county)
    review = review_services.review_open(plan=plan, by=caseworker)
    review_services.review_meeting_arrange(
        review=review,
        meeting_on=date(2025, 3, 31),
        invitations_sent_on=date(2025, 3, 10),
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="Set out the proposed amendments"):
        review_services.review_decide(
            review=review, decision=ReviewDecision.AMEND, on=date(2025, 4, 20), by=caseworker
        )
    amended = complete()
    amended["F"][0]["hours_a_week"] = 5
    review_services.review_decide(
        review=review,
        decision=ReviewDecision.AMEND,
        on=date(2025, 4, 20),
        amendments=amended,
        by=caseworker,
    )
    with pytest.raises(SendRefused, match="until 4 May 2025 to comment"):
        review_services.review_amended_plan_issue(review=review, on=date(2025, 5, 4), by=caseworker)
    review_services.review_amended_plan_issue(review=review, on=date(2025, 6, 2), by=caseworker)
    versions = list(plan.versions.values_list("number", "status", "reason"))
    assert versions == [(1, "final", "new"), (2, "final", "review")]
    steps = {s.step: s for s in reviews.review_clock(AnnualReview.objects.get(pk=review.pk))}
    assert steps["decision"].status(date(2025, 7, 1)) == "done"  # 20 April, within 4 weeks
    assert steps["amended_plan"].due == date(2025, 6, 15)  # 8 weeks after 20 April


def test_overdue_and_termly_lists(county, caseworker):
    overdue = a_plan(county, issued_on=date(2024, 1, 10), number=1)
    reviewed = a_plan(county, issued_on=date(2024, 1, 10), number=2)
    AnnualReview.objects.create(
        plan=reviewed,
        due_on=date(2025, 1, 10),
        meeting_on=date(2024, 12, 2),
        decision=ReviewDecision.MAINTAIN,
        decision_on=date(2024, 12, 20),
    )
    due_in_spring = a_plan(county, issued_on=date(2024, 3, 15), number=3)
    plans = EhcPlan.objects.prefetch_related("reviews")
    today = date(2025, 2, 1)
    assert [s.plan for s in reviews.overdue(plans, today)] == [overdue]
    spring = reviews.due_between(plans, date(2025, 1, 6), date(2025, 4, 4))
    assert [s.plan for s in spring] == [overdue, due_in_spring]  # reviewed is due Dec 2025


# The clock, lateness and the figures, worked by hand ----------------------------------------


def a_review(**dates) -> AnnualReview:
    return AnnualReview(due_on=dates.pop("due_on", date(2025, 5, 1)), **dates)


def test_the_clock_starts_with_the_meeting_held_only_once_its_day_has_come():
    arranged = a_review(meeting_on=date(2025, 4, 10), invitations_sent_on=date(2025, 3, 20))
    before = {s.step: s for s in reviews.review_clock(arranged, date(2025, 4, 9))}
    assert before["review_meeting"].done_on is None  # arranged, not yet held
    assert before["review_meeting"].due == date(2025, 5, 1)
    held = {s.step: s for s in reviews.review_clock(arranged, date(2025, 4, 10))}
    assert held["review_meeting"].done_on == date(2025, 4, 10)
    assert held["invitations"].due == date(2025, 3, 27)  # 2 weeks before 10 April
    assert held["report"].due == date(2025, 4, 24)  # 2 weeks after
    assert held["decision"].due == date(2025, 5, 8)  # 4 weeks after
    assert "amended_plan" not in held


@pytest.mark.parametrize(
    ("review", "today", "expected"),
    [
        # no review opened: late from the day after it was due
        (None, date(2025, 5, 1), []),
        (None, date(2025, 5, 2), [("review_meeting", date(2025, 5, 1), 1)]),
        # a meeting arranged for after the due date is still the meeting not held
        (
            a_review(meeting_on=date(2025, 6, 2), invitations_sent_on=date(2025, 5, 1)),
            date(2025, 5, 29),
            [("review_meeting", date(2025, 5, 1), 28)],
        ),
        # held 10 April: report due 24 April, decision 8 May
        (
            a_review(meeting_on=date(2025, 4, 10), invitations_sent_on=date(2025, 3, 20)),
            date(2025, 5, 1),
            [("report", date(2025, 4, 24), 7)],
        ),
        (
            a_review(meeting_on=date(2025, 4, 10), report_received_on=date(2025, 4, 20)),
            date(2025, 5, 22),
            [("decision", date(2025, 5, 8), 14)],
        ),
        # decided to amend on 1 May: the amended plan due 26 June (8 weeks)
        (
            a_review(
                meeting_on=date(2025, 4, 10),
                report_received_on=date(2025, 4, 20),
                decision=ReviewDecision.AMEND,
                decision_on=date(2025, 5, 1),
            ),
            date(2025, 7, 1),
            [("amended_plan", date(2025, 6, 26), 5)],
        ),
    ],
)
def test_which_step_is_late(review, today, expected):
    found = reviews.late_steps(date(2025, 5, 1), review, today)
    assert [(late.step, late.due, late.days) for late in found] == expected


def test_how_late_reads_in_days_then_weeks():
    assert reviews.Lateness("report", date(2025, 1, 1), 1).how_late == "1 day"
    assert reviews.Lateness("report", date(2025, 1, 1), 13).how_late == "13 days"
    assert reviews.Lateness("report", date(2025, 1, 1), 20).how_late == "2 weeks"
    assert reviews.Lateness("decision", date(2025, 1, 1), 20).label == "Decision late"


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2026, 11, 22), (2026, "autumn")),
        (date(2026, 12, 18), (2026, "autumn")),  # its last day
        (date(2026, 12, 25), (2026, "spring")),  # the holiday: the coming term
        (date(2027, 8, 10), (2027, "autumn")),
    ],
)
def test_the_term_for_a_day(day, term):
    found = reviews.term_for(day)
    assert (found.academic_year, found.name) == term


def test_a_phase_transfer_review_is_the_one_in_the_year_before_the_move():
    assert reviews.phase_transfer_review(date(2026, 11, 1), [2027])  # Year 6, moving Sept 2027
    assert reviews.phase_transfer_review(date(2027, 8, 31), [2027])
    assert not reviews.phase_transfer_review(date(2027, 9, 1), [2027])
    assert not reviews.phase_transfer_review(date(2025, 11, 1), [2027])
    assert not reviews.phase_transfer_review(date(2026, 11, 1), [])


def test_the_figures_for_a_period_and_by_month():
    """September to October 2025, on 20 October: four reviews due (three by today), two of them
    held by the due date; three meetings in the period, of which one decided within 4 weeks,
    one after, and one still within its 4 weeks (not counted)."""
    found = [
        reviews.ReviewDates(date(2025, 9, 10), date(2025, 9, 1), date(2025, 9, 20)),  # on time
        reviews.ReviewDates(date(2025, 9, 15), date(2025, 9, 15), date(2025, 10, 20)),  # late
        reviews.ReviewDates(date(2025, 9, 30)),  # not opened: not held
        reviews.ReviewDates(date(2025, 10, 31), date(2025, 10, 6)),  # held early, deciding
        reviews.ReviewDates(date(2025, 8, 20), date(2025, 8, 18), date(2025, 9, 1)),  # before
    ]
    today = date(2025, 10, 20)
    whole, months = reviews.figures_by_month(
        found, start=date(2025, 9, 1), end=date(2025, 10, 31), today=today
    )
    assert (whole.due, whole.due_so_far, whole.held_on_time) == (4, 3, 2)
    assert (whole.decisions_due, whole.decided_in_4_weeks) == (2, 1)
    assert whole.held_on_time_rate == pytest.approx(66.667, abs=0.001)
    assert whole.decided_in_4_weeks_rate == 50
    september, october = (figures for _, figures in months)
    assert (september.due, september.held_on_time, september.decisions_due) == (3, 2, 2)
    assert (october.due, october.due_so_far, october.decisions_due) == (1, 0, 0)
    assert october.held_on_time_rate is None  # nothing due yet: no data, not 0%


# Services: the new refusals and the phase transfer review -----------------------------------


def test_the_meeting_cannot_be_moved_once_its_report_is_in(county, caseworker):
    review = review_services.review_open(plan=a_plan(county), by=caseworker)
    arrange = {"meeting_on": date(2025, 3, 31), "invitations_sent_on": date(2025, 3, 10)}
    review_services.review_meeting_arrange(review=review, by=caseworker, **arrange)
    review_services.review_report_record(review=review, on=date(2025, 4, 7), by=caseworker)
    with pytest.raises(SendRefused, match="report was recorded as received on 7 April 2025"):
        review_services.review_report_record(review=review, on=date(2025, 4, 8), by=caseworker)
    with pytest.raises(SendRefused, match="held on 31 March 2025 and its report received"):
        review_services.review_meeting_arrange(review=review, by=caseworker, **arrange)


def test_a_review_opened_in_the_year_before_a_move_is_a_phase_transfer_review(county, caseworker):
    from frontdoor.send.models_transfers import PhaseTransfer, TransferKind

    plan = a_plan(county, issued_on=date(2025, 11, 3))  # next review due 3 November 2026
    PhaseTransfer.objects.create(
        plan=plan, transfer_year=2027, kind=TransferKind.PRIMARY_TO_SECONDARY
    )
    assert review_services.review_open(plan=plan, by=caseworker).phase_transfer
    other = a_plan(county, issued_on=date(2025, 11, 3), number=2)
    assert not review_services.review_open(plan=other, by=caseworker).phase_transfer


def test_a_caseworker_of_another_area_cannot_open_a_review(county, persona):
    plan = a_plan(county)
    north = User.objects.create_user(username="send.north", role=Role.SEND_CASEWORKER)
    north.districts.set([county.north])
    for outsider in (north, persona("attendance_officer_south")):
        with pytest.raises(SendRefused, match="not in your area"):
            review_services.review_open(plan=plan, by=outsider)
    assert not AnnualReview.objects.exists()


# Selectors: the caseload's standings in a fixed number of queries -------------------------


def test_standings_worklist_and_termly_lists(county, caseworker, django_assert_max_num_queries):
    from frontdoor.core.term_dates import term
    from frontdoor.send import selectors_reviews as selectors

    never = a_plan(county, issued_on=date(2024, 1, 10), number=1)  # due 10 Jan 2025
    reviewed = a_plan(county, issued_on=date(2024, 1, 10), number=2)
    AnnualReview.objects.create(
        plan=reviewed,
        due_on=date(2025, 1, 10),
        meeting_on=date(2024, 12, 2),
        decision=ReviewDecision.MAINTAIN,
        decision_on=date(2024, 12, 20),
    )  # next due 2 December 2025
    deciding = a_plan(county, issued_on=date(2024, 3, 15), number=3)
    AnnualReview.objects.create(
        plan=deciding,
        due_on=date(2025, 3, 15),
        meeting_on=date(2025, 1, 13),
        invitations_sent_on=date(2024, 12, 16),
        report_received_on=date(2025, 1, 20),
    )  # decision due 10 February 2025
    in_summer = a_plan(county, issued_on=date(2024, 5, 20), number=4)  # due 20 May 2025
    ceased = a_plan(county, issued_on=date(2024, 1, 10), number=5)
    ceased.ceased_on = date(2024, 6, 1)
    ceased.save()
    today = date(2025, 2, 17)
    scope = selectors.Scope()
    with django_assert_max_num_queries(2):
        found = {s.plan_id: s for s in selectors.standings(caseworker, scope, today=today)}
    assert set(found) == {never.pk, reviewed.pk, deciding.pk, in_summer.pk}
    assert found[never.pk].due == date(2025, 1, 10)
    assert [late.step for late in found[never.pk].late] == ["review_meeting"]
    assert found[never.pk].days_late == 38
    assert found[reviewed.pk].due == date(2025, 12, 2) and not found[reviewed.pk].late
    assert [(late.step, late.days) for late in found[deciding.pk].late] == [("decision", 7)]

    spring = term(2024, "spring")
    listed = selectors.worklist(list(found.values()), term=spring, overdue_only=False)
    assert [s.plan_id for s in listed] == [never.pk, deciding.pk]  # the latest first
    summer = term(2024, "summer")
    listed = selectors.worklist(list(found.values()), term=summer, overdue_only=False)
    assert [s.plan_id for s in listed] == [never.pk, deciding.pk, in_summer.pk]
    overdue = selectors.worklist(list(found.values()), term=summer, overdue_only=True)
    assert [s.plan_id for s in overdue] == [never.pk, deciding.pk]

    # The spring term's list: the review opened for it and the plan whose review was not.
    entries = selectors.termly_entries(caseworker, scope, term=spring, today=today)
    assert sorted(e.plan_id for e in entries) == sorted([never.pk, reviewed.pk, deciding.pk])
    rows = selectors.termly_rows(entries)
    assert {row.plan.reference: row.meeting_on for row in rows} == {
        never.reference: None,
        reviewed.reference: date(2024, 12, 2),
        deciding.reference: date(2025, 1, 13),
    }
    grouped = selectors.by_school(entries)
    assert [school for school, _ in grouped] == [None]  # these plans name no school

    # The figures for 2024/25 on 17 February 2025.
    area = selectors.summary(caseworker, scope, list(found.values()), term=spring, today=today)
    figures = area.figures
    # due in the year: the reviews of reviewed, deciding and never (Jan-Mar), in_summer (May)
    assert (figures.due, figures.due_so_far, figures.held_on_time) == (4, 2, 1)
    # meetings in the year: 2 Dec (decided in 18 days) and 13 Jan (past its 4 weeks)
    assert (figures.decisions_due, figures.decided_in_4_weeks) == (2, 1)
    assert area.overdue_now == 2
    assert dict(area.overdue_by_step)["Decision late"] == 1


def test_another_areas_plans_are_not_in_the_standings(county, caseworker):
    from frontdoor.send import selectors_reviews as selectors

    plan = a_plan(county)
    plan.district = county.north
    plan.save()
    assert selectors.standings(caseworker, selectors.Scope(), today=date(2026, 1, 1)) == []
