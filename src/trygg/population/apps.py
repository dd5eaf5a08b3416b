from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "trygg.population"
    label = "population"
    verbose_name = _("Population grid")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trygg.jobs import runner

        runner.KINDS["coverage"] = "trygg.population.coverage_job:run_coverage_job"  # jobs names no app above it
