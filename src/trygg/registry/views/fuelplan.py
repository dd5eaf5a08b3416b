"""Bränsleplan: the priority order and the fuel plan per municipality and county (issue 12, item 4).

An event's fuel tab is :mod:`trygg.operations.views.fuel`; it renders through :func:`render_plan`.

The priority page lists a municipality's points in order; a coordinator moves
them with up/down buttons or numbers (no JavaScript needed), and saving
renumbers 1…n atomically with history by the user. The county reads every
municipality's order but does not change it (``editable_municipalities``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from trygg.accounts import permissions as perm
from trygg.analysis.power import PowerInputError
from trygg.analysis.power.charts import (
    ChartText,
    fuel_level_figure,
    power_timeline_figure,
    svg_text,
)
from trygg.analysis.power.registry_case import (
    FuelPlanAssumptions,
    NothingToSimulate,
    first_to_run_dry,
)
from trygg.registry import scope
from trygg.registry.fuelplan import (
    FuelPlan,
    county_plan,
    left_out_reason,
    municipality_plan,
    ordered_points,
    save_priority_order,
)
from trygg.registry.models import Organisation, Point
from trygg.registry.power import power_site

_DEFAULTS = FuelPlanAssumptions()


class FuelPlanForm(forms.Form):
    """The page's parameters (GET); blank fields take the stated defaults."""

    duration_h = forms.IntegerField(label=gettext_lazy("Outage length (hours)"), min_value=1, max_value=24 * 90,
                                    required=False)
    delivery_interval_h = forms.IntegerField(
        label=gettext_lazy("Delivery every (hours, 0 = none)"), min_value=0, max_value=24 * 90, required=False)
    delivery_l = forms.FloatField(label=gettext_lazy("Litres per delivery"), min_value=0, max_value=1_000_000,
                                  required=False)
    station_stock_l = forms.FloatField(label=gettext_lazy("Diesel per fuel station with backup power (litres)"),
                                       min_value=0, max_value=1_000_000, required=False)
    outdoor_c = forms.FloatField(label=gettext_lazy("Outdoor temperature (°C)"), min_value=-60, max_value=45,
                                 required=False)

    def assumptions(self) -> FuelPlanAssumptions:
        given = {k: v for k, v in self.cleaned_data.items() if v is not None}
        return FuelPlanAssumptions(**{**_DEFAULTS.__dict__, **given})


def _form(request: HttpRequest) -> FuelPlanForm:
    given = request.POST if request.method == "POST" else request.GET
    data = {k: given.get(k, f"{getattr(_DEFAULTS, k):g}") for k in FuelPlanForm.base_fields}
    return FuelPlanForm(data)


def form_errors(form: FuelPlanForm) -> list[str]:
    return [f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()]


def _chart_text() -> ChartText:
    return ChartText(mains=_("mains"), generator=_("generator"), no_power=_("no power"),
                     fuel_axis=_("usable fuel in tank (l)"), fuel_title=_("{name}: fuel per point (dot = runs dry)"),
                     power_title=_("{name}: power source per point"))


_GENERATOR = {
    "fixed": gettext_lazy("fixed generator"),
    "portable": gettext_lazy("portable generator"),
    "connection_point": gettext_lazy("connection point"),
    "none": gettext_lazy("none"),
}


def _source_name(plan: FuelPlan, source_id: str) -> str:
    if source_id.startswith("depot-"):
        code = source_id.removeprefix("depot-")
        name = next((p.municipality.name for p in plan.points.values() if p.municipality.scb_code == code), code)
        return _("Municipal depot %(code)s (assumed)") % {"code": name}
    return next((s.name for s in plan.case.stations if s.id == source_id), source_id)


def _cut_text(reason: str | None) -> str:
    return {None: "", "no_backup": _("no backup power"), "ran_dry": _("runs dry")}[reason]


def _rows(plan: FuelPlan) -> list[dict[str, Any]]:
    run = plan.run
    first_cut = run.result_.first_cut_h
    rows = []
    for i, row in zip(run.arrays_.order, run.point_rows(), strict=True):
        hour = int(first_cut[i])
        rows.append(row | {"point": plan.points.get(row["id"]), "cut_text": _cut_text(row["cut_reason"]),
                           "generator": _GENERATOR.get(row["generator_kind"], row["generator_kind"]),
                           "first_cut": run.time_at(hour) if hour >= 0 else None,
                           "reported": row["id"] in plan.case.reported_fuel})
    return rows


