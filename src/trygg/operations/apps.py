from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "trygg.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from trygg.operations import picture
        from trygg.registry import hooks

        # Registry pages flag silent points and count running events without importing operations.
        hooks.silent_points = picture.silent_points_for
        hooks.open_events_by_county = picture.open_events_by_county
