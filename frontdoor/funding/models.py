"""Saved inputs of the funding models. A scenario's `body` is its TOML text, the same file the
command line reads (docs/adr/0011): the pages edit it, and run the pure model on it."""

from django.conf import settings
from django.db import models


class Scenario(models.Model):
    class Kind(models.TextChoices):
        HIGH_NEEDS = "high_needs", "High needs forecast"
        AP_MODEL = "ap_model", "AP/PRU allocation"
        LFF = "lff", "Schools block (local formula against the NFF)"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    body = models.TextField(help_text="The scenario as TOML: the model's input.")
    # A scenario outlives the officer who wrote it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="funding_scenario_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
