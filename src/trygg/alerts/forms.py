from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.alerts.models import AlertKind, Subscription


class SubscriptionForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(label=_("Tell me when"), choices=AlertKind.choices,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Subscription
        fields = ["kinds", "municipality", "point", "by_email", "by_sms"]

    def __init__(self, *args: object, municipalities: object, points: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["municipality"].empty_label = _("All I may see")  # type: ignore[attr-defined]
        self.fields["point"].queryset = points  # type: ignore[attr-defined]
        self.fields["point"].empty_label = _("All points")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("by_email") and not data.get("by_sms"):
            raise forms.ValidationError(_("Choose e-mail, SMS or both."))
        return data
