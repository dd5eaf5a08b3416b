from django.contrib import admin

from trygg.operations.models import (
    CommsPath,
    Event,
    LogEntry,
    PointStatus,
    PublicText,
    PublicTextPolicy,
    Shift,
)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "exercise", "starts_at", "ends_at", "owner"]
    list_filter = ["kind", "exercise"]
    filter_horizontal = ["municipalities", "participants"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, corrections are new entries."""

    list_display = ["occurred_at", "event", "point", "kind", "author", "author_org", "source"]
    list_filter = ["kind", "source", "event"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PointStatus)
class PointStatusAdmin(admin.ModelAdmin):
    """Read-only: derived from the log."""

    list_display = ["event", "point", "state", "people_present", "power_source", "fuel_l", "last_contact_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CommsPath)
class CommsPathAdmin(admin.ModelAdmin):
    list_display = ["point", "rakel_talkgroup", "phone", "satellite_phone", "sos_alarm", "report_interval_min"]
    list_filter = ["sos_alarm"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["point", "role", "starts_at", "ends_at", "person", "organisation"]


@admin.register(PublicTextPolicy)
class PublicTextPolicyAdmin(admin.ModelAdmin):
    """Where a municipality turns the two-person rule off; the row records who changed it."""

    list_display = ["municipality", "two_person_rule", "changed_by", "changed_at"]
    fields = ["municipality", "two_person_rule"]

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PublicText)
class PublicTextAdmin(admin.ModelAdmin):
    """Read-only: drafts and releases go through the event page, so the two-person rule holds."""

    list_display = ["event", "municipality", "drafted_by", "drafted_at", "released_by", "released_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
