"""The disagreement pages: the area's list (Tribunal orders due or overdue first, the county's
appeal count), recording a new disagreement for a child, and a disagreement's windows with
each step recorded or refused (the reason at its field, nothing changed), and who may see them."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.send.models_disagreements import AppealableDecision, Disagreement, TribunalOrder


def disagreement(pupil, district, **dates) -> Disagreement:
    return Disagreement.objects.create(
        pupil=pupil,
        district=district,
        decision=dates.pop("decision", AppealableDecision.REFUSE_ASSESS),
        decision_letter_on=dates.pop("decision_letter_on", date(2025, 6, 30)),
        **dates,
    )


def page_url(d) -> str:
    return reverse("send_disagreement", kwargs={"disagreement_id": d.pk})


def error_summary(response) -> str:
    html = response.content.decode()
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_the_list_puts_overdue_orders_first_and_counts_the_countys_appeals(client_, county):
    today = timezone.localdate()
    fresh = disagreement(county.pupil_b, county.south, decision_letter_on=today - timedelta(9))
    overdue_order = disagreement(
        county.pupil_left_a,
        county.south,
        decision_letter_on=today - timedelta(days=300),
        appeal_registered_on=today - timedelta(days=250),
        order=TribunalOrder.NAME_SCHOOL,
        order_made_on=today - timedelta(days=30),  # 2 weeks to comply: overdue
    )
    disagreement(
        county.pupil_a,
        county.north,
        decision=AppealableDecision.CEASE,
        appeal_registered_on=today - timedelta(days=40),
    )
    page = client_.get(reverse("send_disagreements")).content.decode()
    assert "Bella Stone" in page and "Dora Marsh" in page
    assert "Amelia Hart" not in page  # north is not the caseworker's area
    assert page.index("Dora Marsh") < page.index("Bella Stone")
    assert "Order: issue the amended plan" in page and "Overdue" in page
    assert "2 in the county, 1 in your area" in page
    assert fresh.pk and overdue_order.pk


def test_closed_disagreements_are_listed_apart(client_, county):
    today = timezone.localdate()
    disagreement(
        county.pupil_b,
        county.south,
        decision_letter_on=today - timedelta(days=300),
        appeal_registered_on=today - timedelta(days=250),
        order=TribunalOrder.DISMISSED,
        order_made_on=today - timedelta(days=30),
    )
    assert "Bella Stone" not in client_.get(reverse("send_disagreements")).content.decode()
    closed = client_.get(reverse("send_disagreements"), {"show": "closed"}).content.decode()
    assert "Bella Stone" in closed and "Tribunal: appeal dismissed" in closed


def test_a_disagreement_is_recorded_for_a_child(client_, county):
    found = client_.get(reverse("send_disagreement_new"), {"q": "stone"}).content.decode()
    assert "Stone, Bella" in found
    url = reverse("send_disagreement_new") + f"?pupil={county.pupil_b.pk}"
    assert 'value="E07000902"' not in client_.get(url).content.decode()  # ids, not codes
    response = client_.post(
        url,
        {
            "pupil": county.pupil_b.pk,
            "district": county.south.pk,
            "decision": AppealableDecision.CONTENTS,
            "decision_letter_on": "2025-10-01",
        },
    )
    made = Disagreement.objects.get()
    assert response.status_code == 302 and response.url == page_url(made)
    assert (made.decision, made.decision_letter_on) == ("contents", date(2025, 10, 1))


def test_a_new_disagreement_is_refused_outside_the_area_or_dated_ahead(client_, county):
    url = reverse("send_disagreement_new") + f"?pupil={county.pupil_b.pk}"
    outside = client_.post(
        url,
        {
            "pupil": county.pupil_b.pk,
            "district": county.north.pk,
            "decision": AppealableDecision.CONTENTS,
            "decision_letter_on": "2025-10-01",
        },
    )
    assert "Select a district" in error_summary(outside)
    ahead = client_.post(
        url,
        {
            "pupil": county.pupil_b.pk,
            "district": county.south.pk,
            "decision": AppealableDecision.CONTENTS,
            "decision_letter_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert "The date cannot be in the future." in error_summary(ahead)
    assert not Disagreement.objects.exists()


def test_the_page_shows_the_windows_and_is_audited(client_, county):
    d = disagreement(county.pupil_b, county.south, mediation_declined_on=date(2025, 7, 10))
    page = client_.get(page_url(d)).content.decode()
    # Hand-worked: 2 months from 30 June; 3 working days from Thursday 10 July; the appeal's
    # 30 August falls in August, so the first working day of September.
    assert "Sat 30 Aug 2025" in page
    assert "Tue 15 Jul 2025" in page and "Overdue" in page  # no certificate recorded
    assert "Mon 1 Sep 2025" in page
    assert AuditEvent.objects.filter(action="disagreement.view", object_id=str(d.pk)).exists()


def post_step(client, d, action: str, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(page_url(d), data)


def test_each_step_is_recorded_in_order(client_, county):
    d = disagreement(county.pupil_b, county.south)
    steps = [
        ("mediation_requested", {"on": "2025-07-07"}, "mediation_requested_on"),
        ("mediation_held", {"on": "2025-08-01", "agreement": "none"}, "mediation_held_on"),
        ("certificate", {"on": "2025-08-04"}, "certificate_issued_on"),
        ("appeal", {"on": "2025-09-01"}, "appeal_registered_on"),
        ("order", {"on": "2025-12-01", "order": TribunalOrder.AMEND}, "order_made_on"),
    ]
    for action, fields, recorded in steps:
        response = post_step(client_, d, action, **fields)
        assert response.status_code == 302, (action, error_summary(response))
        d.refresh_from_db()
        assert getattr(d, recorded) == date.fromisoformat(fields["on"])
    # An order to amend has one step, named on the form rather than chosen.
    page = client_.get(page_url(d)).content.decode()
    assert "Date the amended plan was issued" in page and 'type="radio"' not in page
    response = post_step(client_, d, "order_step", step="amended_plan", on="2026-01-02")
    assert response.status_code == 302, error_summary(response)
    d.refresh_from_db()
    assert d.order == TribunalOrder.AMEND
    assert d.order_steps_done == {"amended_plan": "2026-01-02"}
    page = client_.get(page_url(d)).content.decode()
    assert "Order complied with" in page and "Record what happened" not in page


def test_a_step_dated_before_the_one_it_follows_is_refused(client_, county):
    d = disagreement(county.pupil_b, county.south, mediation_declined_on=date(2025, 7, 10))
    response = post_step(client_, d, "certificate", on="2025-07-09")
    assert "The date cannot be before the family’s answer about mediation" in error_summary(
        response
    )
    d.refresh_from_db()
    assert d.certificate_issued_on is None


def test_a_step_not_open_is_not_found(client_, county):
    d = disagreement(county.pupil_b, county.south)
    assert post_step(client_, d, "order_step", step="notify", on="2025-08-01").status_code == 404
    assert post_step(client_, d, "no_such_step", on="2025-08-01").status_code == 404
    appealed = disagreement(county.pupil_b, county.south, appeal_registered_on=date(2025, 8, 1))
    assert post_step(client_, appealed, "mediation_requested", on="2025-08-02").status_code == 404
    assert "The family asked for mediation" not in client_.get(page_url(appealed)).content.decode()


def order_to_assess(county, **more) -> Disagreement:
    """An order to assess made on Monday 3 November 2025: notify by Monday 17 November, decide
    not to issue by Monday 12 January 2026, the final plan by Monday 9 February 2026."""
    return disagreement(
        county.pupil_b,
        county.south,
        appeal_registered_on=date(2025, 8, 20),
        order=TribunalOrder.ASSESS,
        **({"order_made_on": date(2025, 11, 3)} | more),
    )


def order_rows(page: str) -> list[str]:
    """The text of each row of the order's table."""
    start = page.index('id="order-steps"')
    table = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_the_page_shows_each_step_of_the_order_with_its_own_status(client_, county):
    d = order_to_assess(county, order_steps_done={"notify": "2025-11-14"})
    page = client_.get(page_url(d)).content.decode()
    rows = order_rows(page)
    assert rows[0].startswith("Order: notify that the assessment will be made Mon 17 Nov 2025")
    assert "Fri 14 Nov 2025 Done" in rows[0]
    assert rows[1].startswith("Order: decide not to issue a plan (if so) Mon 12 Jan 2026")
    assert rows[2].startswith("Order: issue the final plan Mon 9 Feb 2026 Not yet")
    # The next step is the final plan or a decision not to issue one: the form asks which.
    assert 'value="final_plan"' in page and 'value="decision_not_to_issue"' in page
    assert 'value="notify"' not in page


