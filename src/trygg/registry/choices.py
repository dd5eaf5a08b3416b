"""Django choices built from the pure catalogue, so codes live in one place.

Catalogue entries carry their names as deferred texts (:mod:`trygg.text`); ``label``
makes a lazy string that Django's catalogue translates into the active language at
render time, the way gettext_lazy does for literal text.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from trygg.analysis.power.loads import HeatSource as PowerHeatSource
from trygg.rules import catalogue
from trygg.rules.levels import LEVELS, BackupPower, Level
from trygg.shared.organisations import (
    OrganisationKind,  # the kinds live below accounts, which checks them
)
from trygg.text import Text


def _in_active_language(text: Text) -> str:
    return text.render(translation)


label = lazy(_in_active_language, str)


def choices_from(table: Mapping[str, catalogue.Entry]) -> list[tuple[str, str]]:
    return [(code, label(entry.label)) for code, entry in table.items()]


POINT_KIND_CHOICES = choices_from(catalogue.POINT_KINDS)
SITE_KIND_CHOICES = choices_from(catalogue.SITE_KINDS)
FUNCTION_CHOICES = choices_from(catalogue.FUNCTIONS)
STAFF_ROLE_CHOICES = choices_from(catalogue.STAFF_ROLES)
EQUIPMENT_CHOICES = choices_from(catalogue.EQUIPMENT)
LEVEL_CHOICES = [(int(level), label(definition.label)) for level, definition in LEVELS.items()]


class BackupPowerChoice(models.TextChoices):
    NONE = BackupPower.NONE.value, _("None")
    CONNECTION_POINT = BackupPower.CONNECTION_POINT.value, _("Connection point for a mobile generator")
    FIXED = BackupPower.FIXED.value, _("Fixed backup generator")


class HeatSource(models.TextChoices):
    """The codes are the power model's (``trygg.analysis.power.HeatSource``), which computes their load."""

    DISTRICT_HEATING = PowerHeatSource.DISTRICT_HEATING.value, _("District heating")
    ELECTRIC = PowerHeatSource.ELECTRIC.value, _("Electric")
    HEAT_PUMP = PowerHeatSource.HEAT_PUMP.value, _("Heat pump")
    OIL_BOILER = PowerHeatSource.OIL_BOILER.value, _("Oil boiler")
    PELLET_BOILER = PowerHeatSource.PELLET_BOILER.value, _("Pellet boiler")
    GAS_BOILER = PowerHeatSource.GAS_BOILER.value, _("Gas boiler")
    WOOD = PowerHeatSource.WOOD.value, _("Wood")
    OTHER = PowerHeatSource.OTHER.value, _("Other")


class PointState(models.TextChoices):
    """Planning lifecycle (R1). Operations (open, closing) lives in the operations app."""

    CANDIDATE = "candidate", _("Candidate")
    PLANNED = "planned", _("Planned")
    DECIDED = "decided", _("Decided")
    READY = "ready", _("Ready")


class SotProcess(models.TextChoices):
    IDEA = "idea", _("Idea")
    IN_PROGRESS = "in_progress", _("In progress")
    OPERATIONAL = "operational", _("Operational")


class AgreementSubject(models.TextChoices):
    STAFFING = "staffing", _("Staffing")
    PREMISES = "premises", _("Premises")
    FOOD = "food", _("Food")
    FUEL = "fuel", _("Fuel")
    EMERGENCY_TOILETS = "emergency_toilets", _("Emergency toilets and showers")
    WATER = "water", _("Water")
    BACKUP_POWER = "backup_power", _("Backup power")
    OTHER = "other", _("Other")


class RoutineKind(models.TextChoices):
    GENERATOR_TEST = "generator_test", _("Generator test run")
    PLAN_REVIEW = "plan_review", _("Plan review")
    EQUIPMENT_CHECK = "equipment_check", _("Equipment check")
    OTHER = "other", _("Other")


__all__ = ["Level", "LEVEL_CHOICES", "OrganisationKind"]
