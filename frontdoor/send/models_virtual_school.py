"""Personal education plans (PEPs) for the Virtual School's children: one a term for each child
in care, started within 10 working days of coming into care (support_and_send.md §1.6), with the
term's Pupil Premium Plus instalment (Virtual School Kent: £400 a term)."""

from decimal import Decimal

from django.conf import settings
from django.db import models


class PersonalEducationPlan(models.Model):
    class Term(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="peps")
    academic_year = models.PositiveSmallIntegerField(help_text="2025 for 2025/26.")
    term = models.CharField(max_length=6, choices=Term.choices)
    held_on = models.DateField()
    targets = models.TextField()
    pupil_premium_plus = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(400))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pupil", "academic_year", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "academic_year", "term"], name="send_one_pep_a_term"
            )
        ]

    def __str__(self) -> str:
        return f"PEP, {self.get_term_display()} {self.academic_year}/{self.academic_year % 100 + 1}"
