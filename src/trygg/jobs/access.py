"""Who sees which job: its starter, and whoever reads the municipality (or is of the county) it is for."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from trygg.accounts import permissions as perm
from trygg.jobs.models import Job


def visible_jobs(user: Any) -> QuerySet[Job]:
    """The jobs ``user`` may open: another municipality's or county's are not among them (404)."""
    if not user.is_authenticated:
        return Job.objects.none()
    scope = Q(created_by=user) | Q(organisation__in=perm.readable_municipalities(user))
    membership = perm.membership_of(user)
    if membership is not None and perm.is_county_officer(user):
        scope |= Q(organisation=membership.organisation_id)
    return Job.objects.filter(scope).select_related("organisation")
