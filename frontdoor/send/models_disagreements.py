"""Disagreement with an appealable decision (CFA s.51): mediation, the appeal to the Tribunal and
the Tribunal's order, each with its statutory window (deadlines.py)."""

from django.conf import settings
from django.db import models


class AppealableDecision(models.TextChoices):
    REFUSE_ASSESS = "refuse_assess", "Refusal to assess"
    REFUSE_ISSUE = "refuse_issue", "Refusal to issue a plan after assessment"
    CONTENTS = "contents", "The plan's contents (sections B, F or I)"
    REFUSE_AMEND = "refuse_amend", "Refusal to amend after a review"
    REFUSE_REASSESS = "refuse_reassess", "Refusal to re-assess"
    CEASE = "cease", "Decision to cease the plan"


class TribunalOrder(models.TextChoices):
    ASSESS = "assess", "Assess (or re-assess)"
    MAKE_AND_MAINTAIN = "make_and_maintain", "Make and maintain a plan"
    AMEND = "amend", "Amend the plan's contents"
    NAME_SCHOOL = "name_school", "Change the named school only"
    DISMISSED = "dismissed", "Appeal dismissed"


class MediationAgreement(models.TextChoices):
    """What a mediation ended with. An agreement on an appealable matter binds the council to
    reg 44's limits, as the same order from the Tribunal would; anything else to 2 weeks
    (reg 42)."""

    NONE = "none", "No agreement was reached"
    ASSESS = "assess", "The council will assess (or re-assess)"
    MAKE_AND_MAINTAIN = "make_and_maintain", "The council will make and maintain a plan"
    AMEND = "amend", "The council will amend the plan's contents"
    NAME_SCHOOL = "name_school", "The council will change the named school"
    OTHER = "other", "Something else (for example, health or social care provision)"


class Disagreement(models.Model):
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, related_name="send_disagreements"
    )
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=AppealableDecision.choices)
    decision_letter_on = models.DateField()
    mediation_declined_on = models.DateField(null=True, blank=True)
    mediation_requested_on = models.DateField(null=True, blank=True)
    mediation_held_on = models.DateField(null=True, blank=True)
    mediation_agreement = models.CharField(
        max_length=18, choices=MediationAgreement.choices, blank=True
    )
    mediation_agreed = models.TextField(blank=True, help_text="What the mediation agreed.")
    certificate_issued_on = models.DateField(null=True, blank=True)
    appeal_registered_on = models.DateField(null=True, blank=True)
    order = models.CharField(max_length=18, choices=TribunalOrder.choices, blank=True)
    order_made_on = models.DateField(null=True, blank=True)
    # Each step of the order carried out, {step: "YYYY-MM-DD"} (disagreements.ORDER_STEPS): an
    # order to assess or to make a plan has two or three steps, each with its own limit.
    order_steps_done = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decision_letter_on", "pk"]

    def __str__(self) -> str:
        return f"Disagreement about {self.get_decision_display().lower()} ({self.pk})"
