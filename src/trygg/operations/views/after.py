"""After and around the event: timeline report and staffing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from trygg.operations import access
from trygg.operations.forms import ShiftForm
from trygg.operations.models import Shift
from trygg.operations.timeline import timeline
from trygg.registry.models import Plan
from trygg.rules import staffing as rules


@login_required
def timeline_report(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    context = {"event": event, "report": timeline(event, access.visible_entries(request.user, event),
                                                  access.situation_points(request.user, event)
                                                  .select_related("municipality")),
               "printed_at": timezone.now()}
    if request.GET.get("format") == "pdf":
        from weasyprint import HTML

        html = render_to_string("operations/timeline.html", {**context, "pdf": True}, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="trygg-event-{event.pk}-timeline.pdf"'
        return response
    return render(request, "operations/timeline.html", context)


def _needs(point) -> list[rules.Need]:
    try:
        plan = point.plan  # prefetched with its staffing by the page
    except Plan.DoesNotExist:
        return []
    return [rules.Need(s.role, s.needed, s.overnight) for s in plan.staffing.all()]


@login_required
def staffing(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    points = list(access.situation_points(request.user, event).select_related("municipality", "plan")
                  .prefetch_related("plan__staffing"))
    editable = access.points_for(request.user, event, "edit_roster")
    form = ShiftForm(request.POST or None)
    form.fields["point"].queryset = editable  # type: ignore[attr-defined]
    if request.method == "POST":
        if not editable.exists():
            raise PermissionDenied
        if form.is_valid():
            shift = form.save(commit=False)
            shift.event = event
            shift.save()
            return redirect("ops_staffing", pk=event.pk)
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    horizon_h = 48
    sections = []
    shifts_of: dict[int, list[Shift]] = {}
    for shift in Shift.objects.filter(event=event, point__in=[p.pk for p in points]):
        shifts_of.setdefault(shift.point_id, []).append(shift)
    for point in points:
        shifts = shifts_of.get(point.pk, [])
        roster = [rules.RosterShift(s.role, timezone.localtime(s.starts_at), timezone.localtime(s.ends_at), s.person)
                  for s in shifts]
        sections.append({
            "point": point, "shifts": shifts,
            "gaps": rules.staffing_gaps(_needs(point), roster, start, horizon_h, _open_hours(point.level)),
            "rest": rules.rest_problems(roster), "hours": rules.hours_worked(roster),
        })
    return render(request, "operations/staffing.html", {"event": event, "sections": sections, "form": form,
                                                        "horizon_h": horizon_h, "start": start,
                                                        "can_edit": editable.exists()})


def _open_hours(level: int) -> tuple[int, int]:
    from trygg.rules.levels import LEVELS, Level

    return LEVELS[Level(level)].daily_open_hours
