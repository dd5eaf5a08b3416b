from django.contrib import admin

from trygg.warnings.models import ExternalWarning


@admin.register(ExternalWarning)
class ExternalWarningAdmin(admin.ModelAdmin):
    list_display = ["headline", "level", "source", "area_name", "starts_at", "ends_at", "cancelled"]
    list_filter = ["source", "level", "cancelled"]
    readonly_fields = [f.name for f in ExternalWarning._meta.fields]