def test_the_next_step_is_recorded_and_shown_late(client_, county):
    d = order_to_assess(county, order_steps_done={"notify": "2025-11-14"})
    response = post_step(client_, d, "order_step", step="final_plan", on="2026-02-16")
    assert response.status_code == 302, error_summary(response)
    d.refresh_from_db()
    assert d.order_steps_done == {"notify": "2025-11-14", "final_plan": "2026-02-16"}
    page = client_.get(page_url(d)).content.decode()
    rows = order_rows(page)
    assert "Fri 14 Nov 2025 Done" in rows[0]  # on time, though the plan was late
    assert "Not needed" in rows[1]
    assert "Mon 16 Feb 2026 Done late" in rows[2]
    assert "Order complied with" in page and "Record what happened" not in page
    assert AuditEvent.objects.filter(action="disagreement.order_step", object_id=str(d.pk)).exists()


def test_a_refused_step_of_the_order_keeps_what_was_typed(client_, county):
    d = order_to_assess(county, order_steps_done={"notify": "2025-11-14"})
    response = post_step(client_, d, "order_step", step="final_plan", on="2025-11-13")
    assert response.status_code == 200
    assert (
        "The date cannot be before the family was told the assessment will be made "
        "(14 November 2025)." in error_summary(response)
    )
    page = response.content.decode()
    assert 'value="2025-11-13"' in page
    assert re.search(r'value="final_plan"[^>]*checked', page)
    missing = post_step(client_, d, "order_step", on="2026-01-05")
    assert "Choose what the council did" in error_summary(missing)
    d.refresh_from_db()
    assert d.order_steps_done == {"notify": "2025-11-14"}


