"""Operations during a disruption (R8, R10): events, the append-only log, and
the per-point state derived from it.

The log is the record. ``LogEntry`` rows are written once and never changed
or deleted; a correction is a new entry that refers to the entry it corrects.
``PointStatus`` is a projection of the log, rewritten in the same transaction
as every entry that concerns its point (see ``trygg.operations.log``), so it
can always be rebuilt from the log and compared.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trygg.operations.lifecycle import POWER_LABELS, STATE_LABELS, WATER_LABELS


class EventKind(models.TextChoices):
    POWER = "power_outage", _("Power outage")
    HEATING = "heating", _("Heating outage")
    WATER = "water", _("Drinking-water failure")
    TELECOM = "telecom", _("Telecom outage")
    STORM = "storm", _("Storm")
    FLOOD = "flood", _("Flood")
    FOREST_FIRE = "forest_fire", _("Forest fire")
    ANTAGONISTIC = "antagonistic", _("Antagonistic event")
    OTHER = "other", _("Other")


class Event(models.Model):
    """A disruption, or an exercise (ÖVNING) of one."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    exercise = models.BooleanField(_("exercise"), default=False,
                                   help_text=_("An exercise is marked ÖVNING everywhere and never published as real."))
    municipalities = models.ManyToManyField("registry.Organisation", verbose_name=_("affected municipalities"),
                                            related_name="events", limit_choices_to={"kind": "municipality"})
    participants = models.ManyToManyField("registry.Organisation", verbose_name=_("participating organisations"),
                                          related_name="events_joined", blank=True)
    area = models.JSONField(_("affected area (GeoJSON polygon)"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    owner = models.ForeignKey("registry.Organisation", verbose_name=_("led by"), on_delete=models.PROTECT,
                              related_name="events_led")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"ÖVNING – {self.name}" if self.exercise else self.name

    def get_absolute_url(self) -> str:
        return reverse("ops_event", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = ValidationError(_("An event cannot end before it starts."))
        if self.area is not None:
            from trygg.operations.areas import area_problem

            problem = area_problem(self.area)
            if problem:
                errors["area"] = ValidationError(problem)
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.ends_at is None


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    DECISION = "decision", _("Decision")
    STATE = "state", _("State change")
    STATUS = "status", _("Status report")
    CONTACT = "contact", _("Contact")
    MINUTES = "minutes", _("Meeting minutes")
    REQUEST = "request", _("Request")
    DEBRIEF = "debrief", _("Debrief")
    CORRECTION = "correction", _("Correction")
    PUBLIC_TEXT = "public_text", _("Public text released")


class Visibility(models.TextChoices):
    EVENT = "event", _("Everyone in the event")
    OWN = "own", _("My organisation only")
    SELECTED = "selected", _("My organisation and those I choose")


class AppendOnly(Exception):
    """Raised on any attempt to change or delete a log entry."""


class LogEntry(models.Model):
    """One entry in an event's log. Immutable once written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="entries")
    point = models.ForeignKey("registry.Point", null=True, blank=True, on_delete=models.PROTECT, related_name="log_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="log_entries")
    author_org = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="log_entries")
    occurred_at = models.DateTimeField(_("happened"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    visibility = models.CharField(_("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.EVENT)
    shared_with = models.ManyToManyField("registry.Organisation", blank=True, related_name="shared_entries")
    source = models.CharField(_("source"), max_length=20, default="web", help_text=_("web, api, phone or offline"))
    # Offline packages (docs/field.md): the name typed in the field, kept as a note (never the author),
    # and the user the package was issued to when someone else uploaded it.
    noted_by = models.CharField(_("noted by"), max_length=150, blank=True)
    package_issued_to = models.CharField(_("package issued to"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["occurred_at", "recorded_at", "id"]
        indexes = [models.Index(fields=["event", "point", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnly("Log entries are never changed: write a correction instead.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Log entries are never deleted: write a correction instead.")


class PointStatus(models.Model):
    """A point's current state in an event: a projection of the log, never edited directly."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="statuses")
    point = models.ForeignKey("registry.Point", on_delete=models.CASCADE, related_name="op_statuses")
    state = models.CharField(max_length=10, choices=list(STATE_LABELS.items()), null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    people_present = models.PositiveIntegerField(null=True, blank=True)
    power_source = models.CharField(max_length=10, choices=list(POWER_LABELS.items()), blank=True)
    fuel_l = models.FloatField(null=True, blank=True)
    indoor_temp_c = models.FloatField(null=True, blank=True)
    water = models.CharField(max_length=10, choices=list(WATER_LABELS.items()), blank=True)
    functions_available = models.JSONField(default=list, blank=True)
    staff_on_site = models.PositiveIntegerField(null=True, blank=True)
    needs = models.TextField(blank=True)
    problems = models.TextField(blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField(null=True, blank=True, help_text="When the point entered the event (its first state).")
    state_since = models.DateTimeField(null=True, blank=True, help_text="When the point entered its current state.")
    entries = models.PositiveIntegerField(default=0)
    applied_until = models.DateTimeField(null=True, blank=True, help_text="The latest time of an entry applied.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "point"], name="one_status_per_point_and_event")]

    def __str__(self) -> str:
        return f"{self.point} in {self.event}: {self.state}"


class SosAlarm(models.TextChoices):
    """How a point can alarm 112 (SOS Alarm) when power and the mobile network fail (R8).

    The values are those of :class:`trygg.rules.readiness.SosAlarm`.
    """

    RAKEL = "rakel", _("Rakel")
    SATELLITE_PHONE = "satellite_phone", _("Satellite phone")
    LANDLINE_BACKUP = "landline_backup", _("Landline on backup power")
    MOBILE_BACKUP = "mobile_backup", _("Mobile phone with backup power at the mast")
    NONE = "none", _("None: cannot alarm 112 in an outage")


class CommsPath(models.Model):
    """How a point reaches the others when the phone network fails (R8)."""

    point = models.OneToOneField("registry.Point", on_delete=models.CASCADE, related_name="comms")
    rakel_talkgroup = models.CharField(_("Rakel talkgroup"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    satellite_phone = models.CharField(_("satellite phone"), max_length=40, blank=True)
    messenger = models.CharField(_("messenger (ordonnans)"), max_length=200, blank=True)
    report_interval_min = models.PositiveIntegerField(_("expected report interval (minutes)"), default=120)
    sos_alarm = models.CharField(
        _("how the point alarms 112 in an outage"), max_length=20, choices=SosAlarm.choices, blank=True,
        help_text=_("The way staff reach SOS Alarm when power and the mobile network are down. "
                    "Leave empty if nobody knows yet: the readiness check counts that as a gap."))

    class Meta:
        verbose_name = _("communication path")
        verbose_name_plural = _("communication paths")

    def __str__(self) -> str:
        return str(self.point)

    @property
    def redundant(self) -> bool:
        """At least two independent paths (R8)."""
        return sum(bool(x) for x in (self.rakel_talkgroup, self.phone, self.satellite_phone, self.messenger)) >= 2


class Shift(models.Model):
    """A staffing shift at a point (R6 staffing endurance)."""

    point = models.ForeignKey("registry.Point", on_delete=models.CASCADE, related_name="shifts")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="shifts")
    role = models.CharField(_("role"), max_length=30)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    person = models.CharField(_("person"), max_length=200, blank=True)
    organisation = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "role"]

    def __str__(self) -> str:
        return f"{self.role} {self.starts_at:%d/%m %H:%M}–{self.ends_at:%H:%M} {self.person}"

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift must end after it starts.")})
        if self.ends_at and self.starts_at and (self.ends_at - self.starts_at).total_seconds() > 16 * 3600:
            raise ValidationError({"ends_at": _("A shift longer than 16 hours is not a plan that endures.")})

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class PublicText(models.Model):
    """What residents of one municipality are told about an event: drafted, edited, then released.

    A decision's reason is internal and never published. This text is the
    public one (what is open, where, what it offers, what to do). The draft
    is edited freely; only the released copy reaches CAP, the Atom feed, the
    radio text and the public pages. Each release is also a log entry
    (``EntryKind.PUBLIC_TEXT``) with who, when and the text.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="public_texts")
    municipality = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+",
                                     limit_choices_to={"kind": "municipality"})
    draft_sv = models.TextField(_("public text (Swedish)"))
    draft_en = models.TextField(_("public text (English)"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("drafted"))
    released_sv = models.TextField(blank=True)
    released_en = models.TextField(blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("public text")
        verbose_name_plural = _("public texts")
        constraints = [models.UniqueConstraint(fields=["event", "municipality"],
                                               name="one_public_text_per_event_and_municipality")]

    def __str__(self) -> str:
        return f"{self.event} – {self.municipality}"

    @property
    def released(self) -> bool:
        return self.released_at is not None

    @property
    def draft_differs(self) -> bool:
        """The draft has changes that are not released (or nothing was released yet)."""
        return (self.draft_sv, self.draft_en) != (self.released_sv, self.released_en) or not self.released


class PublicTextPolicy(models.Model):
    """A municipality's rule for releasing public text. Without a row the two-person rule applies."""

    municipality = models.OneToOneField("registry.Organisation", on_delete=models.CASCADE,
                                        related_name="public_text_policy", limit_choices_to={"kind": "municipality"})
    two_person_rule = models.BooleanField(
        _("two-person rule"), default=True,
        help_text=_("A second person must release public text; turn off only where one person is on duty."))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public text policy")
        verbose_name_plural = _("public text policies")

    def __str__(self) -> str:
        return str(self.municipality)
