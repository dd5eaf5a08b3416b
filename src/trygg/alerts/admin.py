from django.contrib import admin

from trygg.alerts.models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kinds", "municipality", "point", "event", "by_email", "by_sms"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "channel", "recipient", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
