"""An imported SCB population grid and its squares.

One grid per organisation at a time: a municipality's (its own squares) or
the county's (every municipality's squares). A new import replaces the old
one only when asked to. The squares keep SCB's id and corner, the total, the
derived groups (children 0–14, elderly 65+ and 80+; ``None`` when the file's
age classes cannot give them exactly) and every extra numeric column by name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.registry.models import Organisation

CELL_SIZES = [(1000, "1 km"), (250, "250 m")]


class GridDataset(models.Model):
    """One imported grid file: where it came from, its year and size, and who imported it when."""

    organisation = models.OneToOneField(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                        related_name="population_grid")
    source_name = models.CharField(_("source file"), max_length=255)
    reference_year = models.PositiveSmallIntegerField(_("SCB reference year"))
    cell_size_m = models.PositiveSmallIntegerField(_("square size"), choices=CELL_SIZES)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    #: The importer's name as it was, kept when the account is later removed.
    imported_by_name = models.CharField(_("imported by (name)"), max_length=150)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    square_count = models.PositiveIntegerField(_("squares"))
    total_population = models.PositiveBigIntegerField(_("residents"))
    known_groups = models.JSONField(_("derived groups"), default=list)
    extra_columns = models.JSONField(_("extra group columns"), default=list)

    class Meta:
        verbose_name = _("population grid")
        verbose_name_plural = _("population grids")

    def __str__(self) -> str:
        return f"{self.source_name} ({self.reference_year}, {self.get_cell_size_m_display()})"


class GridSquare(models.Model):
    """One populated square: SCB's id, its SWEREF 99 TM south-west corner and its residents."""

    dataset = models.ForeignKey(GridDataset, on_delete=models.CASCADE, related_name="squares")
    square_id = models.CharField(_("SCB square id"), max_length=13)
    x_corner = models.IntegerField(_("corner easting (SWEREF 99 TM)"))
    y_corner = models.IntegerField(_("corner northing (SWEREF 99 TM)"))
    municipality_code = models.CharField(_("municipality"), max_length=4, blank=True)
    total = models.PositiveIntegerField(_("residents"))
    children = models.PositiveIntegerField(_("children 0–14"), null=True)
    elderly_65 = models.PositiveIntegerField(_("elderly 65+"), null=True)
    elderly_80 = models.PositiveIntegerField(_("elderly 80+"), null=True)
    extra = models.JSONField(_("extra group columns"), default=dict)

    class Meta:
        verbose_name = _("grid square")
        verbose_name_plural = _("grid squares")
        constraints = [models.UniqueConstraint(fields=["dataset", "square_id"], name="unique_square_per_grid")]
        indexes = [models.Index(fields=["dataset", "municipality_code"])]

    def __str__(self) -> str:
        return self.square_id
