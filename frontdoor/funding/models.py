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
    # A schools block scenario shown to headteachers (their own school's line only), run on
    # the dataset it was published with, since `published_at`.
    published_at = models.DateTimeField(null=True, blank=True)
    published_dataset = models.ForeignKey(
        "SchoolsDataset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="funding_scenario_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class SchoolsDataset(models.Model):
    """An APT-like table, one row a school (docs/funding-schools-data.md), that the schools
    block formula runs on. `body` is the CSV exactly as `schools_data.schools_csv` writes it:
    an upload, CSV or Excel, is checked by `read_schools` and saved in that one shape."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    body = models.TextField(help_text="The schools as CSV, in schools_data.COLUMNS.")
    schools = models.PositiveIntegerField(default=0)
    pupils = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
