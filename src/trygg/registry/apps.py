from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "trygg.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from trygg.accounts import hooks
        from trygg.jobs import access, runner
        from trygg.registry import scope

        # accounts and jobs sit below the registry: it tells them whose records a user reads or manages
        access.readable_municipalities = scope.readable_municipalities
        hooks.managed_municipalities = scope.managed_municipalities
        runner.KINDS["fuelplan"] = "trygg.registry.fuelplan_job:run_fuelplan_job"

