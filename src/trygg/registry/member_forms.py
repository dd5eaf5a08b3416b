"""Forms of the users a municipality's coordinator manages: name, role, organisation and points.

They choose the municipality's organisations and points, so they live in the registry
(moved from ``trygg.accounts.forms``); the roles are ``trygg.accounts.models.Role``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Role
from trygg.registry.models import Organisation, Point

User = get_user_model()

# The roles a coordinator may give: never county officer, partner or superuser.
MANAGEABLE_ROLES = (Role.COORDINATOR, Role.POINT_MANAGER, Role.STAFF)
POINT_ROLES = (Role.POINT_MANAGER, Role.STAFF)



def organisations_of(municipality: Organisation) -> QuerySet[Organisation]:
    """The municipality and the local organisations that belong to it (FRG, village associations …)."""
    return Organisation.objects.filter(Q(pk=municipality.pk) | Q(parent=municipality))


class MemberForm(forms.Form):
    """A person in a municipality: their name and e-mail, role, organisation and points."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in MANAGEABLE_ROLES])
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          help_text=_("A coordinator belongs to the municipality itself."))
    points = forms.ModelMultipleChoiceField(label=_("Points"), queryset=Point.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("For point managers and staff: the points they work at."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, municipality: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organisation"].queryset = organisations_of(municipality)  # type: ignore[attr-defined]
        self.fields["organisation"].initial = municipality.pk
        self.fields["points"].queryset = Point.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, organisation = data.get("role"), data.get("organisation")
        if role == Role.COORDINATOR and organisation is not None and organisation != self.municipality:
            self.add_error("organisation", _("A coordinator belongs to the municipality itself."))
        if role in POINT_ROLES and not data.get("points"):
            self.add_error("points", _("Choose the points this person works at."))
        if role == Role.COORDINATOR:
            data["points"] = Point.objects.none()
        return data


class NewMemberForm(MemberForm):
    """A new user. With e-mail configured they set their own password from an invitation link;
    without it the coordinator gives a first password in person."""

    username = forms.CharField(label=_("Username"), max_length=150,
                               validators=[User.username_validator])
    password = forms.CharField(label=_("First password"), required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("Only when this server sends no e-mail: tell it to the person in person."))
    field_order = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args: Any, sends_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sends_email = sends_email
        if sends_email:
            del self.fields["password"]
            self.fields["email"].required = True
            self.fields["email"].help_text = _("The invitation to set a password is sent here.")
        else:
            self.fields["password"].required = True

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if password:
            candidate = User(username=self.data.get("username", ""), first_name=self.data.get("first_name", ""))
            validate_password(password, candidate)
        return password


class ChangeMemberForm(MemberForm):
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)

    def __init__(self, *args: Any, editing_self: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing_self = editing_self

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.editing_self and data.get("role") not in (None, Role.COORDINATOR):
            self.add_error("role", _("You cannot take away your own coordinator role; ask another coordinator."))
        if self.editing_self and not data.get("is_active"):
            self.add_error("is_active", _("You cannot deactivate yourself."))
        return data
