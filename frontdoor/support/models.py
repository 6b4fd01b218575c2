"""Requests for Support: one form for every partner and school, kept as a draft until its
referrer submits it, then triaged by the Front Door.

A request is a *contact* in the children in need census's sense; it becomes a *referral* only
when a Children's Social Work Team accepts it (`levels.is_referral`)."""

from django.conf import settings
from django.db import models

from frontdoor.support.levels import Route, SupportLevel


class ReferralSource(models.TextChoices):
    """Who made the request, in the children in need census's source codes."""

    INDIVIDUAL = "1A", "Individual (family member, relative or carer)"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_VISITOR = "3A", "Health services: health visitor"
    GP = "3B", "Health services: GP"
    HEALTH = "3C", "Health services: hospitals and other health services"
    HOUSING = "4", "Housing"
    SOCIAL_CARE = "5A", "Local authority services: social care"
    EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency (probation, youth offending, courts)"
    OTHER = "8", "Other (voluntary sector and anyone else)"


class Consent(models.TextChoices):
    GIVEN = "given", "Yes, the family knows about this request and agrees to it"
    NOT_SOUGHT = (
        "not_sought",
        ("No, consent was not sought because asking for it would increase the risk to the child"),
    )


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for a decision"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Decision waiting for a manager's sign-off"
        DECIDED = "decided", "Decided"

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)  # clocks.received_on(submitted_at)

    # The family and household.
    parents = models.TextField(blank=True)  # parents and carers: names and relationship
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    household = models.TextField(blank=True)  # anyone else living there
    language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    family_email = models.EmailField(blank=True)  # where the family's copy goes

    # The concerns, against the Support Level Guidance.
    indicators = models.JSONField(default=list, blank=True)  # levels.INDICATORS codes
    concerns = models.TextField(blank=True)
    tried = models.TextField(blank=True)

    consent = models.CharField(max_length=16, choices=Consent.choices, blank=True)
    consent_not_sought_reason = models.TextField(blank=True)

    # The referrer (prefilled from the signed-in user; their own words on the form).
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    source = models.CharField(max_length=4, choices=ReferralSource.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference or f"Draft request {self.pk}"


class RequestChild(models.Model):
    """A child the request is about, as the referrer described them. `pupil` is the county's
    record of the child once the Front Door has matched them."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    school = models.ForeignKey(
        "schools.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pupil = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TriageDecision(models.Model):
    """The Front Door's decision on a request: the support level with the indicators that apply
    and why, and where it goes; final once a manager (not the decider) signs it off."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="decision"
    )
    level = models.PositiveSmallIntegerField(choices=SupportLevel.choices)
    indicators = models.JSONField(default=list, blank=True)
    rationale = models.TextField()
    route = models.CharField(max_length=24, choices=Route.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    returned_note = models.TextField(blank=True)  # why the manager sent it back, if they did
    # Where the work goes: the district of the child's school, or the one the practitioner named.
    district = models.ForeignKey(
        "schools.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_route_display()}"


# Models with their own modules (conversations, documents, cases, pathways); Django finds them here.
from frontdoor.support.models_cases import Case  # noqa: E402, F401
from frontdoor.support.models_conversations import DistrictConversation  # noqa: E402, F401
from frontdoor.support.models_documents import RequestDocument  # noqa: E402, F401
from frontdoor.support.models_pathways import PathwayNotification  # noqa: E402, F401
