"""Edit forms. Cross-field rules live in the models' ``clean()``; ModelForm runs them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from trygg.registry.choices import OrganisationKind
from trygg.registry.models import (
    Agreement,
    Exercise,
    Organisation,
    Plan,
    PlanEquipment,
    PlanFunction,
    Point,
    Routine,
    Site,
    StaffNeed,
)


class PointForm(forms.ModelForm):
    class Meta:
        model = Point
        fields = [
            "name", "kind", "ref", "level", "state", "sites", "capacity_day", "capacity_night", "priority_rank",
            "languages", "opening_hours", "public", "manager_name",
            "sot_process", "sot_store", "sot_fuel_station", "sot_generator_feeds_store", "sot_generator_feeds_fuel",
            "sot_info_node", "sot_command_place", "sot_organisation", "sot_organisation_activates",
        ]
        widgets = {"sites": forms.CheckboxSelectMultiple}

    def __init__(self, *args: object, municipality: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.municipality = municipality
        sites = Site.objects.filter(municipality=municipality).order_by("name")
        self.fields["sites"].queryset = sites  # type: ignore[attr-defined]
        self.fields["sot_store"].queryset = sites.filter(kind="grocery_store")  # type: ignore[attr-defined]
        self.fields["sot_fuel_station"].queryset = sites.filter(kind="fuel_station")  # type: ignore[attr-defined]
        self.fields["sot_organisation"].queryset = Organisation.objects.filter(parent=municipality)  # type: ignore[attr-defined]


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default, chosen now
    return field.formfield(**kwargs)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        formfield_callback = _formfield
        fields = ["name", "kind", "address", "postal_code", "locality", "lat", "lon", "location_approximate",
                  "everyday_use", "clearance_hours", "backup_power", "generator_kw", "tank_l", "heat_source",
                  "district_heating_backup", "fire_safety_24h", "nearby_shelter", "accessible", "accessibility_notes",
                  "floor_area_m2", "year_round", "full_assortment", "source_url", "notes"]

    def __init__(self, *args: object, municipality: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.municipality = municipality


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access",
                  "robust_comms", "closing", "fuel_arranged", "reviewed_on", "notes"]
        widgets: dict[str, forms.Widget] = {name: forms.Textarea(attrs={"rows": 2}) for name in
                   ["who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access",
                    "robust_comms", "closing", "notes"]}
        widgets["reviewed_on"] = forms.DateInput(attrs={"type": "date"})


FunctionFormSet: type[BaseInlineFormSet[PlanFunction, Plan, forms.ModelForm[PlanFunction]]] = inlineformset_factory(Plan, PlanFunction, fields=["function", "how"], extra=2, can_delete=True,
                                        widgets={"how": forms.TextInput()})
StaffFormSet: type[BaseInlineFormSet[StaffNeed, Plan, forms.ModelForm[StaffNeed]]] = inlineformset_factory(Plan, StaffNeed, fields=["role", "needed", "overnight", "assigned", "assigned_people"],
                                     extra=2, can_delete=True, widgets={"assigned_people": forms.TextInput()})
EquipmentFormSet: type[BaseInlineFormSet[PlanEquipment, Plan, forms.ModelForm[PlanEquipment]]] = inlineformset_factory(Plan, PlanEquipment, fields=["equipment", "quantity", "power_kw", "notes"],
                                         extra=2, can_delete=True)


def _date_input() -> forms.DateInput:
    # A date picker wants ISO dates whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def party_choices(municipality: Organisation, keep: QuerySet[Organisation] | None = None) -> QuerySet[Organisation]:
    """Who can sign a municipality's agreement or join its exercise.

    The municipality, its own organisations (FRG, village associations, local
    companies), its county and the county-wide organisations (grid company,
    regional authorities). Another municipality's organisations are not offered;
    ``keep`` holds the parties already on a record, so editing never drops them.
    """
    scope = Q(pk=municipality.pk) | Q(parent=municipality)
    if municipality.parent_id:
        scope |= Q(pk=municipality.parent_id) | (Q(parent_id=municipality.parent_id)
                                                 & ~Q(kind=OrganisationKind.MUNICIPALITY))
    if keep is not None:
        scope |= Q(pk__in=keep.values("pk"))
    return Organisation.objects.filter(scope).order_by("name")


class _MunicipalityRecordForm(forms.ModelForm):
    """A record of one municipality: offers only its points and the parties it may name.

    ``party_field`` names the field of organisations taking part.
    """

    party_field = ""

    def __init__(self, *args: object, municipality: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.municipality = municipality
        keep = getattr(self.instance, self.party_field).all() if self.instance.pk else None
        self.fields[self.party_field].queryset = party_choices(municipality, keep)  # type: ignore[attr-defined]
        self.fields["points"].queryset = Point.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]


class AgreementForm(_MunicipalityRecordForm):
    """The model's ``clean()`` refuses an end before the start and a review after the end."""

    party_field = "parties"

    class Meta:
        model = Agreement
        fields = ["title", "subject", "parties", "points", "valid_from", "valid_to", "review_date", "notes"]
        widgets = {
            "parties": forms.CheckboxSelectMultiple,
            "points": forms.CheckboxSelectMultiple,
            "valid_from": _date_input(),
            "valid_to": _date_input(),
            "review_date": _date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "valid_to": _("Leave empty for an agreement that runs until further notice."),
            "review_date": _("When the agreement is next checked; on or before its last day."),
        }


class ExerciseForm(_MunicipalityRecordForm):
    party_field = "participants"

    class Meta:
        model = Exercise
        fields = ["name", "date", "points", "participants", "participants_notes", "lessons_learned"]
        widgets = {
            "date": _date_input(),
            "points": forms.CheckboxSelectMultiple,
            "participants": forms.CheckboxSelectMultiple,
            "participants_notes": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"participants_notes": _("Other participants and notes")}
        help_texts = {"participants_notes": _("People and organisations not listed above, and how the exercise went.")}


class RoutineForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ["kind", "interval_days", "last_done", "responsible"]
        widgets = {"last_done": _date_input()}
        help_texts = {
            "interval_days": _("How often it is done: 90 is every quarter, 365 once a year."),
            "last_done": _("Leave empty if it has never been done: then it is due now."),
        }

    def __init__(self, *args: object, point: Point, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.point = point

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        taken = Routine.objects.filter(point=self.instance.point, kind=kind).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The point already has this routine; edit that one instead."))
        return kind
