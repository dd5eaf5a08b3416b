"""The kinds of organisation: a registry organisation's kind, and what a membership's role asks of it.

Below ``accounts`` (a county officer belongs to a county) and ``registry`` (``Organisation.kind``);
``trygg.registry.choices`` imports it for the registry's callers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COUNTY = "county", _("County administrative board")
    MUNICIPALITY = "municipality", _("Municipality")
    VOLUNTEER = "volunteer", _("Volunteer organisation")
    COMPANY = "company", _("Company")
    AUTHORITY = "authority", _("Authority")
    OTHER = "other", _("Other")
