"""A municipality's coordinator manages its users from the app (issue 11)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts.invitations import send_invitation, sends_email
from trygg.accounts.users import signed_in
from trygg.registry import members
from trygg.registry.member_forms import ChangeMemberForm, NewMemberForm
from trygg.registry.scope import get_municipality_for_edit


@login_required
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_municipality_for_edit(request.user, code)
    return render(request, "accounts/member_list.html", {
        "municipality": municipality,
        "memberships": members.manageable_memberships(municipality).prefetch_related("points"),
    })


@login_required
def member_create(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_municipality_for_edit(request.user, code)
    email = sends_email()
    form = NewMemberForm(request.POST or None, municipality=municipality, sends_email=email)
    if request.method == "POST" and form.is_valid():
        user = members.create_member(municipality, form.cleaned_data)
        _tell_how_they_log_in(request, user, email)
        return redirect("members", code=code)
    return render(request, "accounts/member_form.html", {"form": form, "municipality": municipality,
                                                         "sends_email": email})


def _tell_how_they_log_in(request: HttpRequest, user: AbstractUser, email: bool) -> None:
    name = user.get_full_name() or user.username
    if not email:
        messages.success(request, _("%(name)s can log in as %(username)s with the first password you gave.")
                         % {"name": name, "username": user.username})
    elif send_invitation(request, user, signed_in(request)):
        messages.success(request, _("%(name)s is created; an invitation to set a password was sent to %(email)s.")
                         % {"name": name, "email": user.email})
    else:
        messages.warning(request, _("%(name)s is created, but the invitation could not be sent. Use "
                                    "“Send invitation again” on their page when e-mail works.") % {"name": name})


@login_required
def member_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality = get_municipality_for_edit(request.user, code)
    membership = members.get_membership_for_edit(municipality, pk)
    form = ChangeMemberForm(request.POST or None, initial=members.initial_of(membership),
                            municipality=municipality, editing_self=membership.user_id == request.user.pk)
    if request.method == "POST" and form.is_valid():
        members.update_member(municipality, membership, form.cleaned_data)
        messages.success(request, _("The changes are saved."))
        return redirect("members", code=code)
    return render(request, "accounts/member_form.html", {"form": form, "municipality": municipality,
                                                         "member": membership.user, "sends_email": sends_email()})


@login_required
def member_invite(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality = get_municipality_for_edit(request.user, code)
    membership = members.get_membership_for_edit(municipality, pk)
    if request.method == "POST":
        user = membership.user
        if not (sends_email() and user.email and user.is_active):
            messages.error(request, _("No invitation sent: the user needs an e-mail address, must be active, "
                                      "and this server must send e-mail."))
        elif send_invitation(request, user, signed_in(request)):
            messages.success(request, _("An invitation to set a password was sent to %(email)s.") % {"email": user.email})
        else:
            messages.error(request, _("The invitation could not be sent; try again later."))
    return redirect("member_edit", code=code, pk=pk)
