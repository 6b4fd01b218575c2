"""The family's pages, the school's list and the SEND performance page: who may open each, what
they show (stage, next step and date, the plan, who can see it, what changed), the audit, and
the refusals."""

import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.send import plan_services, services
from frontdoor.send.models import Delivery, EhcRequest, Requester
from frontdoor.send.models_notifications import Notification
from frontdoor.send.tests.plans import complete, issued_plan

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 9, 1, 9, 30, tzinfo=LONDON)


@pytest.fixture
def caseworker(persona):
    user = persona("send_caseworker_south")
    user.first_name, user.last_name = "Harriet", "Mensah"
    user.save()
    return user


def receive(county, by, pupil=None, district=None) -> EhcRequest:
    return services.ehc_request_receive(
        pupil=pupil or county.pupil_b,
        district=district or county.south,
        requester=Requester.PARENT,
        requester_name="",
        delivery=Delivery.EMAIL,
        sent_at=SENT,
        by=by,
    )


@pytest.fixture
def parent(persona):
    return persona("parent")  # Bella's


@pytest.fixture
def bellas(county, caseworker, parent):
    ehc = receive(county, caseworker)
    services.assessment_decide(request=ehc, assess=True, on=date(2026, 10, 1), by=caseworker)
    return ehc


def text(response) -> str:
    """The page's words, without its tags."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def test_the_parent_sees_the_stage_the_next_step_and_who_can_see_it(
    county, client, persona, parent, bellas
):
    persona("head_b")
    client.force_login(parent)
    page = text(client.get(reverse("send_family")))
    assert "Your child’s EHC case" in page
    assert "The council is carrying out an EHC needs assessment" in page
    assert "Professionals give their advice and the council decides whether to issue" in page
    assert "22 December 2026" in page
    assert "1 September 2026" in page and "1 October 2026" in page  # the steps so far
    assert "Harriet Mensah, SEND caseworker" in page
    assert "SEND caseworkers for South" not in page  # the one there is named above
    assert "The headteacher and SENCO at Beech Academy" in page
    assert "Weald Trust" not in page  # no trust user exists in this test
    assert AuditEvent.objects.filter(action="ehc_request.family_view").count() == 1


def test_notifications_are_shown_newest_first_and_marked_read(
    county, client, parent, caseworker, bellas
):
    services.plan_decide(request=bellas, issue=True, on=date(2026, 10, 20), by=caseworker)
    client.force_login(parent)
    first = client.get(reverse("send_family")).content.decode()
    decided, assessing = (
        first.index("decided to issue an EHC plan"),
        first.index("decided to carry out an EHC needs assessment"),
    )
    assert decided < assessing  # newest first
    assert first.count(">New</strong>") == 2
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    again = client.get(reverse("send_family")).content.decode()
    assert ">New</strong>" not in again and "decided to issue an EHC plan" in again


def test_the_plan_is_readable_section_by_section(county, client, parent, caseworker, bellas):
    services.plan_decide(request=bellas, issue=True, on=date(2026, 10, 2), by=caseworker)
    version = plan_services.plan_draft_save(request=bellas, content=complete(), by=caseworker)
    plan_services.plan_version_finalise(plan=version.plan, on=date(2026, 10, 20), by=caseworker)
    client.force_login(parent)
    page = text(client.get(reverse("send_family_case", args=[bellas.pk])))
    assert "Section A: The child's views, interests and aspirations" in page
    assert "Sam likes trains" in page
    assert "Section K: Advice and information" in page and "Nothing in this section." in page
    assert "teaching assistant" in page and "2.5 hours a week" in page
    assert "Next annual review" in page and "20 October 2027" in page


def test_a_parent_cannot_open_another_childs_case(county, client, parent, caseworker, bellas):
    north = receive(county, caseworker, pupil=county.pupil_left_a)  # at B too, not theirs
    client.force_login(parent)
    assert client.get(reverse("send_family_case", args=[north.pk])).status_code == 404
    assert client.get(reverse("send_family_case", args=[bellas.pk])).status_code == 200
    assert "Dora" not in client.get(reverse("send_family")).content.decode()


@pytest.mark.parametrize("name", ["head_b", "analyst", "la_admin"])
def test_only_a_family_opens_the_family_pages(county, signed_in, bellas, name):
    client = signed_in(name)
    assert client.get(reverse("send_family")).status_code == 403
    assert client.get(reverse("send_family_case", args=[bellas.pk])).status_code == 403


def test_the_caseworker_works_the_case_on_its_own_page_not_the_familys(
    county, client, caseworker, bellas
):
    client.force_login(caseworker)
    assert client.get(reverse("send_family")).status_code == 403
    assert client.get(reverse("send_family_case", args=[bellas.pk])).status_code == 403
    assert client.get(reverse("send_request", args=[bellas.pk])).status_code == 200


def test_a_parent_with_no_case_is_told_how_to_get_one_linked(county, signed_in):
    page = text(signed_in("parent").get(reverse("send_family")))
    assert "There is no EHC case for a child linked to your account" in page


# The school's list -------------------------------------------------------------------------


def test_the_school_sees_its_pupils_requests_and_plans(county, signed_in, caseworker, bellas):
    plan_request = receive(county, caseworker, pupil=county.pupil_left_a)
    services.assessment_decide(
        request=plan_request, assess=True, on=date(2026, 9, 10), by=caseworker
    )
    services.plan_decide(request=plan_request, issue=True, on=date(2026, 9, 20), by=caseworker)
    version = plan_services.plan_draft_save(request=plan_request, content=complete(), by=caseworker)
    plan_services.plan_version_finalise(plan=version.plan, on=date(2026, 10, 1), by=caseworker)
    page = text(signed_in("head_b").get(reverse("send_school_cases")))
    assert "Bella Stone" in page and bellas.reference in page
    assert "Assessing Decide not to issue a plan (if so) 22 December 2026" in page
    assert "Dora Marsh" in page and "1 October 2027" in page  # the plan's first review
    event = AuditEvent.objects.get(action="ehc_request.school_list_view")
    assert event.detail == {"requests": 2, "plans_page": 1}


def test_another_school_sees_none_of_them(county, signed_in, bellas):
    page = text(signed_in("head_a").get(reverse("send_school_cases")))
    assert "Bella" not in page
    assert "None of your pupils has an open request." in page


@pytest.mark.parametrize("name", ["attendance_lead_a", "parent", "send_caseworker_south"])
def test_the_school_list_is_for_heads_sencos_and_trusts(county, signed_in, name):
    assert signed_in(name).get(reverse("send_school_cases")).status_code == 403


# SEND performance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "area"),
    [
        ("analyst", 200, "County"),
        ("la_admin", 200, "County"),
        ("send_caseworker_south", 200, "Your area"),
        ("head_a", 403, None),
        ("parent", 403, None),
        ("finance", 403, None),
    ],
)
def test_send_performance_is_for_caseworkers_analysts_and_admins(
    county, signed_in, name, status, area
):
    response = signed_in(name).get(reverse("send_performance"))
    assert response.status_code == status
    if area:
        assert f'<span class="govuk-caption-l">{area}</span>' in response.content.decode()


# The demo's parent ---------------------------------------------------------------------------


def test_the_demo_parent_follows_a_request_waiting_for_a_decision_and_a_plan(county):
    from frontdoor.core.models import User
    from frontdoor.core.roles import Role
    from frontdoor.demo.users import demo_parent_link

    officer = User.objects.create_user(username="send.officer", role=Role.SEND_CASEWORKER)
    officer.districts.set([county.south])
    parent = User.objects.create_user(username="parent.demo", role=Role.PARENT)
    assert demo_parent_link() == []  # no case yet
    waiting = receive(county, officer)
    issued_plan(
        "PLAN-D1", pupil=county.pupil_left_a, district=county.south, issued_on=date(2025, 1, 6)
    )
    assert demo_parent_link() == [waiting.pupil_id, county.pupil_left_a.pk]
    assert set(parent.children.all()) == {county.pupil_b, county.pupil_left_a}


def test_the_school_list_reads_a_fixed_number_of_times_however_many_cases(
    county, client, persona, caseworker
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontdoor.send.models_plans import EhcPlan, PlanVersion

    client.force_login(persona("trust_weald"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("send_school_cases")).status_code == 200
        return len(captured)

    def a_case(pupil, number):
        receive(county, caseworker, pupil=pupil)
        plan = EhcPlan.objects.create(
            reference=f"PLAN-Q{number}",
            pupil=pupil,
            district=county.south,
            issued_on=date(2026, 1, 5),
        )
        PlanVersion.objects.create(
            plan=plan, number=1, status=PlanVersion.Status.FINAL, made_on=date(2026, 1, 5)
        )

    a_case(county.pupil_b, 1)
    one = queries()
    a_case(county.pupil_left_a, 2)
    a_case(county.pupil_b, 3)
    assert queries() == one
