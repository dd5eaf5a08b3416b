"""A point: its page, and the forms that edit it, its sites and its plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.registry import scope
from trygg.registry.forms import (
    EquipmentFormSet,
    FunctionFormSet,
    PlanForm,
    PointForm,
    SiteForm,
    StaffFormSet,
)
from trygg.registry.models import Plan, Point, Routine
from trygg.registry.planview import readiness_of, sot_result, with_readiness_data
from trygg.registry.power import power_check
from trygg.registry.power_text import GENERATOR_KIND_LABELS, LOAD_CLASS_LABELS
from trygg.registry.views.history import recent_point_changes


@login_required
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_read(request.user, pk)
    point = with_readiness_data(Point.objects.filter(pk=point.pk)).get()
    plan = Plan.objects.filter(point=point).prefetch_related("functions", "staffing", "equipment").first()
    changes, more_changes = recent_point_changes(point)
    return render(request, "registry/point.html", {
        "changes": changes,
        "more_changes": more_changes,
        "point": point,
        "plan": plan,
        "readiness": readiness_of(point),
        "sot": sot_result(point),
        "can_edit": scope.can_edit_point(request.user, point),
        "can_edit_records": scope.can_edit_municipality(request.user, point.municipality),
        "routines": point.routines.order_by("kind"),
        "agreements": scope.readable_agreements(request.user).filter(points=point),
        "exercises": scope.readable_exercises(request.user).filter(points=point)[:5],
        **_power_context(point),
    })


def _power_context(point: Point) -> dict[str, object]:
    """Load budget and endurance for the point page; a plan the model cannot read says why."""
    from trygg.analysis.power import PowerInputError

    try:
        check = power_check(point)
    except PowerInputError as exc:
        return {"power_error": exc.render(translation)}
    summary = check.to_dict()
    by_class = {LOAD_CLASS_LABELS[cls]: max(values) for cls, values in summary["by_class_kw"].items()}
    # The model's own sentence, in the page's language (one message id for page, CLI and JSON).
    flags = [{**d, "text": f.text.render(translation)} for f, d in zip(check.flags, summary["flags"], strict=True)]
    return {
        "power": summary,
        "power_generator": GENERATOR_KIND_LABELS[summary["generator_kind"]],
        "power_flags": flags,
        "power_by_class": sorted(by_class.items(), key=lambda kv: -kv[1]),
    }


@login_required
def point_create(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_edit(request.user, code)
    form = PointForm(request.POST or None, municipality=mun)
    if request.method == "POST" and form.is_valid():
        point = form.save()
        messages.success(request, _("The point was created."))
        return redirect(point)
    return render(request, "registry/point_form.html", {"form": form, "municipality": mun})


@login_required
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_edit(request.user, pk)
    form = PointForm(request.POST or None, instance=point, municipality=point.municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The point was saved."))
        return redirect(point)
    return render(request, "registry/point_form.html", {"form": form, "point": point, "municipality": point.municipality})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_edit(request.user, pk)
    plan, _created = Plan.objects.get_or_create(point=point)
    data = request.POST or None
    form = PlanForm(data, instance=plan)
    formsets: dict[str, BaseInlineFormSet[Any, Plan, Any]] = {
        "functions": FunctionFormSet(data, instance=plan, prefix="functions"),
        "staffing": StaffFormSet(data, instance=plan, prefix="staffing"),
        "equipment": EquipmentFormSet(data, instance=plan, prefix="equipment"),
    }
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        with transaction.atomic():
            form.save()
            for formset in formsets.values():
                formset.save()
        messages.success(request, _("The plan was saved."))
        return redirect(point)
    return render(request, "registry/plan_form.html", {"form": form, "formsets": formsets, "point": point})


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = scope.get_site_for_edit(request.user, pk)
    form = SiteForm(request.POST or None, instance=site, municipality=site.municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The site was saved."))
        return redirect("municipality", code=site.municipality.scb_code)
    return render(request, "registry/site_form.html", {"form": form, "site": site, "municipality": site.municipality})


@login_required
def site_create(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_edit(request.user, code)
    form = SiteForm(request.POST or None, municipality=mun)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The site was created."))
        return redirect("municipality", code=mun.scb_code)
    return render(request, "registry/site_form.html", {"form": form, "municipality": mun})


@login_required
@require_POST
def routine_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a routine (generator test, plan review…) was done today."""
    routine = get_object_or_404(Routine.objects.filter(point__in=scope.editable_points(request.user)), pk=pk)
    routine.last_done = timezone.localdate()
    routine.save(update_fields=["last_done"])
    messages.success(request, _("Recorded as done today: %(routine)s.") % {"routine": routine})
    return redirect(routine.point)
