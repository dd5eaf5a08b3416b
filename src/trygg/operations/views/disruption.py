"""The affected-area page: which points and residents a disruption hits, and who can still serve them.

It lives with the events because an event's area is drawn and saved here (``?event=``); the
figures are :mod:`trygg.population.disruption`'s. The URLs stay ``disruption`` and
``county_disruption`` (``trygg.web.urls``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.accounts import permissions as perm
from trygg.accounts.users import signed_in
from trygg.analysis.errors import AnalysisError
from trygg.analysis.travel import STRAIGHT_LINE, metric_label
from trygg.formats.area import AreaError, read_area
from trygg.formats.limits import MAX_IMPORT_BYTES, megabytes
from trygg.operations import access
from trygg.operations.areas import area_problem
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, Event
from trygg.population import disruption as model
from trygg.population.demand import county_of
from trygg.registry import scope
from trygg.registry.mapdata import boundaries_collection
from trygg.registry.models import Organisation, Point
from trygg.text import error_message


class AreaForm(forms.Form):
    """The area, from any mix of municipalities, tätorter, a GeoJSON file, pasted GeoJSON or a drawn outline."""

    municipalities = forms.MultipleChoiceField(label=gettext_lazy("Whole municipalities"), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    localities = forms.MultipleChoiceField(label=gettext_lazy("Localities (tätorter)"), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 8}))
    geojson = forms.CharField(label=gettext_lazy("GeoJSON (pasted, or drawn on the map)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "id": "area-geojson", "spellcheck": "false"}))
    file = forms.FileField(label=gettext_lazy("GeoJSON file"), required=False)

    def __init__(self, *args: Any, municipalities: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = municipalities
        cast(forms.ChoiceField, self.fields["municipalities"]).choices = [(m.scb_code, m.name) for m in municipalities]
        cast(forms.ChoiceField, self.fields["localities"]).choices = [
            (loc.code, f"{loc.name} ({loc.population:.0f})") for loc in model.localities_of(municipalities)]

    def _geojson_part(self, text: str | bytes, field: str) -> Any:
        try:
            geometry = read_area(text)
        except AreaError as exc:
            self.add_error(field, exc.message.render(translation))
            return None
        problem = area_problem(geometry)
        if problem:
            self.add_error(field, problem)
            return None
        return model.shape_of(geometry)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [m for m in self.scope if m.scb_code in data.get("municipalities", [])]
        codes = set(data.get("localities", []))
        parts = [model.municipalities_area(chosen),
                 model.localities_area([loc for loc in model.bundled_localities() if loc.code in codes])]
        if data.get("geojson", "").strip():
            parts.append(self._geojson_part(data["geojson"], "geojson"))
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", _("The file is larger than the limit of %(limit)s for every import; split it.")
                               % {"limit": megabytes(MAX_IMPORT_BYTES)})
            else:
                parts.append(self._geojson_part(upload.read(), "file"))
        if self.errors:
            return data
        area = model.union_area(parts)
        if area is None:
            raise forms.ValidationError(_("Choose municipalities or localities, draw the area on the map, or give "
                                          "it as GeoJSON."))
        problem = area_problem(area)
        if problem:
            raise forms.ValidationError(problem)
        data["area"] = area
        return data


def _scope(request: HttpRequest, code: str | None) -> tuple[Organisation | None, list[Organisation]]:
    if code is not None:
        municipality = scope.get_municipality_for_analysis(request.user, code)
        return municipality, [municipality]
    if not perm.is_county_officer(request.user):
        raise PermissionDenied
    return None, list(scope.readable_municipalities(request.user).order_by("name"))


def _event(request: HttpRequest) -> Event | None:
    """The event named by ?event= (or the form's event field) that the user may see, or None."""
    raw = request.POST.get("event") or request.GET.get("event")
    if not raw or not raw.isdigit():
        return None
    return access.get_event(request.user, int(raw))


def distance_label(detour: float) -> str:
    """The measure behind every distance on the page, worded once for all pages (trygg.analysis.travel)."""
    return metric_label(STRAIGHT_LINE, detour, translation.get_language() or "sv")


def _result_context(page: model.DisruptionPage, municipalities: list[Organisation]) -> dict[str, Any]:
    impact = page.impact
    return {
        "page": page, "impact": impact, "inside_points": page.inside_points, "dark_points": page.dark_points,
        "bands": page.bands(), "farthest": page.farthest(), "metric": distance_label(page.detour),
        "source": page.source, "near_km": model.NEAR_KM,
        "map_data": {"points": {"type": "FeatureCollection", "features": page.map_features()},
                     "boundaries": boundaries_collection(municipalities), "area": page.area, "draw": True},
    }


def _save_to_event(request: HttpRequest, event: Event, area: dict[str, Any]) -> HttpResponse:
    if not access.can_lead(request.user, event):
        raise PermissionDenied
    event.area = area
    event.full_clean()
    event.save(update_fields=["area"])
    organisation = access.user_org(request.user) or event.owner
    append(NewEntry(event=event, author_id=signed_in(request).pk, author_org=organisation, kind=EntryKind.NOTE,
                    occurred_at=timezone.now(), text=_("The affected area was set on the map (%(kind)s).")
                    % {"kind": area["type"]}, data={"area_set": True}))
    return redirect(f"{request.path}?event={event.pk}")


def _render(request: HttpRequest, code: str | None) -> HttpResponse:
    municipality, municipalities = _scope(request, code)
    event = _event(request)
    form = AreaForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    context: dict[str, Any] = {"municipality": municipality, "event": event, "form": form,
                               "map_data": {"points": {"type": "FeatureCollection", "features": []},
                                            "boundaries": boundaries_collection(municipalities), "draw": True}}
    area = None
    if request.method == "POST" and form.is_valid():
        area = form.cleaned_data["area"]
        if event is not None and "save_to_event" in request.POST:
            return _save_to_event(request, event, area)
    elif request.method == "GET" and event is not None and event.area:
        area = event.area
    if area is not None:
        points = Point.objects.filter(municipality__in=municipalities).prefetch_related("sites")
        try:
            page = model.disruption_page(area, municipality, points,
                                         county=None if municipality else county_of(request.user))
        except AnalysisError as exc:
            context["error"] = error_message(exc, translation)
            page = None
        if page is None and "error" not in context:
            context["error"] = _("No point in this scope has a position: nothing to measure.")
        if page is not None:
            context |= _result_context(page, municipalities)
    context["may_save"] = event is not None and _may_lead(request, event)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "registry/disruption.html", context, status=status)


def _may_lead(request: HttpRequest, event: Event) -> bool:
    return access.can_lead(request.user, event)


@login_required
def municipality_disruption(request: HttpRequest, code: str) -> HttpResponse:
    """The affected area of a disruption in one municipality: its points and residents."""
    return _render(request, code)


@login_required
def county_disruption(request: HttpRequest) -> HttpResponse:
    """The same for the whole county (the county officer)."""
    return _render(request, None)
