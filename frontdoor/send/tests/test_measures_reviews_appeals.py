"""Annual reviews held on time and the Tribunal appeal rate, by calendar year: hand-worked
counts on a few cases, and the performance page that shows them for the caseworker's area."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from frontdoor.send import measures
from frontdoor.send.models import Delivery, EhcRequest, Requester, Stage
from frontdoor.send.models_disagreements import AppealableDecision, Disagreement
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_reviews import AnnualReview, ReviewDecision


def request(county, number, stage, district=None, **dates) -> EhcRequest:
    return EhcRequest.objects.create(
        reference=f"EHC-9{number:05d}",
        pupil=county.pupil_b,
        district=district or county.south,
        requester=Requester.PARENT,
        delivery=Delivery.EMAIL,
        sent_at=timezone.now(),
        received_on=date(2025, 1, 6),
        stage=stage,
        **dates,
    )


def test_reviews_on_time_count_meetings_by_the_due_date_and_only_reviews_due_by_today(county):
    plan = EhcPlan.objects.create(reference="PLAN-1", pupil=county.pupil_b, district=county.south)
    for due, meeting in [
        (date(2025, 3, 1), date(2025, 2, 20)),  # on time
        (date(2025, 6, 1), date(2025, 6, 1)),  # on the day: on time
        (date(2025, 9, 1), date(2025, 9, 30)),  # late
        (date(2025, 11, 1), None),  # not held
        (date(2026, 2, 1), date(2026, 1, 15)),  # on time, 2026
        (date(2026, 5, 1), date(2026, 4, 25)),  # arranged for before the due date, not yet held
        (date(2026, 9, 1), None),  # not due by "today"
    ]:
        AnnualReview.objects.create(plan=plan, due_on=due, meeting_on=meeting)
    found = measures.reviews_on_time_by_year(AnnualReview.objects.all(), today=date(2026, 4, 20))
    assert [(row.year, row.count, row.of) for row in found] == [(2026, 1, 1), (2025, 2, 4)]
    assert str(found[1].rate) == "50.0"


def test_the_appeal_rate_is_appeals_registered_over_appealable_decisions_in_the_year(county):
    request(county, 1, Stage.REFUSED, assessment_decided_on=date(2025, 2, 10))
    request(
        county,
        2,
        Stage.NOT_ISSUING,
        assessment_decided_on=date(2025, 2, 10),
        plan_decided_on=date(2025, 5, 1),
    )
    issued = {"assessment_decided_on": date(2025, 2, 10), "plan_decided_on": date(2025, 4, 1)}
    request(county, 3, Stage.ISSUED, final_issued_on=date(2025, 6, 1), **issued)
    request(county, 4, Stage.ISSUED, final_issued_on=date(2026, 1, 10), **issued)
    request(county, 5, Stage.ASSESSING, assessment_decided_on=date(2025, 2, 10))  # no decision
    plan = EhcPlan.objects.create(reference="PLAN-1", pupil=county.pupil_b, district=county.south)
    for decision, on in [
        (ReviewDecision.AMEND, date(2025, 10, 1)),
        (ReviewDecision.CEASE, date(2026, 3, 1)),
        (ReviewDecision.MAINTAIN, date(2025, 10, 1)),  # keeping the plan: not appealable here
    ]:
        AnnualReview.objects.create(
            plan=plan, due_on=on, meeting_on=on, decision=decision, decision_on=on
        )
    for letter, registered in [(date(2025, 2, 12), date(2025, 4, 1)), (date(2025, 6, 3), None)]:
        Disagreement.objects.create(
            pupil=county.pupil_b,
            district=county.south,
            decision=AppealableDecision.REFUSE_ASSESS,
            decision_letter_on=letter,
            appeal_registered_on=registered,
        )
    found = measures.appeal_rate_by_year(
        requests=EhcRequest.objects.all(),
        reviews=AnnualReview.objects.all(),
        disagreements=Disagreement.objects.all(),
    )
    # 2025: a refusal, a decision not to issue, a plan and an amendment; one appeal.
    # 2026: a plan and a cessation; no appeal.
    assert [(row.year, row.count, row.of) for row in found] == [(2026, 0, 2), (2025, 1, 4)]
    assert str(found[1].rate) == "25.0"


def test_the_performance_page_shows_them_for_the_caseworkers_area_only(county, client_):
    request(county, 1, Stage.REFUSED, assessment_decided_on=date(2025, 2, 10))
    request(county, 2, Stage.REFUSED, district=county.north, assessment_decided_on=date(2025, 3, 1))
    Disagreement.objects.create(
        pupil=county.pupil_b,
        district=county.south,
        decision=AppealableDecision.REFUSE_ASSESS,
        decision_letter_on=date(2025, 2, 12),
        appeal_registered_on=date(2025, 4, 1),
    )
    page = client_.get(reverse("send_performance")).content.decode()
    assert "Tribunal appeal rate, by year" in page
    assert "1 of 1" in page  # North's refusal is not in South's figures
    assert "No annual review has fallen due yet." in page
