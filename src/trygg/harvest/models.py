"""A harvested feed (its source) and the points it held the last time it was read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.shared.languages import kept_in


class HarvestSource(models.Model):
    """One other instance's feed: a URL polled by `trygg harvest poll`, or a name given to imported files."""

    name = models.CharField(_("name"), max_length=500, unique=True)
    url = models.CharField(_("feed address"), max_length=1000, blank=True,
                           help_text=_("The URL polled; blank for a source that is imported from files."))
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_fetched_from = models.CharField(_("last fetched from"), max_length=1000, blank=True)
    last_imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("last imported by"),
                                         null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    point_count = models.PositiveIntegerField(_("points"), default=0)
    last_error = models.TextField(_("last error"), blank=True)  # in English (logs)
    #: The last error in each language of the site (code → text); empty for an error kept before there was this.
    last_error_texts = models.JSONField(default=dict, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self) -> str:
        return self.name

    @property
    def error_text(self) -> str:
        """The last error in the active language (the page's): as kept for it, else as stored."""
        return kept_in(self.last_error_texts, self.last_error)


class HarvestedPoint(models.Model):
    """One feature of a source's feed as it was fetched: the indexed fields and every property."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="points")
    source_url = models.CharField(_("fetched from"), max_length=1000)
    fetched_at = models.DateTimeField(_("fetched"))
    feature_id = models.CharField(_("id in the source"), max_length=40)
    name = models.CharField(_("name"), max_length=500)
    municipality_code = models.CharField(_("municipality code"), max_length=4, db_index=True)
    kind = models.CharField(_("kind"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"))
    status = models.CharField(_("status"), max_length=20)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    properties = models.JSONField(_("properties"))

    class Meta:
        ordering = ["source", "municipality_code", "name"]
        constraints = [models.UniqueConstraint(fields=["source", "feature_id"], name="unique_feature_per_source")]
        verbose_name = _("harvested point")
        verbose_name_plural = _("harvested points")

    def __str__(self) -> str:
        return f"{self.name} ({self.source})"
