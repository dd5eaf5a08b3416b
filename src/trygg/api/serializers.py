"""API payloads. Model ``clean()`` runs on every write so the API keeps the same rules as the forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework import serializers

from trygg.api.validation import Conflict, FiniteFloatField
from trygg.registry.models import (
    Organisation,
    Plan,
    PlanEquipment,
    PlanFunction,
    Point,
    Site,
    StaffNeed,
)
from trygg.rules.levels import MAX_FUEL_L
from trygg.rules.readiness import Gap

MAX_GENERATOR_KW = 10_000.0  # a large reserve power plant; no point's own generator comes close
MAX_FLOOR_AREA_M2 = 1_000_000.0


class CheckedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose floats are finite numbers (NaN and infinity are refused, per field)."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.FloatField: FiniteFloatField}


class CleanedModelSerializer(CheckedModelSerializer):
    """Runs the model's field and cross-field validation, reported per field."""

    clean_exclude: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        model: type[models.Model] = self.Meta.model
        plain = {k: v for k, v in attrs.items() if not isinstance(model._meta.get_field(k), models.ManyToManyField)}
        instance = self.instance or model()
        for key, value in plain.items():
            setattr(instance, key, value)
        for key, value in self.context.get("defaults", {}).items():
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=list(self.clean_exclude), validate_unique=True)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict) from None
        return attrs


class OrganisationSerializer(CleanedModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "scb_code", "parent", "crisis_role", "phone", "email", "rakel", "reachable"]


class SiteSerializer(CleanedModelSerializer):
    municipality: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(slug_field="scb_code", read_only=True)
    clean_exclude = ("municipality", "owner")

    class Meta:
        model = Site
        exclude = ["owner", "notes"]
        # The model leaves these open above; through the API a number past them is a typo, not a building.
        extra_kwargs = {"generator_kw": {"min_value": 0, "max_value": MAX_GENERATOR_KW},
                        "tank_l": {"min_value": 0, "max_value": MAX_FUEL_L},
                        "floor_area_m2": {"max_value": MAX_FLOOR_AREA_M2}}


class PointSerializer(CleanedModelSerializer):
    municipality: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(slug_field="scb_code", read_only=True)
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    clean_exclude = ("municipality", "manager")

    class Meta:
        model = Point
        fields = ["id", "ref", "name", "kind", "municipality", "level", "state", "sites", "capacity_day",
                  "capacity_night", "priority_rank", "languages", "opening_hours", "public", "manager_name",
                  "sot_process", "sot_store", "sot_fuel_station", "sot_generator_feeds_store", "sot_generator_feeds_fuel",
                  "sot_info_node", "sot_command_place", "sot_organisation", "sot_organisation_activates",
                  "lat", "lon", "updated"]
        read_only_fields = ["updated"]
        # Uniqueness (ref, priority rank per municipality) is checked by the model's
        # full_clean, which knows the municipality; DRF's own validators would not.
        validators: list[object] = []
        extra_kwargs = {"ref": {"required": False}, "priority_rank": {"required": False}}

    def get_lat(self, point: Point) -> float | None:
        site = point.main_site()
        return site.lat if site else None

    def get_lon(self, point: Point) -> float | None:
        site = point.main_site()
        return site.lon if site else None

    def _municipality(self) -> Organisation | None:
        return self.context["defaults"].get("municipality") or (self.instance.municipality if self.instance else None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        ref, municipality = attrs.get("ref"), self._municipality()
        if ref and municipality is not None:
            taken = Point.objects.filter(municipality=municipality, ref=ref)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise Conflict(f"A point with ref {ref!r} already exists in {municipality.name}.")
        return attrs

    def validate_sites(self, sites: list[Site]) -> list[Site]:
        municipality = self._municipality()
        foreign = [s.pk for s in sites if s.municipality_id != getattr(municipality, "pk", None)]
        if foreign:
            raise serializers.ValidationError(f"Sites {foreign} belong to another municipality.")
        return sites


class PlanFunctionSerializer(CheckedModelSerializer):
    class Meta:
        model = PlanFunction
        fields = ["function", "how"]


class StaffNeedSerializer(CheckedModelSerializer):
    class Meta:
        model = StaffNeed
        fields = ["role", "needed", "overnight", "assigned", "assigned_people"]


class PlanEquipmentSerializer(CheckedModelSerializer):
    class Meta:
        model = PlanEquipment
        fields = ["equipment", "quantity", "power_kw", "notes"]


class PlanSerializer(CheckedModelSerializer):
    functions = PlanFunctionSerializer(many=True, required=False)
    staffing = StaffNeedSerializer(many=True, required=False)
    equipment = PlanEquipmentSerializer(many=True, required=False)

    class Meta:
        model = Plan
        fields = ["who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access",
                  "robust_comms", "closing", "fuel_arranged", "reviewed_on", "notes", "functions", "staffing", "equipment"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._refuse_incomplete_rows(attrs)
        for key, field in (("functions", "function"), ("equipment", "equipment")):
            codes = [row[field] for row in attrs.get(key, [])]
            duplicates = sorted({c for c in codes if codes.count(c) > 1})
            if duplicates:
                raise serializers.ValidationError({key: [f"Listed more than once: {', '.join(duplicates)}."]})
        return attrs

    def _refuse_incomplete_rows(self, attrs: dict[str, Any]) -> None:
        """A list that is sent replaces the stored rows, so each row is complete even in a PATCH
        (DRF's partial validation would let a row without its required fields through)."""
        for key in ("functions", "staffing", "equipment"):
            rows = self.fields[key]
            if not isinstance(rows, serializers.ListSerializer) or not isinstance(rows.child, serializers.Serializer):
                raise TypeError(f"{key} is not a list of rows")
            required = [name for name, field in rows.child.fields.items() if field.required]
            for index, row in enumerate(attrs.get(key, [])):
                missing = [name for name in required if name not in row]
                if missing:
                    raise serializers.ValidationError({f"{key}[{index}].{missing[0]}": ["This field is required."]})

    @transaction.atomic
    def update(self, instance: Plan, validated: dict[str, Any]) -> Plan:
        nested = {key: validated.pop(key, None) for key in ("functions", "staffing", "equipment")}
        for key, value in validated.items():
            setattr(instance, key, value)
        instance.save()
        row_models = {"functions": PlanFunction, "staffing": StaffNeed, "equipment": PlanEquipment}
        for key, rows in nested.items():
            if rows is None:
                continue  # a field left out keeps its rows (partial update)
            getattr(instance, key).all().delete()
            model = row_models[key]
            model.objects.bulk_create([model(plan=instance, **row) for row in rows])  # type: ignore[attr-defined]
        return instance


class GapSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    requirement = serializers.CharField()
    message_sv = serializers.SerializerMethodField()
    message_en = serializers.SerializerMethodField()

    def get_message_sv(self, gap: Gap) -> str:
        return gap.message("sv")

    def get_message_en(self, gap: Gap) -> str:
        return gap.message("en")


class ReadinessSerializer(serializers.Serializer):
    point = serializers.IntegerField()
    score = serializers.IntegerField()
    checks = serializers.IntegerField()
    gaps = GapSerializer(many=True)


class RollUpSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    name = serializers.CharField()
    points = serializers.IntegerField()
    mean_score = serializers.FloatField()
    critical_gaps = serializers.IntegerField()
    gaps = serializers.IntegerField()
