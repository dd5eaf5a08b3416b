"""The registry (R1, R2, R3, R6, R7): organisations, sites, points, plans,
agreements, routines and exercises.

Planning logic lives in ``trygg.rules``; the methods here only translate rows
into the rules' plain dataclasses (see ``trygg.registry.planview``).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.analysis.geo import SWEDEN_LAT_RANGE, SWEDEN_LON_RANGE
from trygg.registry.choices import (
    EQUIPMENT_CHOICES,
    FUNCTION_CHOICES,
    LEVEL_CHOICES,
    POINT_KIND_CHOICES,
    SITE_KIND_CHOICES,
    STAFF_ROLE_CHOICES,
    AgreementSubject,
    BackupPowerChoice,
    HeatSource,
    OrganisationKind,
    PointState,
    RoutineKind,
    SotProcess,
)
from trygg.rules.catalogue import ACTIVATION_QUESTIONS
from trygg.rules.levels import LEVELS, Level
from trygg.shared.history import registry_history

MAX_PEOPLE = 100_000  # no point in Sweden holds more; larger numbers are typos

scb_code_validator = RegexValidator(r"^\d{2}(\d{2})?$", _("An SCB code has 2 (county) or 4 (municipality) digits."))


def validate_in_sweden(lat: float | None, lon: float | None) -> dict[str, ValidationError]:
    """Field-keyed errors for a coordinate pair that is half given or outside Sweden."""
    if lat is None and lon is None:
        return {}
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        return {missing: ValidationError(_("Give both latitude and longitude, or neither."))}
    if SWEDEN_LAT_RANGE[0] <= lon <= SWEDEN_LAT_RANGE[1] and SWEDEN_LON_RANGE[0] <= lat <= SWEDEN_LON_RANGE[1]:
        return {"lat": ValidationError(_("Latitude and longitude look swapped."))}
    errors = {}
    if not SWEDEN_LAT_RANGE[0] <= lat <= SWEDEN_LAT_RANGE[1]:
        errors["lat"] = ValidationError(_("The latitude is outside Sweden."))
    if not SWEDEN_LON_RANGE[0] <= lon <= SWEDEN_LON_RANGE[1]:
        errors["lon"] = ValidationError(_("The longitude is outside Sweden."))
    return errors


class Organisation(models.Model):
    """A county, municipality, volunteer organisation, company or authority."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    scb_code = models.CharField(_("SCB code"), max_length=4, blank=True, validators=[scb_code_validator],
                                help_text=_("Municipality (4 digits) or county (2 digits) code."))
    parent = models.ForeignKey("self", verbose_name=_("belongs to"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children",
                               help_text=_("The county of a municipality; the municipality of a local organisation."))
    crisis_role = models.CharField(_("role in a crisis"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    rakel = models.CharField(_("Rakel talkgroup"), max_length=80, blank=True)
    reachable = models.CharField(_("reachable when"), max_length=200, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True, editable=False)
    # The boundary is reference data loaded from SCB files, and large: not worth a copy per change.
    history = registry_history(excluded_fields=["boundary"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scb_code"], condition=~models.Q(scb_code=""), name="unique_scb_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.kind == OrganisationKind.MUNICIPALITY and len(self.scb_code) != 4:
            errors["scb_code"] = ValidationError(_("A municipality needs its 4-digit SCB municipality code."))
        if self.kind == OrganisationKind.COUNTY and len(self.scb_code) != 2:
            errors["scb_code"] = ValidationError(_("A county needs its 2-digit SCB county code."))
        if self.kind == OrganisationKind.MUNICIPALITY and self.parent and self.parent.kind != OrganisationKind.COUNTY:
            errors["parent"] = ValidationError(_("A municipality belongs to a county."))
        if errors:
            raise ValidationError(errors)

    @property
    def municipality(self) -> Organisation | None:
        """The municipality whose scope this organisation is in (itself for a municipality)."""
        if self.kind == OrganisationKind.MUNICIPALITY:
            return self
        if self.parent and self.parent.kind == OrganisationKind.MUNICIPALITY:
            return self.parent
        return None


class MunicipalityManager(models.Manager["Municipality"]):
    def get_queryset(self) -> models.QuerySet[Municipality]:
        return super().get_queryset().filter(kind=OrganisationKind.MUNICIPALITY)


class Municipality(Organisation):
    """Proxy: an organisation that is a municipality."""

    objects: ClassVar[MunicipalityManager] = MunicipalityManager()

    class Meta:
        proxy = True
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]


class Site(models.Model):
    """Premises that can host a point, or that host one today (R1)."""

    municipality = models.ForeignKey(Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="sites", limit_choices_to={"kind": OrganisationKind.MUNICIPALITY})
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of premises"), max_length=30, choices=SITE_KIND_CHOICES, default="other")
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    location_approximate = models.BooleanField(_("position approximate"), default=False,
                                               help_text=_("Placed at the locality's point, not the building."))
    owner = models.ForeignKey(Organisation, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_sites")
    everyday_use = models.CharField(_("everyday use"), max_length=200, blank=True)
    clearance_hours = models.FloatField(_("hours to clear for use"), null=True, blank=True,
                                        validators=[MinValueValidator(0), MaxValueValidator(24 * 14)])
    backup_power = models.CharField(_("backup power"), max_length=20, choices=BackupPowerChoice.choices,
                                    default=BackupPowerChoice.NONE)
    generator_kw = models.FloatField(_("generator rating (kW)"), null=True, blank=True)
    tank_l = models.FloatField(_("fuel tank (litres)"), null=True, blank=True)
    heat_source = models.CharField(_("heat source"), max_length=20, choices=HeatSource.choices, blank=True)
    district_heating_backup = models.BooleanField(_("district heating plant has backup power"), null=True, blank=True)
    fire_safety_24h = models.BooleanField(_("fire safety approved for 24-hour stay"), null=True, blank=True)
    nearby_shelter = models.BooleanField(_("shelter (skyddsrum) nearby"), null=True, blank=True)
    accessible = models.BooleanField(_("accessible for wheelchair users"), null=True, blank=True)
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=300, blank=True)
    floor_area_m2 = models.FloatField(_("floor area (m²)"), null=True, blank=True, validators=[MinValueValidator(0)])
    year_round = models.BooleanField(_("open year-round"), null=True, blank=True,
                                     help_text=_("For a store or fuel station (SOT minimum level)."))
    full_assortment = models.BooleanField(_("full-assortment grocery store"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True, max_length=400)
    notes = models.TextField(_("notes"), blank=True)
    history = registry_history()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.locality})" if self.locality else self.name

    def clean(self) -> None:
        errors = validate_in_sweden(self.lat, self.lon)
        if self.backup_power == BackupPowerChoice.FIXED and not (self.generator_kw and self.generator_kw > 0):
            errors["generator_kw"] = ValidationError(_("A fixed backup generator needs its rating in kW (above zero)."))
        if self.backup_power != BackupPowerChoice.FIXED and self.generator_kw:
            errors["generator_kw"] = ValidationError(_("A generator rating needs backup power set to fixed."))
        if self.tank_l is not None and self.backup_power != BackupPowerChoice.FIXED:
            errors["tank_l"] = ValidationError(_("A fuel tank needs a fixed backup generator."))
        if self.tank_l is not None and self.tank_l < 0:
            errors["tank_l"] = ValidationError(_("The tank cannot hold less than zero litres."))
        if self.full_assortment is not None and self.kind != "grocery_store":
            errors["full_assortment"] = ValidationError(_("Only a grocery store has an assortment."))
        if errors:
            raise ValidationError(errors)

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None

    def position(self) -> tuple[float, float] | None:
        """(lon, lat), or None while the site has no position."""
        return None if self.lon is None or self.lat is None else (self.lon, self.lat)


class Point(models.Model):
    """A trygghetspunkt in any of its names (R1), with its level (R2) and, for a SOT-punkt, its partners (R3)."""

    municipality = models.ForeignKey(Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="points", limit_choices_to={"kind": OrganisationKind.MUNICIPALITY})
    ref = models.CharField(_("reference"), max_length=60, blank=True,
                           help_text=_("The municipality's own identifier, used to match rows on import."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=POINT_KIND_CHOICES, default="trygghetspunkt")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("manager"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="managed_points")
    manager_name = models.CharField(_("manager (name and contact)"), max_length=200, blank=True)
    sites = models.ManyToManyField(Site, verbose_name=_("sites"), related_name="points", blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES, default=1)
    state = models.CharField(_("state"), max_length=20, choices=PointState.choices, default=PointState.CANDIDATE)
    capacity_day = models.PositiveIntegerField(_("capacity by day (people)"), default=0,
                                               validators=[MaxValueValidator(MAX_PEOPLE)])
    capacity_night = models.PositiveIntegerField(_("capacity overnight (people)"), default=0,
                                                 validators=[MaxValueValidator(MAX_PEOPLE)])
    priority_rank = models.PositiveIntegerField(_("priority rank"), null=True, blank=True,
                                                validators=[MinValueValidator(1)],
                                                help_text=_("1 is served first when fuel and staff are scarce (R5)."))
    languages = models.CharField(_("languages served"), max_length=100, blank=True,
                                 help_text=_("ISO 639-1 codes separated by commas, e.g. sv, en, ar."))
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    public = models.BooleanField(_("published to residents"), default=False)
    # SOT-punkt (R3)
    sot_process = models.CharField(_("SOT process"), max_length=20, choices=SotProcess.choices, blank=True)
    sot_store = models.ForeignKey(Site, verbose_name=_("grocery store"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="sot_store_of")
    sot_fuel_station = models.ForeignKey(Site, verbose_name=_("fuel station"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="sot_fuel_station_of")
    sot_generator_feeds_store = models.BooleanField(_("generator supplies the store"), null=True, blank=True)
    sot_generator_feeds_fuel = models.BooleanField(_("generator supplies the fuel pumps"), null=True, blank=True)
    sot_info_node = models.BooleanField(_("information and communication node"), null=True, blank=True)
    sot_command_place = models.BooleanField(_("command place (ledningsplats)"), null=True, blank=True)
    sot_organisation = models.ForeignKey(Organisation, verbose_name=_("local organisation"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="sot_points")
    sot_organisation_activates = models.BooleanField(_("the organisation activates and runs the point"),
                                                     null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # "updated" changes on every save; the history row's own time says when.
    history = registry_history(excluded_fields=["updated"], m2m_fields=["sites"])

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["municipality__name", "priority_rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "ref"], condition=~models.Q(ref=""),
                                    name="unique_point_ref_per_municipality"),
            models.UniqueConstraint(fields=["municipality", "priority_rank"], name="unique_priority_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("point", args=[self.pk])

    @property
    def is_sot(self) -> bool:
        return self.kind == "sot_punkt"

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.replace(";", ",").split(",") if code.strip()]

    def main_site(self) -> Site | None:
        """The first site with a position: where the point is on a map."""
        sites = list(self.sites.all())
        return next((s for s in sites if s.has_position), sites[0] if sites else None)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.capacity_night and self.level in set(Level) and not LEVELS[Level(self.level)].overnight:
            errors["capacity_night"] = ValidationError(_("Only a level 3 point takes people overnight."))
        if self.capacity_night > self.capacity_day and self.capacity_day:
            errors["capacity_night"] = ValidationError(_("Overnight capacity cannot exceed capacity by day."))
        sot_fields = ["sot_process", "sot_store", "sot_fuel_station", "sot_organisation"]
        if not self.is_sot:
            for name in sot_fields:
                if getattr(self, name):
                    errors[name] = ValidationError(_("Only a SOT-punkt has a store, fuel station and SOT organisation."))
        if self.sot_store and self.sot_store.kind != "grocery_store":
            errors["sot_store"] = ValidationError(_("The store must be a site of the kind grocery store."))
        if self.sot_fuel_station and self.sot_fuel_station.kind != "fuel_station":
            errors["sot_fuel_station"] = ValidationError(_("The fuel station must be a site of the kind fuel station."))
        for code in self.language_list:
            if len(code) != 2 or not code.isalpha() or not code.islower():
                errors["languages"] = ValidationError(_("Use two-letter lower-case language codes, e.g. sv, en, ar."))
                break
        if self.priority_rank and self.municipality_id:
            taken = Point.objects.filter(municipality_id=self.municipality_id, priority_rank=self.priority_rank)
            if taken.exclude(pk=self.pk).exists():
                errors["priority_rank"] = ValidationError(_("Another point in the municipality already has this priority rank."))
        if errors:
            raise ValidationError(errors)


class Plan(models.Model):
    """A point's plan (R6): functions, staffing, equipment and the activation answers."""

    point = models.OneToOneField(Point, verbose_name=_("point"), on_delete=models.CASCADE, related_name="plan")
    who_decides = models.TextField(_("who decides to activate"), blank=True)
    who_starts = models.TextField(_("who starts the work"), blank=True)
    staffing_endurance = models.TextField(_("how it is staffed and how staffing endures"), blank=True)
    other_rules = models.TextField(_("other rules for the point"), blank=True)
    capacity = models.TextField(_("how many people it can take"), blank=True)
    access = models.TextField(_("how the premises are made accessible"), blank=True)
    robust_comms = models.TextField(_("what makes its communications robust"), blank=True)
    closing = models.TextField(_("when and how it closes, and who is responsible"), blank=True)
    fuel_arranged = models.BooleanField(_("fuel secured by agreement or own storage"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = registry_history()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(_("Plan for %(point)s") % {"point": self.point})

    def activation_answers(self) -> dict[str, str]:
        return {code: getattr(self, code) for code in ACTIVATION_QUESTIONS}


class PlanFunction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="functions")
    function = models.CharField(_("function"), max_length=30, choices=FUNCTION_CHOICES)
    how = models.TextField(_("how it is provided"), blank=True)
    provider = models.ForeignKey(Organisation, verbose_name=_("provided by"), null=True, blank=True,
                                 on_delete=models.SET_NULL)
    history = registry_history()

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        constraints = [models.UniqueConstraint(fields=["plan", "function"], name="unique_function_per_plan")]

    def __str__(self) -> str:
        return self.get_function_display()


class StaffNeed(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="staffing")
    role = models.CharField(_("role"), max_length=30, choices=STAFF_ROLE_CHOICES)
    needed = models.PositiveSmallIntegerField(_("people needed per shift"), default=1,
                                              validators=[MinValueValidator(1), MaxValueValidator(500)])
    overnight = models.BooleanField(_("overnight"), default=False)
    assigned = models.PositiveSmallIntegerField(_("people assigned"), default=0, validators=[MaxValueValidator(500)])
    assigned_people = models.TextField(_("assigned people"), blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("from organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL)
    history = registry_history()

    class Meta:
        verbose_name = _("staffing need")
        verbose_name_plural = _("staffing needs")
        constraints = [models.UniqueConstraint(fields=["plan", "role", "overnight"], name="unique_role_per_shift_kind")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} × {self.needed}"


class PlanEquipment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="equipment")
    equipment = models.CharField(_("equipment"), max_length=30, choices=EQUIPMENT_CHOICES)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MaxValueValidator(100_000)])
    power_kw = models.FloatField(_("power draw per unit (kW)"), null=True, blank=True,
                                 validators=[MinValueValidator(0), MaxValueValidator(2000)],
                                 help_text=_("Nameplate power; blank uses the catalogue's typical figure."))
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = registry_history()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [models.UniqueConstraint(fields=["plan", "equipment"], name="unique_equipment_per_plan")]

    def __str__(self) -> str:
        return f"{self.get_equipment_display()} × {self.quantity}"


class Agreement(models.Model):
    """An agreement (avtal) behind a point: staffing, premises, food, fuel… (R7)."""

    municipality = models.ForeignKey(Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="agreements", limit_choices_to={"kind": OrganisationKind.MUNICIPALITY})
    subject = models.CharField(_("subject"), max_length=30, choices=AgreementSubject.choices)
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(Organisation, verbose_name=_("parties"), related_name="agreements_as_party")
    points = models.ManyToManyField(Point, verbose_name=_("points"), related_name="agreements", blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = registry_history(m2m_fields=["parties", "points"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["review_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = ValidationError(_("An agreement cannot end before it starts."))
        if self.review_date and self.valid_to and self.review_date > self.valid_to:
            errors["review_date"] = ValidationError(_("Review the agreement before it expires."))
        if errors:
            raise ValidationError(errors)

    def is_expired(self, today: dt.date | None = None) -> bool:
        """The agreement ended before today."""
        today = today or timezone.localdate()
        return bool(self.valid_to and self.valid_to < today)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        """Its review date has passed (an expired agreement needs renewing rather than reviewing)."""
        today = today or timezone.localdate()
        return bool(self.review_date and self.review_date < today)

    def due_for_review(self, today: dt.date | None = None, within_days: int = 30) -> bool:
        today = today or timezone.localdate()
        horizon = today + dt.timedelta(days=within_days)
        return bool((self.review_date and self.review_date <= horizon) or (self.valid_to and self.valid_to <= horizon))


class Routine(models.Model):
    """A recurring task on a schedule: generator test run, plan review (R7)."""

    point = models.ForeignKey(Point, verbose_name=_("point"), on_delete=models.CASCADE, related_name="routines")
    kind = models.CharField(_("kind"), max_length=30, choices=RoutineKind.choices)
    interval_days = models.PositiveIntegerField(_("interval (days)"), validators=[MinValueValidator(1), MaxValueValidator(3660)])
    last_done = models.DateField(_("last done"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    history = registry_history()

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        constraints = [models.UniqueConstraint(fields=["point", "kind"], name="unique_routine_kind_per_point")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.point}"

    def clean(self) -> None:
        if self.last_done and self.last_done > timezone.localdate():
            raise ValidationError({"last_done": _("A routine cannot have been done in the future.")})

    @property
    def next_due(self) -> dt.date | None:
        """None when never done: then it is due now (see ``is_overdue``)."""
        return self.last_done + dt.timedelta(days=self.interval_days) if self.last_done else None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.next_due is None or self.next_due < today


class Exercise(models.Model):
    """An exercise or training that involved points (R7), with lessons learned."""

    municipality = models.ForeignKey(Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="exercises", limit_choices_to={"kind": OrganisationKind.MUNICIPALITY})
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    points = models.ManyToManyField(Point, verbose_name=_("points"), related_name="exercises", blank=True)
    participants = models.ManyToManyField(Organisation, verbose_name=_("participating organisations"),
                                          related_name="exercises_joined", blank=True)
    participants_notes = models.TextField(_("participants"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    history = registry_history(m2m_fields=["points", "participants"])

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"
