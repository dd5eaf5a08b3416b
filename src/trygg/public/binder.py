"""The point binder (*pärm*): everything the staff need on site with no power and no network.

One PDF per point: the plan, contacts and actor directory, activation
checklist, staffing roster template, equipment list, the generator and fuel
sheet (:func:`trygg.analysis.power.sheet.generator_sheet_html`, from the
registry's generator, tank, floor area, heat source and equipment), the
radio text drafts, and status report forms to fill in by hand.

Only the point's managers, its municipality's coordinators and the county
may print it (it holds phone numbers and Rakel talkgroups): anyone else gets
404, like every other page that is not theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from trygg.accounts.permissions import AnyUser
from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    HeatingSpec,
    HeatSource,
    Load,
    OpeningHours,
    PointPowerSpec,
    PowerInputError,
    check_point,
)
from trygg.analysis.power.sheet import generator_sheet_html
from trygg.formats.radio import radio_text
from trygg.public import pdf, status
from trygg.public.feeds import radio_settings
from trygg.registry.actors import directory_order
from trygg.registry.models import Organisation, Plan, Point
from trygg.registry.scope import can_read_binder
from trygg.rules.catalogue import ACTIVATION_QUESTIONS, EQUIPMENT, name_of
from trygg.rules.public_info import MessageKind, PointStatus, PublicMessage, parse_daily_hours

BINDER_LANGUAGES = ("sv", "en")
ROSTER_ROWS = 8
REPORT_FORMS = 3

# National numbers every binder lists (who answers them is fixed by law or agreement).
NATIONAL_NUMBERS = (
    ("112", "SOS Alarm: nödläge / emergency"),
    ("113 13", "Information om allvarliga händelser / information on serious events"),
    ("114 14", "Polisen, inte akut / police, non-urgent"),
    ("1177", "Vårdguiden: sjukvårdsrådgivning / health advice"),
)


def point_for_binder(user: AnyUser, pk: int) -> Point:
    """The point if ``user`` may print its binder (its manager, coordinator or the county), else 404."""
    point = Point.objects.filter(pk=pk).first()
    if point is None or not can_read_binder(user, point):
        raise Http404("no such point")
    return (Point.objects.select_related("municipality__parent", "plan", "manager", "sot_organisation")
            .prefetch_related("sites", "plan__functions__provider", "plan__staffing__organisation",
                              "plan__equipment", "agreements__parties")
            .get(pk=pk))


def _plan_of(point: Point) -> Plan | None:
    try:
        return point.plan
    except Plan.DoesNotExist:
        return None


@dataclass(frozen=True)
class PowerSheet:
    """The generator and fuel sheet as HTML, or why it could not be made."""

    html: str = ""
    missing: str = ""


def power_spec_of(point: Point, language: str = "sv") -> PointPowerSpec:
    """The power-check input for a registry point: its sites' generator and heating, its plan's equipment.

    Raises
    ------
    PowerInputError
        When the registry lacks what the check needs (e.g. a fixed generator without a tank volume).
    """
    sites = list(point.sites.all())
    fixed = next((s for s in sites if s.backup_power == "fixed" and s.generator_kw), None)
    hookup = next((s for s in sites if s.backup_power == "connection_point"), None)
    if fixed is not None:
        generator = GeneratorSpec(GeneratorKind.FIXED, rated_kw=fixed.generator_kw, tank_l=fixed.tank_l or 0.0)
    elif hookup is not None:
        generator = GeneratorSpec(GeneratorKind.CONNECTION_POINT)
    else:
        generator = GeneratorSpec()
    building = fixed or hookup or (sites[0] if sites else None)
    heating = None
    if building is not None and building.floor_area_m2 and building.heat_source:
        heating = HeatingSpec(building.floor_area_m2, HeatSource(building.heat_source),
                              district_heating_has_backup=bool(building.district_heating_backup))
    plan = _plan_of(point)
    loads = []
    for item in plan.equipment.all() if plan else []:
        entry = EQUIPMENT.get(item.equipment)
        power_kw = item.power_kw if item.power_kw is not None else (entry.typical_power_kw if entry else 0.0)
        if entry is None or entry.load_class is None or not power_kw or item.quantity < 1:
            continue
        loads.append(Load(entry.name(language), entry.load_class, power_kw=power_kw, quantity=item.quantity))
    hours = parse_daily_hours(point.opening_hours)
    opening = None
    if hours is not None and hours.open_min % 60 == 0 and hours.close_min % 60 == 0:
        opening = OpeningHours(hours.open_min // 60, hours.close_min // 60)
    return PointPowerSpec(id=point.ref or str(point.pk), name=point.name, level=point.level, loads=tuple(loads),
                          heating=heating, generator=generator, opening_hours=opening,
                          priority_rank=point.priority_rank, capacity_people=point.capacity_day)


def power_sheet(point: Point, language: str) -> PowerSheet:
    try:
        check = check_point(power_spec_of(point, language))
    except PowerInputError as error:
        return PowerSheet(missing=str(error))
    return PowerSheet(html=generator_sheet_html(check, language))


def _directory(point: Point) -> list[Organisation]:
    """The actors a point's staff may need: county, municipality, its local organisations, partners, authorities."""
    municipality = point.municipality
    plan = _plan_of(point)
    ids = {municipality.pk}
    if municipality.parent_id:
        ids.add(municipality.parent_id)
    if point.sot_organisation_id:
        ids.add(point.sot_organisation_id)
    if plan is not None:
        ids |= {f.provider_id for f in plan.functions.all() if f.provider_id}
        ids |= {s.organisation_id for s in plan.staffing.all() if s.organisation_id}
    for agreement in point.agreements.all():
        ids |= {party.pk for party in agreement.parties.all()}
    # County-level authorities and partners (police, rescue service, SOS Alarm, the region, grid and telecom
    # companies) are on every binder; the county's volunteer organisations only when the plan names them.
    county_actors = Q(parent_id=municipality.parent_id, kind__in=("authority", "company")) if municipality.parent_id else Q()
    rows = Organisation.objects.filter(Q(pk__in=ids) | Q(parent=municipality) | county_actors).distinct()
    return sorted(rows, key=directory_order)


