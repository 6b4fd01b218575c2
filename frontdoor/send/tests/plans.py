"""A complete plan's content for the tests: one need, one outcome meeting it, one quantified
piece of provision serving it, a placement; and an issued plan holding it."""

import copy

from frontdoor.send.models_plans import EhcPlan, PlanVersion

COMPLETE = {
    "A": "Sam likes trains and wants to work on the railway.",
    "B": [{"id": "b1", "area": "communication", "text": "Sam finds it hard to follow speech."}],
    "E": [{"id": "e1", "text": "Sam follows two-step instructions.", "meets": ["b1"]}],
    "F": [
        {
            "id": "f1",
            "text": "Speech and language programme",
            "serves": ["e1"],
            "who": "teaching assistant trained by the speech and language therapist",
            "how_often": "daily",
            "hours_a_week": 2.5,
        }
    ],
    "I": {"urn": 990002, "name": "Beech Academy", "type": "mainstream"},
}


def complete() -> dict:
    return copy.deepcopy(COMPLETE)


def issued_plan(reference: str, *, pupil, district, issued_on, content=None, **more):
    """A plan issued on `issued_on`, its first version final from that day with `content`
    (complete() unless given); `more` are the plan's other fields."""
    plan = EhcPlan.objects.create(
        reference=reference, pupil=pupil, district=district, issued_on=issued_on, **more
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=PlanVersion.Status.FINAL,
        content=complete() if content is None else content,
        made_on=issued_on,
    )
    return plan
