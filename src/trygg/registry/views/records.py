"""Agreements, exercises and routines (R7): the records a coordinator keeps up between crises.

Agreements and exercises belong to a municipality and are edited by its
coordinator; routines belong to a point and are edited by whoever edits the
point's plan. Everyone else reads (see ``trygg.accounts.permissions``); a
record out of the user's reach is a 404, never a 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.registry import scope
from trygg.registry.followup import REVIEW_HORIZON_DAYS
from trygg.registry.forms import AgreementForm, ExerciseForm, RoutineForm
from trygg.registry.models import Agreement, Organisation, Point

# Row status on the agreement list, most urgent first: (code, label).
EXPIRED = ("expired", gettext_lazy("Expired"))
REVIEW_OVERDUE = ("review_overdue", gettext_lazy("Review overdue"))
REVIEW_SOON = ("review_soon", gettext_lazy("Review due soon"))
NOT_YET = ("not_yet", gettext_lazy("Not yet in force"))


def agreement_status(agreement: Agreement, today: dt.date | None = None) -> tuple[str, str | Promise] | None:
    today = today or timezone.localdate()
    if agreement.is_expired(today):
        return EXPIRED
    if agreement.review_overdue(today):
        return REVIEW_OVERDUE
    if agreement.due_for_review(today, REVIEW_HORIZON_DAYS):
        return REVIEW_SOON
    if agreement.valid_from > today:
        return NOT_YET
    return None


def _crumbs(mun: Organisation, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(reverse("municipality", args=[mun.scb_code]), mun.name), *more]


def _agreements_crumbs(mun: Organisation) -> list[tuple[str, str]]:
    return _crumbs(mun, (reverse("agreements", args=[mun.scb_code]), _("Agreements")))


def _exercises_crumbs(mun: Organisation) -> list[tuple[str, str]]:
    return _crumbs(mun, (reverse("exercises", args=[mun.scb_code]), _("Exercises")))


def _point_crumbs(point: Point) -> list[tuple[str, str]]:
    return _crumbs(point.municipality, (point.get_absolute_url(), point.name))


def _confirm_delete(request: HttpRequest, obj: Model, *, question: str, back: str, done: str,
                    crumbs: list[tuple[str, str]]) -> HttpResponse:
    """GET asks ``question``; POST deletes and goes to ``done``."""
    if request.method == "POST":
        name = str(obj)
        obj.delete()
        messages.success(request, _("Deleted: %(name)s.") % {"name": name})
        return redirect(done)
    return render(request, "registry/confirm_delete.html", {
        "object": obj, "question": question, "back": back, "crumbs": crumbs})


_M = TypeVar("_M", bound=Model)


def _record_form(request: HttpRequest, form: forms.ModelForm[_M], *, saved: Callable[[_M], str], done: str,
                 crumbs: list[tuple[str, str]], new_title: str, back: str, delete_name: str) -> HttpResponse:
    """Save a valid POST (all of it or nothing) and go to ``done``; otherwise show the form.

    ``saved`` words the success message for the saved record.
    """
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save()
        messages.success(request, saved(record))
        return redirect(done)
    existing = form.instance if form.instance.pk else None
    return render(request, "registry/record_form.html", {
        "form": form, "crumbs": crumbs, "object": existing, "new_title": new_title, "back": back,
        "delete_url": reverse(delete_name, args=[existing.pk]) if existing else None,
    })


# Agreements


@login_required
def agreement_list(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_read(request.user, code)
    today = timezone.localdate()
    points = scope.readable_points(request.user).order_by("name")
    agreements = (scope.readable_agreements(request.user).filter(municipality=mun)
                  .prefetch_related("parties", Prefetch("points", queryset=points)))
    rows = [{"agreement": a, "status": agreement_status(a, today)} for a in agreements]
    return render(request, "registry/agreement_list.html", {
        "municipality": mun,
        "rows": rows,
        "expired": sum(1 for r in rows if r["status"] == EXPIRED),
        "review_overdue": sum(1 for r in rows if r["status"] == REVIEW_OVERDUE),
        "can_edit": scope.can_edit_municipality(request.user, mun),
    })


def _agreement_form(request: HttpRequest, form: AgreementForm, mun: Organisation, message: str) -> HttpResponse:
    return _record_form(
        request, form, saved=lambda agreement: message % {"title": agreement.title},
        done=reverse("agreements", args=[mun.scb_code]), crumbs=_agreements_crumbs(mun),
        new_title=_("New agreement"), back=reverse("agreements", args=[mun.scb_code]), delete_name="agreement_delete",
    )


@login_required
def agreement_create(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_edit(request.user, code)
    form = AgreementForm(request.POST or None, municipality=mun)
    return _agreement_form(request, form, mun, _("The agreement %(title)s was created."))


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scope.get_agreement_for_edit(request.user, pk)
    form = AgreementForm(request.POST or None, instance=agreement, municipality=agreement.municipality)
    return _agreement_form(request, form, agreement.municipality, _("The agreement %(title)s was saved."))


@login_required
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scope.get_agreement_for_edit(request.user, pk)
    mun = agreement.municipality
    question = _("Delete the agreement %(title)s?") % {"title": agreement.title}
    return _confirm_delete(request, agreement, question=question, crumbs=_agreements_crumbs(mun),
                           back=reverse("agreement_edit", args=[agreement.pk]),
                           done=reverse("agreements", args=[mun.scb_code]))


# Exercises


@login_required
def exercise_list(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_read(request.user, code)
    points = scope.readable_points(request.user).order_by("name")
    exercises = (scope.readable_exercises(request.user).filter(municipality=mun)
                 .prefetch_related("participants", Prefetch("points", queryset=points)))
    return render(request, "registry/exercise_list.html", {
        "municipality": mun,
        "exercises": exercises,
        "today": timezone.localdate(),
        "can_edit": scope.can_edit_municipality(request.user, mun),
    })


def _exercise_form(request: HttpRequest, form: ExerciseForm, mun: Organisation, message: str) -> HttpResponse:
    return _record_form(
        request, form, saved=lambda exercise: message % {"name": exercise.name},
        done=reverse("exercises", args=[mun.scb_code]), crumbs=_exercises_crumbs(mun),
        new_title=_("New exercise"), back=reverse("exercises", args=[mun.scb_code]), delete_name="exercise_delete",
    )


@login_required
def exercise_create(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_edit(request.user, code)
    form = ExerciseForm(request.POST or None, municipality=mun)
    return _exercise_form(request, form, mun, _("The exercise %(name)s was created."))


@login_required
def exercise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scope.get_exercise_for_edit(request.user, pk)
    form = ExerciseForm(request.POST or None, instance=exercise, municipality=exercise.municipality)
    return _exercise_form(request, form, exercise.municipality, _("The exercise %(name)s was saved."))


@login_required
def exercise_delete(request: HttpRequest, pk: int) -> HttpResponse:
    exercise = scope.get_exercise_for_edit(request.user, pk)
    mun = exercise.municipality
    question = _("Delete the exercise %(name)s?") % {"name": exercise.name}
    return _confirm_delete(request, exercise, question=question, crumbs=_exercises_crumbs(mun),
                           back=reverse("exercise_edit", args=[exercise.pk]),
                           done=reverse("exercises", args=[mun.scb_code]))


# Routines


def _routine_form(request: HttpRequest, form: RoutineForm, message: str) -> HttpResponse:
    point = form.instance.point
    return _record_form(
        request, form, saved=lambda routine: message % {"routine": routine.get_kind_display()},
        done=point.get_absolute_url(), crumbs=_point_crumbs(point),
        new_title=_("New routine for %(point)s") % {"point": point.name}, back=point.get_absolute_url(),
        delete_name="routine_delete",
    )


@login_required
def routine_create(request: HttpRequest, pk: int) -> HttpResponse:
    point = scope.get_point_for_edit(request.user, pk)
    form = RoutineForm(request.POST or None, point=point)
    return _routine_form(request, form, _("The routine %(routine)s was added."))


@login_required
def routine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    routine = scope.get_routine_for_edit(request.user, pk)
    form = RoutineForm(request.POST or None, instance=routine, point=routine.point)
    return _routine_form(request, form, _("The routine %(routine)s was saved."))


@login_required
def routine_delete(request: HttpRequest, pk: int) -> HttpResponse:
    routine = scope.get_routine_for_edit(request.user, pk)
    point = routine.point
    question = _("Delete the routine %(routine)s at %(point)s?") % {"routine": routine.get_kind_display(),
                                                                    "point": point.name}
    return _confirm_delete(request, routine, question=question, crumbs=_point_crumbs(point),
                           back=point.get_absolute_url(), done=point.get_absolute_url())
