from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.operations.decisions import MANDATES
from trygg.operations.lifecycle import PowerSource, Water
from trygg.operations.models import CommsPath, EntryKind, Event, EventKind, Shift, Visibility
from trygg.registry.choices import FUNCTION_CHOICES, STAFF_ROLE_CHOICES
from trygg.registry.models import Organisation, Point


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["name", "kind", "exercise", "municipalities", "starts_at"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple,
                   "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # A power outage is what most events are; the coordinator changes the kind when it is not.
        self.fields["kind"].initial = EventKind.POWER
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    points = forms.ModelMultipleChoiceField(queryset=Point.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Points"))
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)
    mandate = forms.ChoiceField(label=_("Mandate"), choices=list(MANDATES.items()))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Internal: kept in the log, never published. Residents read the "
                                         "public text, which a second person releases."))
    level = forms.TypedChoiceField(label=_("Level"), choices=[("", "–"), (1, "1"), (2, "2"), (3, "3")], coerce=int,
                                   empty_value=None, required=False)
    decided_at = forms.DateTimeField(label=_("Decided at"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     help_text=_("Leave empty for now; a decision taken by phone is often written down later."))

    def __init__(self, *args: object, points: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["points"].queryset = points  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    """The phone form: big fields, few of them, all optional but one."""

    people_present = forms.IntegerField(label=_("People present"), required=False, min_value=0)
    power_source = forms.ChoiceField(label=_("Power"), required=False, choices=[("", "–")] + [
        (PowerSource.MAINS.value, _("Mains")), (PowerSource.BACKUP.value, _("Backup power")), (PowerSource.NONE.value, _("None"))],
        widget=forms.RadioSelect)
    fuel_l = forms.FloatField(label=_("Fuel left (litres)"), required=False)
    indoor_temp_c = forms.FloatField(label=_("Indoor temperature (°C)"), required=False)
    water = forms.ChoiceField(label=_("Water"), required=False, widget=forms.RadioSelect, choices=[("", "–")] + [
        (Water.OK.value, _("OK")), (Water.LIMITED.value, _("Limited")), (Water.NONE.value, _("None"))])
    functions_available = forms.MultipleChoiceField(label=_("Functions available now"), required=False,
                                                    choices=FUNCTION_CHOICES, widget=forms.CheckboxSelectMultiple)
    staff_on_site = forms.IntegerField(label=_("Staff on site"), required=False, min_value=0)
    needs = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in (
        EntryKind.NOTE, EntryKind.MINUTES, EntryKind.REQUEST, EntryKind.DECISION, EntryKind.DEBRIEF)])
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)
    shared_with = forms.ModelMultipleChoiceField(label=_("Share with"), queryset=Organisation.objects.none(), required=False,
                                                 widget=forms.CheckboxSelectMultiple)
    to_org = forms.ModelChoiceField(label=_("Request to"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["shared_with"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["to_org"].queryset = organisations  # type: ignore[attr-defined]


class ShiftForm(forms.ModelForm):
    # Chosen from the roles the plans use, never typed: the staffing check matches on the code.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "–"), *STAFF_ROLE_CHOICES])

    class Meta:
        model = Shift
        fields = ["point", "role", "starts_at", "ends_at", "person", "organisation"]
        labels = {"point": _("Point")}
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class CommsPathForm(forms.ModelForm):
    class Meta:
        model = CommsPath
        fields = ["rakel_talkgroup", "phone", "satellite_phone", "messenger", "sos_alarm", "report_interval_min"]


class PublicTextForm(forms.Form):
    """The public text residents read: Swedish first, English optional."""

    draft_sv = forms.CharField(label=_("Public text (Swedish)"), widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What is open, where, what it offers, what to do. "
                                           "No internal reasons or names of staff."))
    draft_en = forms.CharField(label=_("Public text (English)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6}))
