"""Store and fuel access pages: per municipality and for the county (issue 12, item 3)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trygg.accounts import permissions as perm
from trygg.analysis.errors import AnalysisError
from trygg.population.access import AccessPage, access_page
from trygg.registry import scope
from trygg.registry.mapdata import boundaries_collection
from trygg.registry.models import Organisation
from trygg.text import error_message

#: Demand points within this distance of a grocery store are green on the map.
MAP_WITHIN_KM = 10.0
#: Rows of the localities (or grid squares) table, the most residents first; the map shows all.
TABLE_ROWS = 300

# The chart's geometry (SVG user units): one bar per distance band.
_BAR_HEIGHT = 22
_BAR_GAP = 6
_LABEL_WIDTH = 120
_BAR_WIDTH = 360


def service_name(kind: str) -> str:
    return {"grocery": _("Grocery store"), "fuel": _("Fuel station")}[kind]


def metric_text(page: AccessPage) -> str:
    """Which measure produced every distance on the page, in the user's language (one label for all)."""
    return page.result.metric_in(get_language() or "sv")


def chart(distribution: dict[str, Any]) -> dict[str, Any]:
    """Bars for one service: residents within 5, 10, 20, 30 km and beyond."""
    total = distribution["population"] or 1.0
    bands = [(_("within %(km)s km") % {"km": f"{km:g}"}, count) for km, count in distribution["within"]]
    bands.append((_("farther"), distribution["beyond"]))
    bars = []
    for i, (label, count) in enumerate(bands):
        share = count / total
        bars.append({"label": label, "count": count, "percent": round(100 * share),
                     # Nearer bands darker, the "farther" band red (the template picks the colour).
                     "opacity": 0.85 if i == len(bands) - 1 else round(1.0 - 0.15 * i, 2),
                     "y": i * (_BAR_HEIGHT + _BAR_GAP), "width": round(_BAR_WIDTH * share, 1),
                     "text_x": _LABEL_WIDTH + round(_BAR_WIDTH * share, 1) + 6})
    return {"kind": distribution["kind"], "name": service_name(distribution["kind"]),
            "mean_km": distribution["mean_km"], "bars": bars, "label_width": _LABEL_WIDTH,
            "bar_height": _BAR_HEIGHT, "text_dy": _BAR_HEIGHT - 6,
            "width": _LABEL_WIDTH + _BAR_WIDTH + 110, "height": len(bars) * (_BAR_HEIGHT + _BAR_GAP)}


def _map_data(page: AccessPage, municipalities: list[Organisation]) -> dict[str, Any]:
    features = page.map_features(within_km=MAP_WITHIN_KM)
    for feature in features:
        if "service" in feature["properties"]:
            feature["properties"] |= {"role": "service",
                                      "kind_label": service_name(feature["properties"]["service"])}
    return {"points": {"type": "FeatureCollection", "features": features},
            "boundaries": boundaries_collection(municipalities)}


def _render(request: HttpRequest, municipality: Organisation | None,
            municipalities: list[Organisation]) -> HttpResponse:
    from trygg.population.demand import county_of
    from trygg.population.weights import weight_from_query

    try:
        page = access_page(municipality, None if municipality else county_of(request.user))
        weight = weight_from_query(request.GET, page.source)
    except (AnalysisError, ValueError) as exc:
        return render(request, "registry/access.html", {"municipality": municipality, "error": error_message(exc, translation)},
                      status=400)
    distribution = page.distribution()
    within_store = next((count for d in distribution if d["kind"] == "grocery"
                         for km, count in d["within"] if km == MAP_WITHIN_KM), None)
    weighted = None
    if weight is not None and "grocery" in page.kinds:
        covered, total = page.weighted_within("grocery", MAP_WITHIN_KM, weight)
        weighted = {"group": page.source.group_name(weight.group), "factor": weight.factor,
                    "within": covered, "total": total}
    localities = page.localities()
    return render(request, "registry/access.html", {
        "municipality": municipality,
        "page": page,
        "source": page.source,
        "weight": weight,
        "grid_url": _grid_url(request, municipality),
        "weighted": weighted,
        "charts": [chart(d) for d in distribution],
        "localities": localities[:TABLE_ROWS],
        "table_cut": len(localities) > TABLE_ROWS,
        "metric": metric_text(page),
        "demand": page.result.demand,
        "within_km": MAP_WITHIN_KM,
        "within_store": within_store,
        "map_data": _map_data(page, municipalities),
        "show_municipality": municipality is None,
        "municipality_names": {m.scb_code: m.name for m in municipalities},
        "notes": _notes(page),
    })


def _grid_url(request: HttpRequest, municipality: Organisation | None) -> str | None:
    """The population-grid page, for those who may import a grid there."""
    from django.urls import reverse

    if municipality is None:
        return reverse("county_population_grid") if perm.is_county_officer(request.user) else None
    if scope.can_edit_municipality(request.user, municipality):
        return reverse("population_grid", args=[municipality.scb_code])
    return None


def _notes(page: AccessPage) -> list[str]:
    notes = []
    if page.without_position:
        notes.append(_("Registry sites without a position are not counted: %(names)s.")
                     % {"names": "; ".join(page.without_position)})
    approximate = sum(sum(s.sites.approximate) for s in page.result.services.values())
    if approximate:
        notes.append(_("%(n)s stores and fuel stations are placed at their locality's point, not at the building: "
                       "distances are good to a few kilometres.") % {"n": approximate})
    return notes


@login_required
def municipality_access(request: HttpRequest, code: str) -> HttpResponse:
    """How far the municipality's residents have to the nearest grocery store and fuel station."""
    municipality = scope.get_municipality_for_analysis(request.user, code)
    return _render(request, municipality, [municipality])


@login_required
def county_access(request: HttpRequest) -> HttpResponse:
    """The same for every resident of the county, by locality."""
    if not perm.is_county_officer(request.user):
        raise PermissionDenied
    municipalities = list(scope.readable_municipalities(request.user).order_by("name"))
    return _render(request, None, municipalities)