def _radio_drafts(point: Point) -> dict[str, str]:
    """Opening announcements to read on P4, with the reason left for the day."""
    public = status.to_public_point(point)
    opened = replace(public, status=PointStatus.OPEN)
    message = PublicMessage(
        identifier=f"draft-{point.pk}", kind=MessageKind.OPENING, sender=status.cap_sender(public.municipality_code),
        sent=timezone.now(), municipality_code=public.municipality_code, municipality_name=public.municipality_name,
        reason="[Orsak, till exempel: Strömavbrott i stora delar av kommunen.]",
        reason_en="[Reason, for example: A power cut in large parts of the municipality.]",
        points=(opened,),
    )
    return {lang: radio_text(message, lang, radio_settings()) for lang in BINDER_LANGUAGES}


def binder_context(point: Point, user: AnyUser, language: str) -> dict[str, Any]:
    plan = _plan_of(point)
    public = status.to_public_point(point)
    return {
        "point": point,
        "public": public,
        "plan": plan,
        "site": point.main_site(),
        "sites": list(point.sites.all()),
        "activation": [(entry.name(language), getattr(plan, code) if plan else "")
                       for code, entry in ACTIVATION_QUESTIONS.items()],
        "functions": list(plan.functions.all()) if plan else [],
        "staffing": list(plan.staffing.all()) if plan else [],
        "equipment": [(name_of(e.equipment, EQUIPMENT, language), e) for e in plan.equipment.all()] if plan else [],
        "directory": _directory(point),
        "agreements": list(point.agreements.all()),
        "national_numbers": NATIONAL_NUMBERS,
        "roster_rows": range(ROSTER_ROWS),
        "report_forms": range(REPORT_FORMS),
        "radio": _radio_drafts(point),
        "printed": timezone.localtime(),
        "printed_by": getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", ""),
        "fonts": pdf.FONT_STACK,
    }


def _language_of(request_language: str | None) -> str:
    return "en" if (request_language or "").startswith("en") else "sv"


def binder_html(point: Point, user: AnyUser, part: str, language: str = "sv") -> str:
    """One part of the binder as HTML: ``"before"`` the generator sheet or ``"after"`` it."""
    with translation.override(language):
        context = binder_context(point, user, language)
        return render_to_string("public/binder.html", {**context, "part": part, "language": language})


def binder_pdf(point: Point, user: AnyUser, language: str | None = None) -> bytes:
    """The whole binder as one PDF, the generator sheet in its place between the parts."""
    from weasyprint import HTML

    language = _language_of(language or translation.get_language())
    sheet = power_sheet(point, language)
    documents = [HTML(string=binder_html(point, user, "before", language)).render()]
    if sheet.html:
        documents.append(HTML(string=sheet.html).render())
    else:
        with translation.override(language):
            missing = render_to_string("public/binder_power_missing.html",
                                       {"point": point, "reason": sheet.missing, "fonts": pdf.FONT_STACK})
        documents.append(HTML(string=missing).render())
    documents.append(HTML(string=binder_html(point, user, "after", language)).render())
    pages = [page for document in documents for page in document.pages]
    return bytes(documents[0].copy(pages).write_pdf())
