"""The actor directory (R10): who takes part in a crisis and how to reach them, and its CSV import."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.formats.actors import read_actors
from trygg.formats.errors import ImportRejected
from trygg.formats.limits import MAX_IMPORT_BYTES, megabytes
from trygg.registry import scope
from trygg.registry.actors import ActorSummary, directory_order, import_actors, may_import_actors
from trygg.registry.choices import OrganisationKind


class ActorImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))
    replace = forms.BooleanField(
        label=gettext_lazy("An empty cell clears the field"), required=False,
        help_text=gettext_lazy("Without this, an empty cell leaves what the directory holds."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s for every import; split it.")
                % {"limit": megabytes(MAX_IMPORT_BYTES)})
        return upload


def _groups(user: Any) -> list[tuple[str, list[Any]]]:
    organisations = sorted(scope.readable_organisations(user), key=directory_order)
    labels = dict(OrganisationKind.choices)
    return [(str(labels.get(kind, kind)), list(rows)) for kind, rows in groupby(organisations, key=lambda o: o.kind)]


def _run_import(request: HttpRequest, form: ActorImportForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    preview = "preview" in request.POST
    try:
        table = read_actors(upload.read(), source_name=upload.name)
        summary = import_actors(table, request.user, replace=form.cleaned_data["replace"], dry_run=preview,
                                source_name=upload.name)
    except ImportRejected as exc:
        return {"import_errors": [e.render(upload.name, translation) for e in exc.errors]}
    warnings = [w.message.render(translation) for w in table.warnings]
    return {"summary": summary, "preview": preview, "import_warnings": warnings, "changes": _change_rows(summary)}


def _change_rows(summary: ActorSummary) -> list[tuple[str, str, str, str]]:
    rows = []
    for change in summary.changes:
        if change.created:
            rows.append((change.name, _("new actor"), "", ""))
        for field, (old, new) in change.fields.items():
            if not change.created:
                rows.append((change.name, field, old, new))
    return rows


@login_required
def actors(request: HttpRequest) -> HttpResponse:
    """The directory; coordinators and the county officer import it from CSV (all or nothing)."""
    may_import = may_import_actors(request.user)
    context: dict[str, Any] = {"may_import": may_import, "now": dt.datetime.now()}
    form = ActorImportForm()
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = ActorImportForm(request.POST, request.FILES)
        if form.is_valid():
            context |= _run_import(request, form)
    context |= {"form": form, "groups": _groups(request.user)}
    return render(request, "operations/actors.html", context)
