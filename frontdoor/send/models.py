"""EHC needs assessment casework: a request, the advice it gathers, the settings consulted, the
exceptions that excuse a missed limit, and the decisions and plan dates its clock runs against
(domain/support_and_send.md §1.1; the clock itself is in deadlines.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Requester(models.TextChoices):
    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person (16 to 25)"
    SCHOOL = "school", "School or college"
    OTHER = "other", "Health, social care or early years (brought to the council's attention)"


class Stage(models.TextChoices):
    RECEIVED = "received", "Deciding whether to assess"
    REFUSED = "refused", "Decided not to assess"
    ASSESSING = "assessing", "Assessing"
    NOT_ISSUING = "not_issuing", "Decided not to issue a plan"
    DRAFTING = "drafting", "Writing the draft plan"
    DRAFT_SERVED = "draft_served", "Draft plan with the family"
    ISSUED = "issued", "Final plan issued"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STAGES = (Stage.REFUSED, Stage.NOT_ISSUING, Stage.ISSUED, Stage.WITHDRAWN)


class Delivery(models.TextChoices):
    HAND = "hand", "By hand"
    EMAIL = "email", "By email or online"
    FIRST_CLASS_POST = "first_class_post", "First-class post"
    SIGNED_FOR = "signed_for", "Signed-for post"


class EhcRequest(models.Model):
    """A request for an EHC needs assessment, from receipt to a final plan or a decision not to
    go on. The dates are the statutory ones; `stage` follows from them (services.py moves both)."""

    reference = models.CharField(max_length=20, unique=True)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="ehc_requests")
    # The district whose SEND team holds the case (the child's school's, when they have one).
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=16, choices=Requester.choices)
    requester_name = models.CharField(max_length=200, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    sent_at = models.DateTimeField(help_text="When it was handed in, sent or posted.")
    received_on = models.DateField(help_text="The day the clock starts (deadlines.received_on).")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment_decided_on = models.DateField(null=True, blank=True)
    plan_decided_on = models.DateField(null=True, blank=True)  # to issue a plan, or not
    draft_served_on = models.DateField(null=True, blank=True)
    representations_on = models.DateField(
        null=True, blank=True, help_text="When the family's comments on the draft came in."
    )
    final_issued_on = models.DateField(null=True, blank=True)
    named_setting = models.ForeignKey(
        "schools.Establishment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [
            models.Index(fields=["district", "stage"]),
            models.Index(fields=["final_issued_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment_decided_on__isnull=True)
                | Q(assessment_decided_on__gte=models.F("received_on")),
                name="send_request_decides_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(final_issued_on__isnull=True)
                | Q(final_issued_on__gte=models.F("received_on")),
                name="send_request_issues_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def closed_on(self):
        """The day the request closed (the step that closed it); None while it is open."""
        return {
            Stage.REFUSED: self.assessment_decided_on,
            Stage.NOT_ISSUING: self.plan_decided_on,
            Stage.ISSUED: self.final_issued_on,
            Stage.WITHDRAWN: self.withdrawn_on,
        }.get(self.stage)


class AdviceKind(models.TextChoices):
    PARENT = "parent", "Parent or young person"
    EDUCATIONAL = "educational", "Educational (headteacher or SENCO)"
    MEDICAL = "medical", "Medical"
    PSYCHOLOGICAL = "psychological", "Psychological (educational psychologist)"
    SOCIAL_CARE = "social_care", "Social care"
    ADULTHOOD = "adulthood", "Preparing for adulthood (Year 9 and above)"
    OTHER = "other", "Other"


class AdviceRequest(models.Model):
    """Advice the council asked for (reg 6); partners have 6 weeks to give it (reg 8)."""

    request = models.ForeignKey(EhcRequest, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField(max_length=16, choices=AdviceKind.choices)
    from_whom = models.CharField(max_length=200)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} advice for {self.request}"


class ExceptionKind(models.TextChoices):
    # reg 5(4), 10(4), 13(3) (a) to (d)
    SCHOOL_CLOSED = "school_closed", "(a) Advice asked of a school closed for 4 weeks or more"
    EARLY_YEARS_CLOSED = "early_years_closed", "(b) Advice asked of an early years provider closed"
    PERSONAL = "personal", "(c) Exceptional personal circumstances of the child or family"
    ABSENT = "absent", "(d) The child or family away from the area for 4 weeks or more"


class ClockException(models.Model):
    """A reason the regulations accept for missing a limit, with its evidence. It does not move
    the limit; it is reported, as SEN2 reports timeliness with and without exceptions."""

    request = models.ForeignKey(EhcRequest, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=20, choices=ExceptionKind.choices)
    evidence = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Exception {self.get_kind_display()} on {self.request}"


class RefusalGround(models.TextChoices):
    # Children and Families Act 2014 s.39(4), s.40(2)
    UNSUITABLE = "unsuitable", "Unsuitable for the child's age, ability, aptitude or SEN"
    OTHERS = "others", "Incompatible with the efficient education of others"
    RESOURCES = "resources", "Incompatible with the efficient use of resources"


class SettingConsultation(models.Model):
    """A school or college consulted about being named in the plan (CFA s.39, s.40)."""

    class Response(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    request = models.ForeignKey(EhcRequest, on_delete=models.CASCADE, related_name="consultations")
    establishment = models.ForeignKey(
        "schools.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    requested_by_family = models.BooleanField(default=False)
    sent_on = models.DateField()
    response = models.CharField(max_length=8, choices=Response.choices, blank=True)
    ground = models.CharField(max_length=12, choices=RefusalGround.choices, blank=True)
    reasons = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Consultation of {self.establishment} on {self.request}"


from frontdoor.send.models_disagreements import Disagreement  # noqa: E402, F401
from frontdoor.send.models_notifications import Notification  # noqa: E402, F401
from frontdoor.send.models_panel import PanelRequest  # noqa: E402, F401
from frontdoor.send.models_plans import EhcPlan, PlanVersion  # noqa: E402, F401
from frontdoor.send.models_reviews import AnnualReview  # noqa: E402, F401
from frontdoor.send.models_transfers import PhaseTransfer  # noqa: E402, F401
from frontdoor.send.models_virtual_school import PersonalEducationPlan  # noqa: E402, F401
