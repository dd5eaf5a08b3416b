from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "trygg.public"
    verbose_name = _("Public information")

    def ready(self) -> None:
        from trygg.public import cache, languages

        languages.register_with_django()
        cache.connect_invalidation()