def test_the_list_shows_an_orders_earliest_unmet_step(client_, county):
    today = timezone.localdate()
    order_to_assess(
        county,
        order_made_on=today - timedelta(weeks=12),  # notified; no plan yet, due in 2 weeks
        order_steps_done={"notify": (today - timedelta(weeks=11)).isoformat()},
    )
    page = client_.get(reverse("send_disagreements")).content.decode()
    due = (today + timedelta(weeks=2)).strftime("%-d %b %Y")
    assert f"Order: issue the final plan by {due}" in page


def test_a_disagreement_outside_the_area_is_not_found(client_, county):
    d = disagreement(county.pupil_a, county.north)
    assert client_.get(page_url(d)).status_code == 404
    assert post_step(client_, d, "appeal", on="2025-08-01").status_code == 404


@pytest.mark.parametrize("name", ["finance", "head_b", "analyst", "virtual_school"])
def test_other_roles_are_refused_disagreements(signed_in, county, name):
    client = signed_in(name)
    d = disagreement(county.pupil_b, county.south)
    for url in (
        reverse("send_disagreements"),
        reverse("send_disagreement_new"),
        page_url(d),
    ):
        assert client.get(url).status_code == 403


def test_a_mediation_agreement_is_recorded_and_carried_out_from_the_page(client_, county):
    d = disagreement(county.pupil_b, county.south, mediation_requested_on=date(2025, 7, 7))
    # Without saying what was agreed the step is refused, and the form keeps what was typed.
    response = post_step(client_, d, "mediation_held", on="2025-08-01", agreement="name_school")
    assert "Say what the mediation agreed" in error_summary(response)
    assert re.search(r'value="name_school"[^>]* checked', response.content.decode())
    agreed = "Oak Academy to be named in section I."
    response = post_step(
        client_, d, "mediation_held", on="2025-08-01", agreement="name_school", agreed=agreed
    )
    assert response.status_code == 302, error_summary(response)
    page = client_.get(page_url(d)).content.decode()
    assert "What the mediation agreement asks of the council" in page
    assert "Agreement: issue the amended plan" in page and "Fri 15 Aug 2025" in page
    assert agreed in page and "Mediation: agreement reached" in page
    response = post_step(client_, d, "order_step", step="amended_plan", on="2025-08-14")
    assert response.status_code == 302, error_summary(response)
    page = client_.get(page_url(d)).content.decode()
    assert "Mediation agreement carried out" in page
