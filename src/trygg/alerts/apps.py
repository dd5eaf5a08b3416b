from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "trygg.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from trygg.alerts import triggers

        triggers.connect()
