"""Organisations, their unit hierarchy, the people measured and the people who log in."""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    default_language = models.CharField(_("default language"), max_length=5, default="nb")
    # Secret used for the keyed hash that recognises a customer across visits
    # (HMAC of their e-mail, phone or loyalty id). Never shown, never exported.
    customer_key = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    CHAIN = "chain", _("Chain")
    REGION = "region", _("Region")
    SHOP = "shop", _("Shop")
    RESTAURANT = "restaurant", _("Restaurant")
    CONTACT_CENTRE = "contact_centre", _("Customer-service centre")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web")


class Unit(models.Model):
    """A node of the organisation's hierarchy (chain, region, shop, ...), any depth.

    `path` is a materialised path ("/1/4/9/") so a subtree is one indexed prefix query.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    city = models.CharField(_("city"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    path = models.CharField(max_length=500, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class Employee(models.Model):
    """A member of staff who is measured. May or may not have a login."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employees"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    external_id = models.CharField(_("employee number"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employee")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CX_MANAGER = "cx_manager", _("CX manager")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    EMPLOYEE = "employee", _("Employee")
    EVALUATOR = "evaluator", _("Evaluator")


class Membership(models.Model):
    """A user's role in one organisation. Unit managers are scoped to `unit`'s subtree;
    employees see their own results (`employee`); evaluators their assigned work."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    employee = models.OneToOneField(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    employee = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.SET_NULL)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")


class ApiToken(models.Model):
    """A token for the API, stored as a SHA-256 hash. The clear token is shown once.

    A role token (no `user`) is scoped to an organisation, a role and optionally a unit
    subtree. A personal token (`user` set) acts as that user: their membership's current
    role and scope, and it stops working when the user is deactivated. Work only a person
    can do (an evaluator's assignments) needs a personal token."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty for a personal token: it takes the role of its user's membership.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("personal token of"),
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")


class AuditEvent(models.Model):
    """Append-only record of every write made through an action."""

    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
