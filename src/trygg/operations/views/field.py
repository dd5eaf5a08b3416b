"""At the point: the phone status form, state changes, and the offline package."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.operations import access, offline
from trygg.operations.forms import StatusForm
from trygg.operations.lifecycle import TRANSITIONS, OpState, state_label
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, PointStatus


def _status_of(event, point) -> PointStatus | None:
    return PointStatus.objects.filter(event=event, point=point).first()


def _last_report(status: PointStatus | None) -> dict[str, object]:
    """Start from what was last reported: on a phone, staff change only what changed."""
    if status is None:
        return {}
    names = ("people_present", "power_source", "fuel_l", "indoor_temp_c", "water", "functions_available", "staff_on_site")
    return {name: getattr(status, name) for name in names if getattr(status, name) not in (None, "", [])}


@login_required
def report(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    """The phone-friendly status form for staff on site."""
    event = access.get_event(request.user, pk)
    point = access.get_reportable_point(request.user, event, point_pk)
    status = _status_of(event, point)
    form = StatusForm(request.POST or None, initial=_last_report(status))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        try:
            append(NewEntry(event=event, author_id=request.user.pk, author_org=access.user_org(request.user),  # type: ignore[arg-type]
                            kind=EntryKind.STATUS, occurred_at=timezone.now(), point=point, data=data, source="phone"))
            messages.success(request, _("Report sent. Thank you."))
            return redirect("ops_report", pk=event.pk, point_pk=point.pk)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    current = OpState(status.state) if status and status.state else None
    return render(request, "operations/report.html", {
        "event": event, "point": point, "form": form, "status": status,
        "state_label": state_label(current),
        "next_states": [(s.value, state_label(s)) for s in sorted(TRANSITIONS[current], key=list(OpState).index)]
        if current and access.may_change_state(request.user, event, point) else [],
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    point = access.get_reportable_point(request.user, event, point_pk)
    access.require_point_action(request.user, event, point, "change_state")
    try:
        append(NewEntry(event=event, author_id=request.user.pk, author_org=access.user_org(request.user),  # type: ignore[arg-type]
                        kind=EntryKind.STATE, occurred_at=timezone.now(), point=point,
                        data={"state": request.POST.get("state", "")}, source="phone"))
        messages.success(request, _("State recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("ops_report", pk=event.pk, point_pk=point.pk)


@login_required
def package(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    """Download the point's signed working package for offline use."""
    event = access.get_event(request.user, pk)
    point = access.get_reportable_point(request.user, event, point_pk)
    body = json.dumps(offline.export_package(event, point, request.user), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trygg-{event.pk}-{point.pk}.json"'
    return response


@login_required
@require_POST
def import_package(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge an uploaded package: its entries are written by the uploader; a bad file changes nothing."""
    from trygg.formats import fieldpack

    event = access.get_event(request.user, pk)
    access.require_event_action(request.user, event, "merge_package")
    upload = request.FILES.get("package")
    if upload is None:
        messages.error(request, _("Choose a package file."))
        return redirect(event)
    try:
        fieldpack.check_size(upload.size or 0, upload.name or "package")
        raw = upload.read(fieldpack.MAX_BYTES + 1)
        result = offline.merge_package(fieldpack.parse(raw, upload.name or "package"), event, request.user)
    except fieldpack.PackageError as exc:
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": exc.describe(get_language() or "sv")})
        return redirect(event)
    except (offline.PackageRefused, ValidationError) as exc:
        detail = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("Nothing was imported: %(error)s") % {"error": detail})
        return redirect(event)
    messages.success(request, _("%(new)s new entries merged, %(known)s already known.") % {
        "new": result.created, "known": result.already_known})
    return redirect(event)


@login_required
def comms(request: HttpRequest, point_pk: int) -> HttpResponse:
    """A point's communication paths (R8: a redundant path) and how often it should report."""
    from trygg.operations.forms import CommsPathForm
    from trygg.operations.models import CommsPath
    from trygg.registry import scope

    point = scope.get_point_for_edit(request.user, point_pk)
    instance = CommsPath.objects.filter(point=point).first() or CommsPath(point=point)
    form = CommsPathForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The communication paths were saved."))
        return redirect(point)
    return render(request, "operations/comms.html", {"form": form, "point": point, "comms": instance})
