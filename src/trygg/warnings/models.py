"""A warning received from SMHI or a CAP 1.2 source, one row per warned area."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.formats.warnings import LEVEL_ORDER, WarningLevel


class Source(models.TextChoices):
    SMHI = "smhi", _("SMHI impact-based warning")
    CAP = "cap", _("CAP 1.2 alert")


class Level(models.TextChoices):
    MESSAGE = WarningLevel.MESSAGE.value, _("Message")
    YELLOW = WarningLevel.YELLOW.value, _("Yellow warning")
    ORANGE = WarningLevel.ORANGE.value, _("Orange warning")
    RED = WarningLevel.RED.value, _("Red warning")


class ExternalWarningQuerySet(models.QuerySet["ExternalWarning"]):
    def in_force(self, at=None) -> QuerySet[ExternalWarning]:
        """Not withdrawn and not yet over (an open end counts as in force)."""
        at = at or timezone.now()
        return self.filter(cancelled=False).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))


class ExternalWarning(models.Model):
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    identifier = models.CharField(_("identifier"), max_length=300, unique=True,
                                  help_text=_("The source's own id of the warning and its area."))
    event = models.CharField(_("event"), max_length=200)
    event_code = models.CharField(_("event code"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    area_name = models.CharField(_("area"), max_length=500, blank=True)
    geometry = models.JSONField(_("area (GeoJSON)"))
    starts_at = models.DateTimeField(_("starts (approximately)"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends (approximately)"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled = models.BooleanField(_("withdrawn or over"), default=False)
    municipalities = models.ManyToManyField("registry.Organisation", verbose_name=_("municipalities touched"),
                                            related_name="external_warnings", blank=True)
    received_from = models.CharField(_("received from"), max_length=500,
                                     help_text=_("The file or URL the warning was read from."))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("Empty when a scheduled poll fetched it."))
    first_received_at = models.DateTimeField(_("first received"), auto_now_add=True)
    received_at = models.DateTimeField(_("last received"), default=timezone.now)

    objects = ExternalWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.headline or self.event} ({self.area_name})"

    @property
    def severity_rank(self) -> int:
        return LEVEL_ORDER.index(WarningLevel(self.level))
