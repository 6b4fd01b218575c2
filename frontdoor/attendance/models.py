from django.db import models

# num_schools and enrolments are daily means over the period; the files print them to 15
# significant figures, which is float noise beyond a few places.
MEAN_PLACES = 4
# pa_perc is kept to more places than it is shown to, so that rounding it half up to two
# places gives the same figure as rounding the published value.
PUBLISHED_PERCENT_PLACES = 10

DFE_SESSION_COUNTS = (
    "possible_sessions",
    "present_sessions",
    "approved_educational_activity",
    "overall_attendance",
    "overall_absence",
    "authorised_absence",
    "unauthorised_absence",
    "late_sessions",
)
# One row per period, area and phase. time_period is in the key because a week is only
# named by its calendar year and number ("2024", "Week 37").
DFE_KEY_FIELDS = (
    "period_kind",
    "academic_year",
    "time_period",
    "time_identifier",
    "geographic_level",
    "area_code",
    "phase",
)


class DfeAttendanceFigure(models.Model):
    """One row of a DfE "Pupil attendance in schools" file (Explore Education Statistics): an
    area's session counts for one period and phase, as published, for comparing the county
    with England and its region. Read by `attendance.comparators`, written by
    `attendance.services.dfe_figures_import`. Rates are never stored: they are computed from
    the counts (`attendance.rates`)."""

    class PeriodKind(models.TextChoices):
        YEAR_TO_DATE = "ytd", "Academic year to date"
        AUTUMN = "autumn", "Autumn term"
        SPRING = "spring", "Spring term"
        SUMMER = "summer", "Summer term"
        WEEK = "week", "Week"

    class Level(models.TextChoices):
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        SPECIAL = "special", "Special"
        TOTAL = "total", "All phases"

    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    academic_year = models.PositiveSmallIntegerField(help_text="Start year: 2024 for 2024/25.")
    time_period = models.CharField(max_length=6, help_text="As published: 202425, or 2024.")
    time_identifier = models.CharField(
        max_length=20, help_text="As published: Academic year, Autumn term, Week 37…"
    )
    week_start = models.DateField(null=True, blank=True, help_text="Monday of a weekly row.")
    geographic_level = models.CharField(max_length=16, choices=Level.choices)
    area_code = models.CharField(
        max_length=9, help_text="ONS code: country, region or local authority (new_la_code)."
    )
    area_name = models.CharField(max_length=100)
    region_code = models.CharField(
        max_length=9, blank=True, help_text="The region of a region or local authority row."
    )
    old_la_code = models.CharField(
        max_length=3, blank=True, help_text="DfE three-digit LA code; local authority rows only."
    )
    phase = models.CharField(max_length=9, choices=Phase.choices)
    num_schools = models.DecimalField(
        max_digits=12, decimal_places=MEAN_PLACES, null=True, blank=True
    )
    enrolments = models.DecimalField(
        max_digits=14, decimal_places=MEAN_PLACES, null=True, blank=True
    )
    # Null where the DfE suppressed the figure (c, z, x, :).
    possible_sessions = models.PositiveBigIntegerField(null=True, blank=True)
    present_sessions = models.PositiveBigIntegerField(null=True, blank=True)
    approved_educational_activity = models.PositiveBigIntegerField(null=True, blank=True)
    overall_attendance = models.PositiveBigIntegerField(null=True, blank=True)
    overall_absence = models.PositiveBigIntegerField(null=True, blank=True)
    authorised_absence = models.PositiveBigIntegerField(null=True, blank=True)
    unauthorised_absence = models.PositiveBigIntegerField(null=True, blank=True)
    late_sessions = models.PositiveBigIntegerField(null=True, blank=True)
    pa_perc_published = models.DecimalField(
        max_digits=13,
        decimal_places=PUBLISHED_PERCENT_PLACES,
        null=True,
        blank=True,
        help_text="Persistent absence %, as published: the files give no PA count to sum.",
    )
    reason_counts = models.JSONField(
        default=dict, blank=True, help_text="Every reason_* column: sessions, null if suppressed."
    )
    source_file = models.CharField(max_length=255)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=DFE_KEY_FIELDS, name="attendance_dfe_figure_one_per_key")
        ]
        ordering = ["-academic_year", "period_kind", "week_start", "geographic_level", "area_code"]

    def __str__(self) -> str:
        return f"{self.area_name} {self.phase} {self.time_period} {self.time_identifier}"


# Meetings, support steps and exclusions have their own modules; Django finds them here.
from frontdoor.attendance.models_checklist import ResponsibilityCheck  # noqa: E402
from frontdoor.attendance.models_exclusions import Exclusion  # noqa: E402
from frontdoor.attendance.models_support import SupportStep  # noqa: E402
from frontdoor.attendance.models_tsm import (  # noqa: E402
    LiaisonAssignment,
    TargetingSupportMeeting,
    TsmAction,
)

__all__ = [
    "DfeAttendanceFigure",
    "Exclusion",
    "LiaisonAssignment",
    "ResponsibilityCheck",
    "SupportStep",
    "TargetingSupportMeeting",
    "TsmAction",
]
