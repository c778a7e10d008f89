from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadence.core import clock


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language the interface uses for you."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()
    tokens_revoked_by_password: int = 0  # set by save() when a new password revoked tokens

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password (allauth's change, set and reset, the admin, ``changepassword``, the demo: every
        # path calls set_password() and then save()) revokes the API tokens made with the old one.
        password_changed = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            self.tokens_revoked_by_password = ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now())


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ_WRITE = "read_write", _("Read and write")
    READ = "read", _("Read only")


class ApiToken(models.Model):
    """A personal access token for the JSON API. Only its SHA-256 hash is stored.

    It works until it is revoked (by its owner, or by any change of the owner's password) or, when it
    has one, until the end of its ``valid_until`` day (UTC). A read-only token may only read.
    """

    PREFIX = "cad_"
    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.CharField(_("access"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ_WRITE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < clock.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def allows(self, method: str) -> bool:
        return self.scope == TokenScope.READ_WRITE or method.upper() in self.SAFE_METHODS

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
