from django.contrib import admin

from trygg.registry import models


class PlanFunctionInline(admin.TabularInline):
    model = models.PlanFunction
    extra = 0


class StaffNeedInline(admin.TabularInline):
    model = models.StaffNeed
    extra = 0


class PlanEquipmentInline(admin.TabularInline):
    model = models.PlanEquipment
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scb_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "scb_code"]


@admin.register(models.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "locality", "backup_power", "location_approximate"]
    list_filter = ["kind", "backup_power", "municipality"]
    search_fields = ["name", "locality", "address"]


@admin.register(models.Point)
class PointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "level", "state", "priority_rank", "public"]
    list_filter = ["kind", "level", "state", "municipality", "public"]
    search_fields = ["name", "ref"]
    filter_horizontal = ["sites"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["point", "reviewed_on", "fuel_arranged"]
    inlines = [PlanFunctionInline, StaffNeedInline, PlanEquipmentInline]


@admin.register(models.PlanFunction)
class PlanFunctionAdmin(admin.ModelAdmin):
    list_display = ["plan", "function", "provider"]


@admin.register(models.StaffNeed)
class StaffNeedAdmin(admin.ModelAdmin):
    list_display = ["plan", "role", "needed", "assigned", "overnight"]


@admin.register(models.PlanEquipment)
class PlanEquipmentAdmin(admin.ModelAdmin):
    list_display = ["plan", "equipment", "quantity", "power_kw"]


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "subject", "municipality", "valid_from", "valid_to", "review_date"]
    list_filter = ["subject", "municipality"]
    filter_horizontal = ["parties", "points"]


@admin.register(models.Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["point", "kind", "interval_days", "last_done"]
    list_filter = ["kind"]


@admin.register(models.Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "municipality"]
    filter_horizontal = ["points", "participants"]
