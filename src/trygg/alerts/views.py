"""My alerts: what I subscribe to, and every alert made for me with what happened to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.users import signed_in
from trygg.alerts import sms
from trygg.alerts.forms import SubscriptionForm
from trygg.alerts.models import Subscription
from trygg.registry import scope


def _form(request: HttpRequest, data: object = None) -> SubscriptionForm:
    return SubscriptionForm(data, municipalities=scope.readable_municipalities(request.user).order_by("name"),
                            points=scope.readable_points(request.user).order_by("name"))


@login_required
def my_alerts(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        subscription.user = signed_in(request)
        subscription.save()
        messages.success(request, _("Subscription saved."))
        return redirect("alerts")
    return render(request, "alerts/my_alerts.html", {
        "form": form, "subscriptions": Subscription.objects.filter(user=signed_in(request)).select_related("municipality", "point", "event"),
        "deliveries": signed_in(request).alert_deliveries.all()[:50], "sms_configured": sms.configured(),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def delete_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    deleted, _rows = Subscription.objects.filter(pk=pk, user=signed_in(request)).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Subscription removed."))
    return redirect("alerts")
