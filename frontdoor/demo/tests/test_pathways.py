"""The demo's year of school pathway notifications: every exclusion notified, the other pathways
drawn with answers their forms ask for, responses consistent with each pathway's outcomes and
clock, and formal meetings held on the pupils' ladders."""

from collections import Counter
from datetime import timedelta

import pytest

from frontdoor.attendance.models import Exclusion, SupportStep
from frontdoor.core.roles import SCHOOL_ROLES
from frontdoor.pupils.models import Enrolment
from frontdoor.support.models import PathwayNotification
from frontdoor.support.pathways import BY_SLUG

pytestmark = pytest.mark.django_db


def test_the_load_counts_them_and_references_are_unique(calibrated_county):
    found = PathwayNotification.objects.all()
    assert calibrated_county.rows["pathway notifications"] == found.count() > 300
    references = list(found.values_list("reference", flat=True))
    assert all(references) and len(set(references)) == len(references)


def test_every_exclusion_in_the_year_was_notified(calibrated_county):
    notified = PathwayNotification.objects.filter(pathway="suspension")
    as_at = calibrated_county.as_at
    exclusions = Exclusion.objects.filter(start_date__range=(as_at - timedelta(days=365), as_at))
    assert set(notified.values_list("exclusion_id", flat=True)) == set(
        exclusions.values_list("pk", flat=True)
    )


def test_answers_are_the_forms_questions_and_responses_follow_the_pathway(calibrated_county):
    kinds = Counter()
    for notification in PathwayNotification.objects.select_related("submitted_by"):
        pathway = BY_SLUG[notification.pathway]
        kinds[notification.pathway] += 1
        assert set(notification.answers) <= set(pathway.form.base_fields) - {"upn"}
        assert notification.team == pathway.team
        assert notification.due_on > notification.received_on
        assert notification.submitted_by.role in SCHOOL_ROLES
        assert notification.submitted_by.schools.filter(pk=notification.school_id).exists()
        if notification.status == "closed":
            assert pathway.outcome(notification.outcome)
            assert notification.responded_on <= calibrated_county.as_at
        else:
            assert not notification.outcome
    assert len(kinds) >= 10  # the rarest may not come up at this scale


def test_the_pupil_was_on_the_schools_roll(calibrated_county):
    for notification in PathwayNotification.objects.exclude(pathway="suspension")[:200]:
        assert Enrolment.objects.filter(
            pupil=notification.pupil_id, establishment=notification.school_id
        ).exists()


def test_formal_meetings_held_are_on_the_ladder(calibrated_county):
    held = PathwayNotification.objects.filter(outcome="meeting_held")
    assert held.exists()
    for notification in held:
        step = notification.support_step
        assert step.kind == SupportStep.Kind.FORMAL_MEETING
        assert step.pupil_id == notification.pupil_id
        assert step.taken_on <= notification.responded_on
