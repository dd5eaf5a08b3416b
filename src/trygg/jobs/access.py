"""Who sees which job: its starter, and whoever reads the municipality (or is of the county) it is for.

Which municipalities a user reads is the registry's to say (``trygg.registry.scope``), and
``jobs`` sits below ``registry`` (docs/architecture.md): the registry fills
:data:`readable_municipalities` in its ``AppConfig.ready``. Until then a user sees only their own jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from trygg.accounts import permissions as perm
from trygg.jobs.models import Job


def _none(user: Any) -> Iterable[Any]:
    return []


#: The municipalities (a queryset or ids) whose jobs ``user`` reads; filled by ``trygg.registry``.
readable_municipalities: Callable[[Any], Iterable[Any]] = _none


def visible_jobs(user: Any) -> QuerySet[Job]:
    """The jobs ``user`` may open: another municipality's or county's are not among them (404)."""
    if not user.is_authenticated:
        return Job.objects.none()
    seen = Q(created_by=user) | Q(organisation__in=readable_municipalities(user))
    membership = perm.membership_of(user)
    if membership is not None and perm.is_county_officer(user):
        seen |= Q(organisation=membership.organisation_id)
    return Job.objects.filter(seen).select_related("organisation")
