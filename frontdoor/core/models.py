from django.contrib.auth.models import AbstractUser
from django.db import models

from frontdoor.core.roles import COUNCIL_ROLES, Agency, Role


class User(AbstractUser):
    """A person who signs in. What they may see follows from `role` and the scope fields below;
    the rules themselves live in frontdoor.core.access, never here."""

    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    # Scope. Which of these matter depends on the role (see access.py).
    county_wide = models.BooleanField(
        default=False, help_text="For district roles: reach every district (managers)."
    )
    districts = models.ManyToManyField("schools.District", blank=True, related_name="+")
    schools = models.ManyToManyField("schools.Establishment", blank=True, related_name="+")
    trust = models.ForeignKey(
        "schools.Trust", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.CharField(max_length=32, choices=Agency.choices, blank=True)
    # For parents and young people: the children whose EHC cases they follow, set by an LA
    # administrator once the council has confirmed who they are.
    children = models.ManyToManyField(
        "pupils.Pupil",
        blank=True,
        related_name="+",
        help_text="For a parent or young person: the children whose SEND cases they follow.",
    )
    is_manager = models.BooleanField(
        default=False, help_text="Signs off decisions made by their team (Front Door managers)."
    )
    # Whether the user has a confirmed authenticator, kept by core.two_factor whenever a device
    # changes: every request asks, and the user row is read anyway.
    has_authenticator = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["username"]

    @property
    def is_council_staff(self) -> bool:
        return self.role in COUNCIL_ROLES


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One line of the append-only audit trail: who did what to which record, and when.

    It holds identifiers, never names or other personal details, so that the trail can be
    searched and exported without becoming a second copy of children's records. Database
    triggers (migration 0002) refuse UPDATE and DELETE as well, whatever the caller."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    actor_username = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


class SignInFailure(models.Model):
    """A failed sign-in, kept for throttling. The username is stored as a keyed hash so the
    table does not become a list of who tried to sign in."""

    username_digest = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Sign-in failure at {self.occurred_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A key for the aggregate API (Power BI, Excel), acting as its user with that user's scope.
    Only a SHA-256 of the key is kept; the key itself is shown once, when it is made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. 'Power BI'.")
    prefix = models.CharField(
        max_length=8, help_text="The key's first characters, to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.prefix}…"
