"""Forms of the account pages: one-time codes and the user's own details (the users a
municipality's coordinator manages: ``trygg.registry.member_forms``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

User = get_user_model()

class OneTimeCodeForm(forms.Form):
    code = forms.CharField(label=_("Code from your authenticator app"), min_length=6, max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("The code is the 6 digits your app shows."))
        return code


class OwnDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]
