"""Who a user is in the system: their organisation and role, and for point
roles, which points. Permissions are computed from this in ``permissions``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.shared.history import registry_history
from trygg.shared.organisations import OrganisationKind


class Role(models.TextChoices):
    NATIONAL_OFFICER = "national_officer", _("National coordinator (MSB)")
    COUNTY_OFFICER = "county_officer", _("County officer")
    COORDINATOR = "coordinator", _("Municipality coordinator")
    POINT_MANAGER = "point_manager", _("Point manager")
    STAFF = "staff", _("Staff or volunteer")
    PARTNER = "partner", _("Partner (read-only)")


class Membership(models.Model):
    """A user's role in one organisation. One membership per user keeps the rules plain."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="membership")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    points = models.ManyToManyField("registry.Point", verbose_name=_("points"), blank=True, related_name="members",
                                    help_text=_("For point managers, staff and partners: the points they work with or may read."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = registry_history(m2m_fields=["points"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"

    def clean(self) -> None:
        kind = self.organisation.kind if self.organisation_id else None
        if self.role == Role.COUNTY_OFFICER and kind != OrganisationKind.COUNTY:
            raise ValidationError({"organisation": _("A county officer belongs to a county.")})
        if self.role == Role.NATIONAL_OFFICER and kind != OrganisationKind.AUTHORITY:
            raise ValidationError({"organisation": _("A national coordinator belongs to a national authority.")})
        if self.role == Role.COORDINATOR and kind != OrganisationKind.MUNICIPALITY:
            raise ValidationError({"organisation": _("A coordinator belongs to a municipality.")})
