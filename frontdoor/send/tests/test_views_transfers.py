"""The phase transfer pages: a year's progress and opening its transfers, a cohort's list with
its filters, and one transfer's page with each step (done, or refused with the reason in the
error summary and nothing changed); who may see which, and the audit of every named child."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.send import transfers
from frontdoor.send.models_plans import EhcPlan
from frontdoor.send.models_transfers import PhaseTransfer, TransferCohort, TransferKind

YEAR = 2029  # Amelia (reception 2022) moves to secondary, Bella (Year 7 2024) to post-16


@pytest.fixture
def plans(county):
    return [
        EhcPlan.objects.create(
            reference=f"PLAN-V{n}", pupil=pupil, district=county.south, issued_on=date(2024, 10, 1)
        )
        for n, pupil in enumerate([county.pupil_a, county.pupil_b])
    ]


@pytest.fixture
def opened(plans, caseworker):
    transfers.phase_transfers_open(transfer_year=YEAR, by=caseworker)
    return PhaseTransfer.objects.get(kind=TransferKind.PRIMARY_TO_SECONDARY)


def text(response) -> str:
    return response.content.decode()


def test_the_progress_page_shows_the_year_being_worked_by_default(client_, plans):
    working = transfers.working_transfer_year(timezone.localdate())
    response = client_.get(reverse("send_transfers"))
    assert response.status_code == 200
    assert f"Phase transfers: moves in September {working}" in text(response)
    assert f"15 February {working}" in text(response)
    assert "No transfers are open" in text(response)


def test_opening_a_years_transfers_tells_how_many_and_is_idempotent(client_, plans):
    response = client_.post(reverse("send_transfers"), {"year": YEAR}, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('send_transfers')}?year={YEAR}"
    assert "2 transfers opened for September 2029." in text(response)
    response = client_.post(reverse("send_transfers"), {"year": YEAR}, follow=True)
    assert "No new movers for September 2029" in text(response)
    assert PhaseTransfer.objects.count() == 2


def test_opening_a_year_not_offered_is_refused(client_, plans):
    assert client_.post(reverse("send_transfers"), {"year": 1999}).status_code == 404
    assert not PhaseTransfer.objects.exists()


def test_the_progress_page_counts_by_kind_cohort_and_district_with_a_chart(client_, opened):
    opened.amended_issued_on, opened.named_setting_id = (
        date(2026, 11, 2),
        opened.plan.named_setting_id,
    )
    opened.save()
    response = client_.get(reverse("send_transfers"), {"year": YEAR})
    page = text(response)
    assert "1 of 2 amended plans issued" in page
    by_kind = response.context["progress"].by_kind
    assert [(r.label, r.tally.total, r.tally.on_time) for r in by_kind if r.tally.total] == [
        ("Year 6 to Year 7", 1, 1),
        ("Year 11 to post-16", 1, 0),
    ]
    assert reverse("send_transfer_cohort", args=[YEAR, "secondary"]) in page
    assert ">South</th>" in page and "By cohort" in page
    assert "<svg" not in page  # the school year before the move has not begun: no curve yet


def test_a_past_years_progress_is_charted_with_its_table(client_, plans):
    for plan, kind, issued in [
        (plans[0], TransferKind.PRIMARY_TO_SECONDARY, date(2026, 2, 10)),
        (plans[1], TransferKind.TO_POST_16, None),
    ]:
        PhaseTransfer.objects.create(
            plan=plan, transfer_year=2026, kind=kind, amended_issued_on=issued
        )
    page = text(client_.get(reverse("send_transfers"), {"year": 2026}))
    assert "<svg" in page and "The chart’s figures as a table" in page
    assert "28 February 2026" in page  # a month's end in the table
    assert "Not issued, past the deadline" in page


def test_the_cohort_list_shows_the_children_with_their_dates_and_is_audited(client_, opened):
    response = client_.get(reverse("send_transfer_cohort", args=[YEAR, "secondary"]))
    page = text(response)
    assert response.status_code == 200
    assert "Amelia Hart" in page and "Bella Stone" not in page
    assert "23 November 2028" in page  # the review meeting, 12 weeks before 15 February
    assert "15 February 2029" in page and "Not issued, still in time" in page
    event = AuditEvent.objects.get(action="phase_transfer.list")
    assert event.detail == {"year": YEAR, "kind": "secondary", "page": 1, "shown": 1}


def test_the_cohort_list_filters(client_, opened):
    url = reverse("send_transfer_cohort", args=[YEAR, "all"])
    assert "Bella Stone" in text(client_.get(url))
    assert "Amelia Hart" not in text(client_.get(url, {"cohort": "mop_up"}))
    overdue = text(client_.get(url, {"status": transfers.AT_RISK}))
    assert "No transfers match these filters" in overdue
    assert "Amelia Hart" in text(client_.get(url, {"status": "nonsense"}))  # a bad filter dropped


def test_an_unknown_kind_is_not_found(client_, opened):
    assert client_.get(reverse("send_transfer_cohort", args=[YEAR, "college"])).status_code == 404


def test_the_transfer_page_shows_the_back_scheduled_dates_and_is_audited(client_, opened):
    response = client_.get(reverse("send_transfer", args=[opened.pk]))
    page = text(response)
    assert "Amelia Hart" in page
    assert "Thursday 23 November 2028" in page  # review meeting by
    assert "Thursday 21 December 2028" in page  # decision 4 weeks later
    assert "Thursday 15 February 2029" in page
    # Each step says what it is for; the mop-up is folded away until opened.
    assert "in cohort 1; when they do not, in cohort 2" in page
    assert (
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Move to the mop-up (cohort 3)</span></summary>" in page
    )
    assert AuditEvent.objects.filter(
        action="phase_transfer.view", object_id=str(opened.pk)
    ).exists()


def test_a_disagreement_moves_the_transfer_to_the_placement_meeting_cohort(client_, opened, county):
    response = client_.post(
        reverse("send_transfer", args=[opened.pk]),
        {
            "action": "preferences",
            "preferences-preference": county.school_b.pk,
            "preferences-parents_agree": "yes",
            "preferences-school_agrees": "no",
        },
        follow=True,
    )
    assert "Preference recorded." in text(response)
    opened.refresh_from_db()
    assert (opened.cohort, opened.preference) == (TransferCohort.PLACEMENT_MEETING, county.school_b)


def test_a_refused_step_shows_in_the_error_summary_and_keeps_what_was_typed(
    client_, opened, county
):
    response = client_.post(
        reverse("send_transfer", args=[opened.pk]),
        {
            "action": "placement_meeting",
            "placement_meeting-on": "2028-12-05",
            "placement_meeting-setting_decided": county.school_b.pk,
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The meeting on 5 December 2028 has not been held yet" in page
    assert 'value="2028-12-05"' in page
    opened.refresh_from_db()
    assert opened.placement_meeting_on is None
    assert "<title>Error:" in page


def test_issuing_the_amended_plan_settles_the_transfer(client_, opened, county):
    url = reverse("send_transfer", args=[opened.pk])
    missing = client_.post(url, {"action": "issue", "issue-on": "2026-11-02"})
    assert "Choose the setting the child moves to" in text(missing)
    response = client_.post(
        url,
        {"action": "issue", "issue-named_setting": county.school_b.pk, "issue-on": "2026-11-02"},
        follow=True,
    )
    assert "Amended plan issued." in text(response)
    assert "Issued by the deadline" in text(response)
    assert "Next steps" not in text(response)
    opened.refresh_from_db()
    assert (opened.named_setting, opened.amended_issued_on) == (county.school_b, date(2026, 11, 2))
    again = client_.post(url, {"action": "mop_up", "mop_up-reason": transfers.LATE_PLAN})
    assert again.status_code == 404


def test_the_mop_up_step(client_, opened):
    response = client_.post(
        reverse("send_transfer", args=[opened.pk]),
        {"action": "mop_up", "mop_up-reason": transfers.LATE_APPLICATION},
        follow=True,
    )
    assert "Moved to the mop-up" in text(response)
    opened.refresh_from_db()
    assert opened.cohort == TransferCohort.MOP_UP


def test_a_tampered_step_is_not_found(client_, opened):
    response = client_.post(reverse("send_transfer", args=[opened.pk]), {"action": "cease"})
    assert response.status_code == 404


def test_a_transfer_outside_the_area_is_not_found(client_, opened, county):
    opened.plan.district = county.north
    opened.plan.save()
    assert client_.get(reverse("send_transfer", args=[opened.pk])).status_code == 404
    listed = client_.get(reverse("send_transfer_cohort", args=[YEAR, "secondary"]))
    assert "Amelia Hart" not in text(listed)


@pytest.mark.parametrize("name", ["head_a", "analyst", "virtual_school", "la_admin", "front_door"])
def test_other_roles_may_not_use_the_pages(signed_in, opened, name):
    client = signed_in(name)
    for url in [
        reverse("send_transfers"),
        reverse("send_transfer_cohort", args=[YEAR, "secondary"]),
        reverse("send_transfer", args=[opened.pk]),
    ]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("send_transfers"), {"year": YEAR}).status_code == 403


def test_the_cohort_lists_queries_do_not_grow_with_the_children(client_, opened, county):
    url = reverse("send_transfer_cohort", args=[YEAR, "all"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_.get(url).status_code == 200
        return len(captured)

    two = queries()
    for n, pupil in enumerate([county.pupil_c, county.pupil_left_a, county.pupil_c]):
        plan = EhcPlan.objects.create(
            reference=f"PLAN-Q{n}",
            pupil=pupil,
            district=county.south,
            named_setting=county.school_c,
        )
        PhaseTransfer.objects.create(
            plan=plan,
            transfer_year=YEAR,
            kind=TransferKind.TO_RECEPTION,
            preference=county.school_a,
        )
    assert queries() == two


def test_a_move_is_added_by_hand_or_refused_in_the_error_summary(client_, plans):
    url = reverse("send_transfers")
    refused = client_.post(
        url, {"action": "add", "year": YEAR, "plan_reference": "PLAN-X", "kind": "reception"}
    )
    assert "There is no EHC plan with that reference in your area." in text(refused)
    assert "govuk-error-summary" in text(refused) and 'value="PLAN-X"' in text(refused)
    response = client_.post(
        url,
        {"action": "add", "year": YEAR, "plan_reference": "PLAN-V0", "kind": "reception"},
        follow=True,
    )
    added = PhaseTransfer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("send_transfer", args=[added.pk])
    assert "Transfer added for September 2029." in text(response)
    assert (added.kind, added.transfer_year) == (TransferKind.TO_RECEPTION, YEAR)
