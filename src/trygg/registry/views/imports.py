"""Uploading a file of points for a municipality: preview the differences, then import (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from trygg.formats import limits
from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points
from trygg.registry import scope, uploads
from trygg.registry.models import Organisation
from trygg.registry.transfer import ImportSummary, import_points


def limit_rows() -> list[tuple[str, str]]:
    """The import limits as (what, how much) for the page."""
    return [
        (_("file size"), limits.megabytes(limits.MAX_IMPORT_BYTES)),
        (_("rows (or GeoJSON features)"), f"{limits.MAX_IMPORT_ROWS:,}".replace(",", "\u00a0")),
        (_("columns (or properties)"), str(limits.MAX_IMPORT_COLUMNS)),
        (_("characters in one value"), f"{limits.MAX_CELL_CHARS:,}".replace(",", "\u00a0")),
        (_("GeoJSON nesting depth"), str(limits.MAX_GEOJSON_DEPTH)),
    ]


@csrf_exempt  # the upload limit must be installed before the CSRF check reads the body
@login_required
def import_points_page(request: HttpRequest, code: str) -> HttpResponse:
    uploads.install(request)
    return _import_points_page(request, code)


@csrf_protect
def _import_points_page(request: HttpRequest, code: str) -> HttpResponse:
    municipality = scope.get_municipality_for_edit(request.user, code)
    context: dict[str, Any] = {"municipality": municipality, "limits": limit_rows(), "replace": False}
    if request.method != "POST":
        return render(request, "registry/import.html", context)
    context["replace"] = request.POST.get("replace") == "on"
    context["dry_run"] = "preview" in request.POST
    problems, outcome = _run_upload(request, municipality, context["replace"], context["dry_run"])
    context.update(problems=problems, **outcome)
    return render(request, "registry/import.html", context, status=400 if problems else 200)


def _run_upload(request: HttpRequest, municipality: Organisation, replace: bool,
                dry_run: bool) -> tuple[list[str], dict[str, Any]]:
    if uploads.too_large(request):
        return [_("The file is larger than the limit of %(size)s (MAX_IMPORT_BYTES); split it.")
                % {"size": limits.megabytes(limits.MAX_IMPORT_BYTES)}], {}
    upload = request.FILES.get("file")
    if upload is None:
        return [_("Choose a CSV or GeoJSON file to import.")], {}
    try:
        result = read_points(upload, source_name=upload.name)
        summary = import_points(result, Organisation.objects.filter(pk=municipality.pk), replace=replace,
                                dry_run=dry_run, user=request.user)
    except ImportRejected as exc:
        return exc.render(translation).splitlines(), {}
    warnings = [w.message.render(translation) for w in result.warnings]
    return [], {"summary": summary, "warnings": warnings, "diff_lines": _diff_lines(summary),
                "file_name": result.source}


def _diff_lines(summary: ImportSummary) -> list[str]:
    return [line for diff in summary.diffs for line in diff.lines("point")]
