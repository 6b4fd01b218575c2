from datetime import date

from django.db import models
from django.db.models import Q


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class Ethnicity(models.TextChoices):
    """DfE school census ethnicity codes (main categories)."""

    WHITE_BRITISH = "WBRI", "White – British"
    WHITE_IRISH = "WIRI", "White – Irish"
    TRAVELLER_IRISH = "WIRT", "Traveller of Irish heritage"
    GYPSY_ROMA = "WROM", "Gypsy/Roma"
    WHITE_OTHER = "WOTH", "Any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "MWBC", "White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "MWBA", "White and Black African"
    MIXED_WHITE_ASIAN = "MWAS", "White and Asian"
    MIXED_OTHER = "MOTH", "Any other mixed background"
    INDIAN = "AIND", "Indian"
    PAKISTANI = "APKN", "Pakistani"
    BANGLADESHI = "ABAN", "Bangladeshi"
    ASIAN_OTHER = "AOTH", "Any other Asian background"
    BLACK_CARIBBEAN = "BCRB", "Black Caribbean"
    BLACK_AFRICAN = "BAFR", "Black African"
    BLACK_OTHER = "BOTH", "Any other Black background"
    CHINESE = "CHNE", "Chinese"
    OTHER = "OOTH", "Any other ethnic group"
    REFUSED = "REFU", "Refused"
    NOT_OBTAINED = "NOBT", "Information not yet obtained"


# The DfE's major ethnic groups, which its statistics break figures down by.
ETHNIC_GROUPS = {
    "White": ("WBRI", "WIRI", "WIRT", "WROM", "WOTH"),
    "Mixed": ("MWBC", "MWBA", "MWAS", "MOTH"),
    "Asian": ("AIND", "APKN", "ABAN", "AOTH"),
    "Black": ("BCRB", "BAFR", "BOTH"),
    "Chinese": ("CHNE",),
    "Any other ethnic group": ("OOTH",),
    "Unclassified": ("REFU", "NOBT"),
}


class Pupil(models.Model):
    upn = models.CharField(max_length=13, unique=True, verbose_name="UPN")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, db_index=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return f"Pupil {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# National curriculum years: nursery years before reception are -2 (N1) and -1 (N2).
NC_YEAR_LABELS = {-2: "N1", -1: "N2", 0: "Reception"}


def nc_year_label(year: int) -> str:
    return NC_YEAR_LABELS.get(year, f"Year {year}")


class Enrolment(models.Model):
    class Registration(models.TextChoices):
        SINGLE = "C", "Single registration"
        DUAL_MAIN = "M", "Dual registration (main)"
        DUAL_SUBSIDIARY = "S", "Dual registration (subsidiary)"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments")
    establishment = models.ForeignKey(
        "schools.Establishment", on_delete=models.PROTECT, related_name="enrolments"
    )
    admission_date = models.DateField()
    leaving_date = models.DateField(null=True, blank=True)
    nc_year_on_admission = models.SmallIntegerField(
        help_text="National curriculum year in the academic year of admission (R = 0)."
    )
    registration = models.CharField(
        max_length=1, choices=Registration.choices, default=Registration.SINGLE
    )

    class Meta:
        ordering = ["-admission_date"]
        indexes = [models.Index(fields=["establishment", "leaving_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True)
                | Q(leaving_date__gte=models.F("admission_date")),
                name="enrolment_leaves_after_admission",
            )
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.pk}"

    def is_current_on(self, day: date) -> bool:
        return self.admission_date <= day and (
            self.leaving_date is None or self.leaving_date >= day
        )


class Characteristic(models.TextChoices):
    SEN_SUPPORT = "sen_support", "SEN support"
    EHC_PLAN = "ehcp", "Education, health and care plan"
    FSM = "fsm", "Free school meals"
    FSM6 = "fsm6", "Free school meals in the last six years (FSM6)"
    EAL = "eal", "English as an additional language"
    LOOKED_AFTER = "cla", "Child in care"
    PREVIOUSLY_LOOKED_AFTER = "plac", "Previously looked after"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION_PLAN = "cpp", "Child protection plan"
    YOUNG_CARER = "young_carer", "Young carer"
    MEDICAL_CONDITION = "medical", "Medical condition"


# Children the Virtual School is responsible for or supports (children with a social worker).
VIRTUAL_SCHOOL_CHARACTERISTICS = (
    Characteristic.LOOKED_AFTER,
    Characteristic.PREVIOUSLY_LOOKED_AFTER,
    Characteristic.CHILD_IN_NEED,
    Characteristic.CHILD_PROTECTION_PLAN,
)


class CharacteristicPeriod(models.Model):
    """A characteristic a child had from `start_date` to `end_date` (open-ended when null)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="characteristics")
    characteristic = models.CharField(max_length=16, choices=Characteristic.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["characteristic", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="characteristic_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_characteristic_display()} from {self.start_date}"

    def is_current_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
