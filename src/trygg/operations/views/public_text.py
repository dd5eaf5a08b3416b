"""The event page's public text: draft from the facts, edit, release by a second person."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.operations import access
from trygg.operations import public_text as pt
from trygg.operations.forms import PublicTextForm
from trygg.operations.models import Event, PublicText
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation


@dataclass(frozen=True)
class Panel:
    """One municipality's public text on the event page."""

    municipality: Organisation
    text: PublicText | None
    form: PublicTextForm
    two_person_rule: bool
    release_refusal: str


def _form(event: Event, municipality: Organisation, text: PublicText | None) -> PublicTextForm:
    if text is not None:
        return PublicTextForm(initial={"draft_sv": text.draft_sv, "draft_en": text.draft_en},
                              prefix=f"pt{municipality.pk}")
    return PublicTextForm(initial={"draft_sv": pt.facts_draft(event, municipality, "sv"),
                                   "draft_en": pt.facts_draft(event, municipality, "en")},
                          prefix=f"pt{municipality.pk}")


def panels(user, event: Event) -> list[Panel]:
    """A panel for each affected municipality whose public text the user may write."""
    out = []
    for municipality in event.municipalities.order_by("name"):
        if not pt.may_write_public_text(user, event, municipality):
            continue
        text = pt.text_for(event, municipality)
        out.append(Panel(municipality, text, _form(event, municipality, text), pt.two_person_rule_applies(municipality),
                         pt.release_refusal(user, text) if text else ""))
    return out


def _municipality(user, event: Event, code: str) -> Organisation:
    municipality = get_object_or_404(Organisation, kind=OrganisationKind.MUNICIPALITY, scb_code=code)
    if not pt.may_write_public_text(user, event, municipality):
        raise PermissionDenied
    return municipality


@login_required
@require_POST
def save(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    event = access.get_event(request.user, pk)
    municipality = _municipality(request.user, event, code)
    form = PublicTextForm(request.POST, prefix=f"pt{municipality.pk}")
    if not form.is_valid():
        messages.error(request, _("The public text was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect(event)
    pt.save_draft(event, municipality, request.user, form.cleaned_data["draft_sv"], form.cleaned_data["draft_en"])
    messages.success(request, _("The public text was saved. It is published once someone releases it."))
    return redirect(event)


@login_required
@require_POST
def release(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    event = access.get_event(request.user, pk)
    municipality = _municipality(request.user, event, code)
    text = pt.text_for(event, municipality)
    if text is None:
        messages.error(request, _("Save the public text before releasing it."))
        return redirect(event)
    try:
        pt.release(text, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    messages.success(request, _("The public text was released and is now published."))
    return redirect(event)
