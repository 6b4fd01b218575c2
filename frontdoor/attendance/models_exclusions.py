"""Suspensions and permanent exclusions, as schools record them (DfE reason categories)."""

from django.conf import settings
from django.db import models

MAX_SUSPENSION_SESSIONS_A_YEAR = 90  # 45 school days in a school year


class Exclusion(models.Model):
    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "Suspension"
        PERMANENT = "permanent", "Permanent exclusion"

    class Reason(models.TextChoices):
        PHYSICAL_PUPIL = "PP", "Physical assault against a pupil"
        PHYSICAL_ADULT = "PA", "Physical assault against an adult"
        VERBAL_PUPIL = "VP", "Verbal abuse or threatening behaviour against a pupil"
        VERBAL_ADULT = "VA", "Verbal abuse or threatening behaviour against an adult"
        BULLYING = "BU", "Bullying"
        RACIST = "RA", "Racist abuse"
        IDENTITY = "LG", "Abuse against sexual orientation or gender identity"
        DISABILITY = "DS", "Abuse relating to disability"
        SEXUAL = "SM", "Sexual misconduct"
        DRUGS = "DA", "Drug and alcohol related"
        DAMAGE = "DM", "Damage"
        THEFT = "TH", "Theft"
        DISRUPTION = "PD", "Persistent disruptive behaviour"
        WEAPON = "OW", "Use or threat of use of an offensive weapon or prohibited item"
        ONLINE = "OL", "Inappropriate use of social media or online technology"
        OTHER = "OT", "Other"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    establishment = models.ForeignKey(
        "schools.Establishment", on_delete=models.CASCADE, related_name="exclusions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start_date = models.DateField()
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="A suspension's length in sessions (half days)."
    )
    reason = models.CharField(max_length=2, choices=Reason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["establishment", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="permanent", sessions__isnull=True)
                | models.Q(kind="suspension", sessions__gte=1),
                name="suspension_has_sessions",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date}"
