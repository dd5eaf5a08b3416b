from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trygg.api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI extension for the login-throttled basic auth.
        from trygg.api import schema  # noqa: F401