def _keep_open(plan: FuelPlan) -> dict[str, Any] | None:
    k = plan.run.keep_open_
    if k is None:
        return None
    name = {pid: (plan.points[pid].name if pid in plan.points else pid) for pid in plan.run.arrays_.point_ids}
    return {
        "everyone_open": k.everyone_open, "verified": k.verified,
        "extra_fuel_l": k.extra_fuel_l, "extra_trips": k.extra_trips, "extra_trucks": k.extra_trucks,
        "extra_fuel": [(_source_name(plan, s), litres) for s, litres in k.extra_fuel_by_source.items()],
        "needs_generator": [name[p] for p in k.needs_generator],
        "needs_bigger_generator": [name[p] for p in k.needs_bigger_generator],
        "out_of_reach": [name[p] for p in k.out_of_reach],
        "still_cut": [name[p] for p in k.still_cut],
    }


def _first_dry(plan: FuelPlan) -> dict[str, Any] | None:
    found = first_to_run_dry(plan.run)
    if found is None:
        return None
    i, hour = found
    pid = plan.run.arrays_.point_ids[i]
    return {"point": plan.points.get(pid), "at": plan.run.time_at(hour), "hours": hour}


def plan_context(plan: FuelPlan) -> dict[str, Any]:
    text = _chart_text()
    run = plan.run
    fuel = run.result_.fuel_balance()
    return {
        "plan": plan,
        "rows": _rows(plan),
        "start": run.scenario.start,
        "end": run.scenario.end,
        "assumptions": plan.case.assumptions,
        "stations": [{"name": s.name, "fuel_l": s.fuel_l,
                      "powered_by": plan.points[s.powered_by].name if s.powered_by in plan.points else None}
                     for s in plan.case.stations],
        "left_out": [{"name": x.name, "reason": left_out_reason(x)}
                     for x in plan.left_out],
        "keep_open": _keep_open(plan),
        "first_dry": _first_dry(plan),
        "fuel": fuel,
        "trips": len(run.result_.trips),
        "power_svg": svg_text(power_timeline_figure(run, text)),
        "fuel_svg": svg_text(fuel_level_figure(run, text)),
    }


def render_plan(request: HttpRequest, template: str, build: Any, extra: dict[str, Any],
                 background: Background | None = None) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form, **extra}
    if not form.is_valid():
        return render(request, template, context | {"errors": form_errors(form)}, status=400)
    if background is not None:
        context["background"] = background.context(request, form)
        if request.method == "POST":
            return redirect("job", pk=background.start(request, form).pk)
        if context["background"]["long"]:
            return render(request, template, context)
    try:
        plan = build(form.assumptions())
    except NothingToSimulate:
        return render(request, template, context | {"nothing": True})
    except PowerInputError as err:
        return render(request, template, context | {"errors": [err.render(translation)]}, status=400)
    return render(request, template, context | plan_context(plan))


#: Above this many point-hours (points × outage hours) the plan is not computed within the request:
#: the page offers to run it in the background (measured, docs/power-and-fuel.md: the county's
#: 27 points × 72 h take about 3.6 s, × 2 160 h about 28 s on a loaded 2-core machine).
LONG_POINT_HOURS = 2_500


class Background:
    """Running a page's plan as a job (trygg.jobs): the form to start it, the jobs started here."""

    def __init__(self, organisation: Organisation | None, points: int, title: str) -> None:
        self.organisation = organisation
        self.points = points
        self.title = title

    def point_hours(self, form: FuelPlanForm) -> int:
        return self.points * int(form.assumptions().duration_h)

    def context(self, request: HttpRequest, form: FuelPlanForm) -> dict[str, Any]:
        from trygg.jobs.access import visible_jobs

        jobs = [] if self.organisation is None else list(
            visible_jobs(request.user).filter(kind="fuelplan", organisation=self.organisation)[:5])
        return {"long": self.point_hours(form) > LONG_POINT_HOURS, "point_hours": self.point_hours(form),
                "can_start": self.organisation is not None, "url": request.path, "jobs": jobs,
                "hidden": [(name, form.data.get(name, "")) for name in FuelPlanForm.base_fields]}

    def start(self, request: HttpRequest, form: FuelPlanForm) -> Any:
        from trygg.jobs.runner import submit
        from trygg.registry.fuelplan import default_start

        if self.organisation is None:
            raise PermissionDenied
        given = {name: form.data.get(name, "") for name in FuelPlanForm.base_fields}
        text = " · ".join(f"{form.fields[name].label}: {value}" for name, value in given.items())
        return submit("fuelplan", request.user, self.organisation,
                      {"assumptions": given, "start": default_start().isoformat()},
                      get_language() or "sv", title=self.title, params_text=text,
                      back_url=f"{request.path}?{urlencode(given)}")


@login_required
def municipality_fuelplan(request: HttpRequest, code: str) -> HttpResponse:
    """Who keeps running and who is cut when, from the registry, for one municipality (POST: as a job)."""
    municipality = scope.get_municipality_for_read(request.user, code)
    background = Background(municipality, Point.objects.filter(municipality=municipality).count(),
                            _("Fuel plan: %(name)s") % {"name": municipality.name})
    return render_plan(request, "registry/fuelplan.html", lambda a: municipality_plan(municipality, a),
                        {"municipality": municipality,
                         "can_edit": scope.can_edit_municipality(request.user, municipality)}, background)


