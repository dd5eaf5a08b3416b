"""The users a municipality's coordinator manages, and the changes they make.

A coordinator manages the coordinators, point managers and staff whose organisation is the
municipality or one of its local organisations; never county officers, partners or
superusers, and nobody elsewhere (their pages answer 404). Saves go through the models so
django-simple-history records who changed what.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from trygg.accounts.models import Membership, Role
from trygg.registry.member_forms import MANAGEABLE_ROLES, organisations_of
from trygg.registry.models import Organisation, Point

User = get_user_model()


def manageable_memberships(municipality: Organisation) -> QuerySet[Membership]:
    return (Membership.objects
            .filter(Q(organisation__in=organisations_of(municipality)), role__in=MANAGEABLE_ROLES,
                    user__is_superuser=False)
            .select_related("user", "organisation")
            .order_by("-user__is_active", "user__last_name", "user__first_name", "user__username"))


def get_membership_for_edit(municipality: Organisation, user_pk: int) -> Membership:
    """The member, or 404: a user of another municipality cannot even be probed."""
    return get_object_or_404(manageable_memberships(municipality), user_id=user_pk)


def initial_of(membership: Membership) -> dict[str, Any]:
    user = membership.user
    return {"first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "role": membership.role, "organisation": membership.organisation_id, "phone": membership.phone,
            "points": list(membership.points.values_list("pk", flat=True)), "is_active": user.is_active}


@transaction.atomic
def create_member(municipality: Organisation, data: dict[str, Any]) -> AbstractUser:
    user = User(username=data["username"], first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"])
    if data.get("password"):
        user.set_password(data["password"])
    else:
        user.set_unusable_password()  # until they follow the invitation link
    user.save()
    membership = Membership(user=user, organisation=data["organisation"], role=data["role"], phone=data["phone"])
    membership.full_clean()
    membership.save()
    membership.points.set(data["points"])
    return user


@transaction.atomic
def update_member(municipality: Organisation, membership: Membership, data: dict[str, Any]) -> None:
    user = membership.user
    user.first_name, user.last_name, user.email = data["first_name"], data["last_name"], data["email"]
    user.is_active = data["is_active"]
    user.save()
    membership.role, membership.organisation, membership.phone = data["role"], data["organisation"], data["phone"]
    membership.full_clean()
    membership.save()
    # Points elsewhere (given by the county or an admin) are not this coordinator's to take away.
    elsewhere = membership.points.exclude(municipality=municipality)
    membership.points.set([*elsewhere, *data["points"]])
    _release_managed_points(municipality, membership)


def _release_managed_points(municipality: Organisation, membership: Membership) -> None:
    """A point's manager edits it (permissions.editable_points): whoever is no longer its point
    manager must stop being its manager too, or the old right would linger."""
    keep = membership.points.all() if membership.role == Role.POINT_MANAGER else Point.objects.none()
    for point in Point.objects.filter(municipality=municipality, manager=membership.user).exclude(pk__in=keep):
        point.manager = None
        point.save(update_fields=["manager"])
