"""Edit forms. Cross-field rules live in the models' ``clean()``; ModelForm runs them."""

from __future__ import annotations

from django import forms
from django.db import models
from django.forms import inlineformset_factory

from trygg.registry.models import (
    Organisation,
    Plan,
    PlanEquipment,
    PlanFunction,
    Point,
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


def _formfield(field: models.Field, **kwargs: object) -> forms.Field | None:
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
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in
                   ["who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access",
                    "robust_comms", "closing", "notes"]}
        widgets["reviewed_on"] = forms.DateInput(attrs={"type": "date"})


FunctionFormSet = inlineformset_factory(Plan, PlanFunction, fields=["function", "how"], extra=2, can_delete=True,
                                        widgets={"how": forms.TextInput()})
StaffFormSet = inlineformset_factory(Plan, StaffNeed, fields=["role", "needed", "overnight", "assigned", "assigned_people"],
                                     extra=2, can_delete=True, widgets={"assigned_people": forms.TextInput()})
EquipmentFormSet = inlineformset_factory(Plan, PlanEquipment, fields=["equipment", "quantity", "power_kw", "notes"],
                                         extra=2, can_delete=True)
