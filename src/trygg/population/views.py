"""The population-grid page: a coordinator's (their municipality's grid) and the county's.

GET shows the stored grid and the upload form; POST reads the file all or
nothing, then stores it, attributed to the user. A coordinator of another
municipality gets 404, as on every municipal page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.accounts import permissions as perm
from trygg.formats.errors import ImportRejected
from trygg.formats.limits import MAX_GRID_BYTES
from trygg.formats.population_grid import read_population_grid
from trygg.population.demand import GROUP_NAMES, forget_cached
from trygg.population.labels import demand_source_label
from trygg.population.models import GridDataset
from trygg.population.store import store_grid
from trygg.registry import scope
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation

#: The largest upload accepted: SCB's 1 km GeoPackage for all of Sweden is about 35 MB.
MAX_UPLOAD_BYTES = MAX_GRID_BYTES


class GridUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Grid file (SCB CSV or GeoPackage)"))
    year = forms.IntegerField(label=gettext_lazy("SCB reference year"), required=False, min_value=1960,
                              max_value=2100, help_text=gettext_lazy("Only needed when the file does not say."))
    replace = forms.BooleanField(label=gettext_lazy("Replace the stored grid"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is %(mb)s MB; at most %(max)s MB is accepted.")
                                        % {"mb": upload.size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


@login_required
def municipality_grid(request: HttpRequest, code: str) -> HttpResponse:
    """A municipality's grid: its coordinator uploads, the county reads."""
    if request.method == "POST":
        organisation = scope.get_municipality_for_edit(request.user, code)
    else:
        organisation = scope.get_municipality_for_read(request.user, code)
        if not (scope.can_edit_municipality(request.user, organisation) or perm.is_county_officer(request.user)):
            raise PermissionDenied
    return _page(request, organisation, scope.can_edit_municipality(request.user, organisation))


@login_required
def county_grid(request: HttpRequest) -> HttpResponse:
    """The county's grid, which every municipality without its own grid uses."""
    if not perm.is_county_officer(request.user):
        raise PermissionDenied
    if request.method == "POST":
        perm.require(request.user, "county_records")  # the national coordinator reads it, never uploads
    membership = perm.membership_of(request.user)
    county = membership.organisation if membership and membership.organisation.kind == OrganisationKind.COUNTY else None
    if county is None:
        county = Organisation.objects.filter(kind=OrganisationKind.COUNTY).order_by("pk").first()
    if county is None:
        raise PermissionDenied
    return _page(request, county, perm.keeps_county_records(request.user))


def _label_in_use(organisation: Organisation, dataset: GridDataset | None) -> str:
    """What the organisation's coverage and access pages count as population right now."""
    if dataset is not None:
        return demand_source_label(dataset)
    from trygg.analysis.errors import AnalysisError
    from trygg.population.demand import population_demand

    try:
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return population_demand(organisation).label
        return population_demand(county=organisation).label
    except AnalysisError:
        return str(_("No population: the municipality has no locality in SCB's list; import SCB's grid."))


def _page(request: HttpRequest, organisation: Organisation, can_upload: bool) -> HttpResponse:
    dataset = GridDataset.objects.filter(organisation=organisation).first()
    form = GridUploadForm()
    errors: list[str] = []
    status = 200
    if request.method == "POST" and can_upload:
        form = GridUploadForm(request.POST, request.FILES)
        if form.is_valid():
            errors = _import(request, organisation, form)
            if not errors:
                return redirect(request.path)
        status = 400
    return render(request, "population/grid.html", {
        "organisation": organisation, "dataset": dataset, "label": _label_in_use(organisation, dataset),
        "groups": [str(GROUP_NAMES[g]) for g in (dataset.known_groups if dataset else [])],
        "form": form, "errors": errors, "can_upload": can_upload,
    }, status=status)


def _import(request: HttpRequest, organisation: Organisation, form: GridUploadForm) -> list[str]:
    """Read and store the upload; the problems found, one per line (none: stored)."""
    upload = form.cleaned_data["file"]
    try:
        grid = read_population_grid(upload, source_name=upload.name, year=form.cleaned_data.get("year"))
        stored = store_grid(grid, organisation, request.user, replace=form.cleaned_data.get("replace", False))
    except ImportRejected as exc:
        return exc.render(translation).splitlines()
    forget_cached()
    messages.success(request, _("%(squares)s squares with %(people)s residents stored: %(label)s.") % {
        "squares": stored.dataset.square_count, "people": stored.dataset.total_population,
        "label": demand_source_label(stored.dataset)})
    if stored.left_out:
        messages.info(request, _("%(n)s squares of the file lie outside %(name)s and were not stored.")
                      % {"n": stored.left_out, "name": organisation.name})
    return []
