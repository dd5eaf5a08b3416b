"""Editing a plan through the page removes its gaps and raises its readiness score."""

from trygg.registry.models import Plan
from trygg.registry.planview import readiness_of


def formset_data(prefix, rows, initial):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def plan_post_data(plan):
    data = {name: getattr(plan, name) or "" for name in (
        "who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access", "robust_comms",
        "closing", "notes")}
    data["fuel_arranged"] = "true" if plan.fuel_arranged else "unknown"
    functions = [{"id": f.pk, "plan": plan.pk, "function": f.function, "how": f.how} for f in plan.functions.all()]
    staffing = [{"id": s.pk, "plan": plan.pk, "role": s.role, "needed": s.needed, "assigned": s.assigned,
                 "assigned_people": s.assigned_people, **({"overnight": "on"} if s.overnight else {})}
                for s in plan.staffing.all()]
    equipment = [{"id": e.pk, "plan": plan.pk, "equipment": e.equipment, "quantity": e.quantity,
                  "power_kw": e.power_kw or "", "notes": e.notes} for e in plan.equipment.all()]
    return data, functions, staffing, equipment


def test_adding_beds_blankets_night_staff_and_night_capacity_fixes_parkskolan(client, db, point):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="ostersund"))
    park = point("OSD-PARK")
    before = readiness_of(park)
    assert {"capacity_night", "equipment:beds", "equipment:blankets", "overnight_staffing"} <= {g.code for g in before.gaps}

    plan = Plan.objects.get(point=park)
    data, functions, staffing, equipment = plan_post_data(plan)
    data["capacity"] = "120 dagtid, 60 över natten"
    n_staff, n_equipment = len(staffing), len(equipment)
    staffing.append({"role": "point_manager", "needed": 1, "assigned": 1, "overnight": "on"})
    equipment += [{"equipment": "beds", "quantity": 60}, {"equipment": "blankets", "quantity": 120}]
    response = client.post(f"/points/{park.pk}/plan/", {
        **data, **formset_data("functions", functions, len(functions)),
        **formset_data("staffing", staffing, n_staff), **formset_data("equipment", equipment, n_equipment)})
    assert response.status_code == 302, response.context and [f.errors for f in response.context["formsets"].values()]

    point_form = client.get(f"/points/{park.pk}/edit/").context["form"]
    fields = {name: point_form.initial.get(name, "") for name in point_form.fields}
    fields.update(capacity_night=60, sites=[s.pk for s in park.sites.all()])
    fields = {k: ("" if v is None else v) for k, v in fields.items() if not isinstance(v, bool) or v}
    assert client.post(f"/points/{park.pk}/edit/", fields).status_code == 302

    after = readiness_of(point("OSD-PARK"))
    remaining = {g.code for g in after.gaps}
    assert not {"capacity_night", "equipment:beds", "equipment:blankets", "overnight_staffing",
                "activation:capacity"} & remaining
    assert after.score > before.score


def test_a_plan_form_with_a_bad_row_saves_nothing_and_names_the_field(client, db, point):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="ostersund"))
    park = point("OSD-PARK")
    plan = Plan.objects.get(point=park)
    data, functions, staffing, equipment = plan_post_data(plan)
    data["who_decides"] = "Changed"
    equipment.append({"equipment": "beds", "quantity": -5})
    response = client.post(f"/points/{park.pk}/plan/", {
        **data, **formset_data("functions", functions, len(functions)),
        **formset_data("staffing", staffing, len(staffing)), **formset_data("equipment", equipment, len(equipment) - 1)})
    assert response.status_code == 200
    errors = response.context["formsets"]["equipment"].errors[-1]
    assert "quantity" in errors
    plan.refresh_from_db()
    assert plan.who_decides != "Changed" and not plan.equipment.filter(equipment="beds").exists()
