"""Each school's responsibilities under Working Together to Improve School Attendance (2024),
kept by the school and seen by its School Liaison Officer."""

from django.conf import settings
from django.db import models

# The DfE's summary table of school responsibilities, as items a school confirms.
RESPONSIBILITIES = {
    "policy": "An attendance policy, published on the school's website, that staff, pupils "
    "and parents understand",
    "champion": "A named senior attendance champion",
    "culture": "A whole-school culture that promotes the benefits of good attendance",
    "registers": "Admission and attendance registers completed accurately, and shared daily "
    "with the DfE",
    "follow_up": "Day-to-day processes to follow up absence, including a call home on the "
    "first day",
    "data": "Attendance data monitored and analysed regularly to find the pupils and cohorts "
    "who need support",
    "families": "Strong relationships with families, listening to and removing barriers",
    "partners": "Information shared with other schools, the council and partners when absence "
    "risks becoming persistent or severe",
    "health_send": "Particular care for pupils absent because of physical or mental ill health "
    "or SEND",
}


class ResponsibilityCheck(models.Model):
    establishment = models.ForeignKey(
        "schools.Establishment", on_delete=models.CASCADE, related_name="responsibility_checks"
    )
    item = models.CharField(max_length=20, choices=list(RESPONSIBILITIES.items()))
    in_place = models.BooleanField(default=False)
    evidence = models.TextField(blank=True, help_text="Where it is, or what is done.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["establishment", "item"], name="one_check_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} at {self.establishment_id}"
