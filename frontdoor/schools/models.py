from django.db import models


class District(models.Model):
    """A local authority district (lower tier), e.g. Ashford. Districts are data, not code."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS code, e.g. E07000105")
    name = models.CharField(max_length=100, unique=True)
    la_code = models.CharField(max_length=3, help_text="DfE local authority code, e.g. 886")
    area = models.CharField(
        max_length=40, blank=True, help_text="The council's operational area (SEND area office)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Trust(models.Model):
    class Kind(models.TextChoices):
        MULTI_ACADEMY = "mat", "Multi-academy trust"
        SINGLE_ACADEMY = "sat", "Single-academy trust"

    uid = models.CharField(max_length=10, unique=True, help_text="GIAS group UID")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=3, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    """The grouping the DfE publishes attendance and Ofsted figures by."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "ap", "Pupil referral unit or AP"
    SIXTEEN_PLUS = "16_plus", "16 plus"


class Establishment(models.Model):
    """A school or other establishment on the register (GIAS)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROPOSED_TO_CLOSE = "closing", "Open, proposed to close"
        CLOSED = "closed", "Closed"

    urn = models.PositiveIntegerField(unique=True, verbose_name="URN")
    laestab = models.CharField(max_length=7, db_index=True, verbose_name="LAESTAB")
    name = models.CharField(max_length=200)
    establishment_type = models.CharField(max_length=100, help_text="GIAS TypeOfEstablishment")
    phase = models.CharField(max_length=40, help_text="GIAS PhaseOfEducation")
    sector = models.CharField(max_length=16, choices=Sector.choices, db_index=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    has_sixth_form = models.BooleanField(default=False)
    selective = models.BooleanField(default=False)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="establishments"
    )
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="establishments"
    )
    capacity = models.PositiveIntegerField(null=True, blank=True)
    published_admission_number = models.PositiveIntegerField(null=True, blank=True)
    number_on_roll = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "sector"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_academy(self) -> bool:
        return self.trust_id is not None

    @property
    def age_range(self) -> str:
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.town, self.postcode) if part)


class OfstedGrade(models.IntegerChoices):
    """The four-point scale of the 2019 education inspection framework and its predecessors."""

    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class ReportCardGrade(models.IntegerChoices):
    """The five-point scale of Ofsted's renewed framework (report cards, from November 2025)."""

    EXCEPTIONAL = 1, "Exceptional"
    STRONG = 2, "Strong standard"
    EXPECTED = 3, "Expected standard"
    NEEDS_ATTENTION = 4, "Needs attention"
    URGENT_IMPROVEMENT = 5, "Urgent improvement"


class OfstedInspection(models.Model):
    class Framework(models.TextChoices):
        CIF_2015 = "cif_2015", "Common inspection framework (2015)"
        EIF_2019 = "eif_2019", "Education inspection framework (2019)"
        REPORT_CARD_2025 = "report_card_2025", "Renewed framework: report card (2025)"

    class Kind(models.TextChoices):
        GRADED = "graded", "Graded inspection"
        UNGRADED = "ungraded", "Ungraded inspection"

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="inspections"
    )
    inspection_date = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    framework = models.CharField(max_length=20, choices=Framework.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GRADED)
    # Graded judgements under the 2015 and 2019 frameworks (null when not judged).
    overall_effectiveness = models.PositiveSmallIntegerField(
        choices=OfstedGrade.choices, null=True, blank=True
    )
    quality_of_education = models.PositiveSmallIntegerField(
        choices=OfstedGrade.choices, null=True, blank=True
    )
    behaviour_and_attitudes = models.PositiveSmallIntegerField(
        choices=OfstedGrade.choices, null=True, blank=True
    )
    personal_development = models.PositiveSmallIntegerField(
        choices=OfstedGrade.choices, null=True, blank=True
    )
    leadership_and_management = models.PositiveSmallIntegerField(
        choices=OfstedGrade.choices, null=True, blank=True
    )
    # Safeguarding is judged effective / not effective (2019) or met / not met (2025).
    safeguarding_effective = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-inspection_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "inspection_date"], name="one_inspection_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment.urn} {self.inspection_date}"


class ReportCardArea(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion"
    CURRICULUM_AND_TEACHING = "curriculum_teaching", "Curriculum and teaching"
    ACHIEVEMENT = "achievement", "Achievement"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_behaviour", "Attendance and behaviour"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development and well-being"
    LEADERSHIP_AND_GOVERNANCE = "leadership_governance", "Leadership and governance"
    EARLY_YEARS = "early_years", "Early years"
    SIXTH_FORM = "sixth_form", "Sixth form"


class ReportCardEvaluation(models.Model):
    """One evaluation area of a 2025 report card."""

    inspection = models.ForeignKey(
        OfstedInspection, on_delete=models.CASCADE, related_name="evaluations"
    )
    area = models.CharField(max_length=24, choices=ReportCardArea.choices)
    grade = models.PositiveSmallIntegerField(choices=ReportCardGrade.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="one_grade_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"
