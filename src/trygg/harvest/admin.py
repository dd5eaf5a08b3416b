from django.contrib import admin

from trygg.harvest.models import HarvestedPoint, HarvestSource


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "point_count", "last_fetched_at", "last_error_at")
    readonly_fields = ("last_fetched_at", "last_fetched_from", "last_imported_by", "point_count", "last_error",
                       "last_error_at")


@admin.register(HarvestedPoint)
class HarvestedPointAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality_code", "status", "source", "fetched_at")
    list_filter = ("source", "status")
