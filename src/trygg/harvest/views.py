"""/harvest/ (county officers, read_county): the harvested sources with their counts, last fetch and errors; their points as GeoJSON."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trygg.accounts import permissions as perm
from trygg.harvest.models import HarvestedPoint, HarvestSource
from trygg.harvest.poll import configured_urls

STATUS_COLOURS = {"planned": "#5b5b9a", "open": "#0a6b2d", "full": "#8a5a00", "closed": "#6b6b6b"}


def _status_label(status: str) -> str:
    return {"planned": _("planned"), "open": _("open"), "full": _("full"), "closed": _("closed")}.get(status, status)


def map_data() -> dict[str, object]:
    """The harvested points with a position, in the shape of the registry's map (trygg/map.js)."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
         "properties": {"name": p.name, "url": p.properties.get("website", ""), "level": p.level, "state": p.status,
                        "state_label": _status_label(p.status), "people_present": None,
                        "capacity_day": p.properties.get("emergency:capacity", "–"), "fuel_l": None,
                        "approximate": p.properties.get("trygg:location_approximate") == "yes"}}
        for p in HarvestedPoint.objects.exclude(lat=None).exclude(lon=None).only(
            "name", "level", "status", "lat", "lon", "properties")
    ]
    return {"points": {"type": "FeatureCollection", "features": features}, "state_colours": STATUS_COLOURS}


@login_required
@require_safe
def sources(request: HttpRequest) -> HttpResponse:
    perm.require(request.user, "read_county")
    rows = list(HarvestSource.objects.select_related("last_imported_by"))
    by_status = dict(HarvestedPoint.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    municipalities = HarvestedPoint.objects.values("municipality_code").distinct().count()
    return render(request, "harvest/sources.html", {
        "sources": rows, "configured": configured_urls(), "total": sum(by_status.values()),
        "open": by_status.get("open", 0) + by_status.get("full", 0), "municipalities": municipalities,
        "map_data": map_data(),
        "legend": [{"label": _status_label(k).capitalize(), "colour": v} for k, v in STATUS_COLOURS.items()]})


@login_required
@require_safe
def points_geojson(request: HttpRequest) -> HttpResponse:
    """Every harvested point with its stored properties, and where and when it was fetched."""
    perm.require(request.user, "read_county")
    features = [
        {"type": "Feature", "id": f"{p.source_id}:{p.feature_id}",
         "geometry": None if p.lat is None or p.lon is None else {"type": "Point", "coordinates": [p.lon, p.lat]},
         "properties": {**p.properties, "harvest:source": p.source.name, "harvest:fetched_from": p.source_url,
                        "harvest:fetched_at": p.fetched_at.isoformat()}}
        for p in HarvestedPoint.objects.select_related("source").order_by("pk")
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")
