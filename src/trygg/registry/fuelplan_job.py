"""The fuel plan as a job (trygg.jobs): the same plan and page fragment as the synchronous page.

The page's form is validated again here (a job row's parameters are data like
any other): bad values fail the job with the form's message. Progress: the
simulation and keep-open search report through
:data:`trygg.analysis.power.run.Progress` (0–90 %), the charts the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string

from trygg.analysis.power.registry_case import NothingToSimulate
from trygg.jobs.models import Job
from trygg.jobs.runner import JobError, Report
from trygg.registry import scope
from trygg.registry.choices import OrganisationKind
from trygg.registry.fuelplan import FuelPlan, county_plan, municipality_plan
from trygg.registry.models import Organisation

#: The simulation's share of the job's progress; drawing the charts takes the rest.
SIMULATION_SHARE = 0.9


def plan_municipalities(job: Job) -> list[Organisation]:
    """A county job's municipalities: those its starter reads in that county, now."""
    readable = (
        scope.readable_municipalities(job.created_by)
        if job.created_by
        else Organisation.objects.none()
    )
    return list(readable.order_by("name"))


def run_fuelplan_job(job: Job, report: Report) -> tuple[dict[str, Any], str]:
    from trygg.registry.views.fuelplan import FuelPlanForm, form_errors, plan_context

    report(0.0, "prepare", 0)
    form = FuelPlanForm(job.params.get("assumptions", {}))
    if not form.is_valid():
        raise JobError(" ".join(form_errors(form)))
    try:
        start = dt.datetime.fromisoformat(job.params["start"])
    except (KeyError, TypeError, ValueError):
        raise JobError(f"start: not a date and time: {job.params.get('start')!r}") from None

    def progress(fraction: float, phase: str, step: int) -> None:
        report(SIMULATION_SHARE * fraction, phase, step)

    organisation = job.organisation
    try:
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            plan = municipality_plan(organisation, form.assumptions(), start, progress=progress)
        else:
            plan = county_plan(
                plan_municipalities(job), form.assumptions(), start, progress=progress
            )
    except NothingToSimulate:
        html = render_to_string("registry/_fuelplan_nothing.html")
        return {"nothing": True}, html
    report(SIMULATION_SHARE, "charts", 0)
    context = plan_context(plan)
    html = render_to_string("registry/_fuelplan_outcome.html", context)
    return summary(plan, context), html


def summary(plan: FuelPlan, context: dict[str, Any]) -> dict[str, Any]:
    """The plan's figures as plain data (the job's ``result``)."""
    first = context["first_dry"]
    keep = context["keep_open"]
    return {
        "nothing": False,
        "start": plan.run.scenario.start.isoformat(),
        "end": plan.run.scenario.end.isoformat(),
        "first_dry": None
        if first is None
        else {
            "point": first["point"].name if first["point"] else None,
            "hours": int(first["hours"]),
        },
        "fuel": {k: round(float(v), 1) for k, v in context["fuel"].items()},
        "trips": context["trips"],
        "points": [
            {
                "id": r["id"],
                "name": r["name"],
                "cut_reason": r["cut_reason"],
                "hours_cut": float(r["hours_cut"]),
                "burned_l": round(float(r["burned_l"]), 1),
            }
            for r in context["rows"]
        ],
        "keep_open": None
        if keep is None
        else {
            k: keep[k]
            for k in ("everyone_open", "verified", "extra_fuel_l", "extra_trips", "extra_trucks")
        },
    }
