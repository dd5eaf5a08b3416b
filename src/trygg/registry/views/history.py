"""The "Changes" of a point and of a municipality: pages and CSV downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trygg.registry import scope
from trygg.registry.changes import (
    Change,
    changes_csv,
    changes_of,
    municipality_sources,
    point_sources,
)
from trygg.registry.models import Point

# The point page shows the newest few; the full list pages through the rest.
POINT_PAGE_CHANGES = 15
CHANGES_PER_PAGE = 100


def recent_point_changes(point: Point) -> tuple[list[Change], bool]:
    """The newest changes for the point page, and whether there are more."""
    changes = changes_of(point_sources(point))
    return changes[:POINT_PAGE_CHANGES], len(changes) > POINT_PAGE_CHANGES


@login_required
def point_changes(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_read(request.user, pk)
    page = Paginator(changes_of(point_sources(point)), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registry/changes.html", {"point": point, "municipality": point.municipality, "page": page})


@login_required
def point_changes_csv(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_read(request.user, pk)
    return _csv_download(changes_of(point_sources(point)), f"changes-{point.municipality.scb_code}-{point.pk}.csv")


@login_required
def municipality_changes(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_analysis(request.user, code)
    page = Paginator(changes_of(municipality_sources(mun)), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registry/changes.html", {"municipality": mun, "page": page})


@login_required
def municipality_changes_csv(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_analysis(request.user, code)
    return _csv_download(changes_of(municipality_sources(mun)), f"changes-{mun.scb_code}.csv")


def _csv_download(changes: list[Change], filename: str) -> HttpResponse:
    response = HttpResponse(changes_csv(changes), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