@login_required
def county_fuelplan(request: HttpRequest) -> HttpResponse:
    """The same for every municipality of the county (each its own depot, truck and order; POST: as a job)."""
    if not perm.is_county_officer(request.user):
        raise PermissionDenied
    municipalities = list(scope.readable_municipalities(request.user).order_by("name"))
    membership = perm.membership_of(request.user)
    background = Background(membership.organisation if membership else None,
                            Point.objects.filter(municipality__in=municipalities).count(),
                            _("Fuel plan: the whole county"))
    return render_plan(request, "registry/fuelplan.html", lambda a: county_plan(municipalities, a),
                        {"municipality": None, "municipalities": municipalities}, background)


# --- priority order ------------------------------------------------------------


def _move(order: list[int], pk: int, step: int) -> list[int]:
    i = order.index(pk)
    j = i + step
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    return order


def _numbered_order(request: HttpRequest, points: list[Point]) -> tuple[list[int], list[str]]:
    """The order the numbers in the form give; errors name the row and the problem."""
    numbers: dict[int, int] = {}
    errors = []
    for row, p in enumerate(points, start=1):
        raw = request.POST.get(f"rank-{p.pk}", "").strip()
        if not raw.isdigit() or int(raw) < 1:
            errors.append(_("Row %(row)s (%(name)s): the priority must be a whole number, 1 or more (got “%(value)s”).")
                          % {"row": row, "name": p.name, "value": raw})
            continue
        numbers[p.pk] = int(raw)
    seen: dict[int, Point] = {}
    for row, p in enumerate(points, start=1):
        n = numbers.get(p.pk)
        if n is not None and n in seen:
            errors.append(_("Row %(row)s (%(name)s): priority %(n)s is also given to %(other)s.")
                          % {"row": row, "name": p.name, "n": n, "other": seen[n].name})
        elif n is not None:
            seen[n] = p
    position = {p.pk: i for i, p in enumerate(points)}
    return sorted(numbers, key=lambda pk: (numbers[pk], position[pk])), errors


def _posted_order(request: HttpRequest, points: list[Point]) -> tuple[list[int], list[str]]:
    current = [p.pk for p in points]
    shown = request.POST.get("shown", "")
    if shown != ",".join(map(str, current)):
        return current, [_("The list of points changed while you were editing it; here it is as it is now.")]
    for step, name in ((-1, "up"), (1, "down")):
        if request.POST.get(name, "").isdigit() and int(request.POST[name]) in current:
            return _move(current, int(request.POST[name]), step), []
    return _numbered_order(request, points)


@login_required
def priority_order(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's priority order: read by whoever reads the municipality, saved by its coordinator."""
    municipality = scope.get_municipality_for_read(request.user, code)
    can_edit = scope.can_edit_municipality(request.user, municipality)
    points = ordered_points(municipality)
    errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        order, errors = _posted_order(request, points)
        if not errors:
            try:
                changed = save_priority_order(municipality, order, request.user)
            except ValueError:
                errors = [_("The list of points changed while you were editing it; here it is as it is now.")]
            else:
                messages.success(request, _("Priority order saved: %(n)s points changed rank.") % {"n": changed})
                return redirect("priority_order", code=municipality.scb_code)
    status = 400 if errors else 200
    return render(request, "registry/priority.html", {
        "municipality": municipality, "points": points, "can_edit": can_edit, "errors": errors,
        "rows": [(p, _backup_text(p)) for p in points],
        "shown": ",".join(str(p.pk) for p in points),
        "others": _other_municipalities(request, municipality),
    }, status=status)


def _backup_text(point: Point) -> str:
    """The point's backup power in a few words: what the fuel plan will assume for it."""
    site = power_site(point)
    if site is None or site.backup_power == "none":
        return _("none")
    if site.backup_power == "connection_point":
        return str(_GENERATOR["connection_point"])
    parts = [str(_GENERATOR["fixed"]), f"{site.generator_kw:g} kW" if site.generator_kw else ""]
    if site.tank_l:
        parts.append(_("%(l)s l tank") % {"l": f"{site.tank_l:,.0f}".replace(",", "\u00a0")})
    return ", ".join(p for p in parts if p)


def _other_municipalities(request: HttpRequest, municipality: Organisation) -> list[Organisation]:
    """For the county: every municipality's order is one link away."""
    if not perm.is_county_officer(request.user):
        return []
    return list(scope.readable_municipalities(request.user).exclude(pk=municipality.pk).order_by("name"))
