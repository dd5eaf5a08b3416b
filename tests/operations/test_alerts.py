"""Alerts reach people: a real local SMTP server (aiosmtpd) and a local HTTP receiver in 46elks' format."""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import json
import re
import threading
import urllib.parse
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.serverutil import free_port
from trygg.accounts.models import Membership
from trygg.alerts.models import Delivery, DeliveryStatus, Subscription
from trygg.alerts.send import send_pending
from trygg.alerts.triggers import check_silent
from trygg.operations import decisions
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, PointStatus
from trygg.registry.models import Organisation, Point


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[object] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings):  # type: ignore[no-untyped-def]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "trygg@krokom.example.se"
    yield inbox
    controller.stop()


class _Gateway(http.server.BaseHTTPRequestHandler):
    """Answers as 46elks does: 200 with the created message as JSON."""

    received: list[dict[str, object]] = []
    fail = False

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        type(self).received.append({"auth": self.headers.get("Authorization"), "path": self.path,
                                    **{k: v[0] for k, v in form.items()}})
        if type(self).fail:
            self.send_response(402)
            self.end_headers()
            self.wfile.write(b"Not enough credits")
            return
        body = json.dumps({"status": "created", "direction": "outgoing", "from": form["from"][0],
                           "to": form["to"][0], "message": form["message"][0], "parts": 1,
                           "id": f"s{len(type(self).received):032x}", "cost": 3500}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gateway(settings):  # type: ignore[no-untyped-def]
    _Gateway.received, _Gateway.fail = [], False
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_API_URL = f"http://127.0.0.1:{server.server_address[1]}/a1/sms"
    settings.SMS_46ELKS_USERNAME, settings.SMS_46ELKS_PASSWORD, settings.SMS_FROM = "u1234", "secret", "Krokom"
    yield _Gateway
    server.shutdown()


def _subscribe(username: str, kinds: list[str], *, email: str = "", phone: str = "", sms: bool = False,
               **scope: object) -> Subscription:
    user = get_user_model().objects.get(username=username)
    user.email = email or f"{username}@example.se"
    user.save()
    if phone:
        Membership.objects.filter(user=user).update(phone=phone)
    return Subscription.objects.create(user=user, kinds=kinds, by_email=True, by_sms=sms, **scope)


def _subject(message) -> str:  # type: ignore[no-untyped-def]
    return str(make_header(decode_header(message["Subject"])))


def _body(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def _activate(outage, user, org, refs):  # type: ignore[no-untyped-def]
    decisions.activate(outage, user.pk, org, list(Point.objects.filter(ref__in=refs)), decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott i hela Offerdal",
        decided_at=timezone.now(), level=2))


def test_an_activation_is_mailed_in_swedish_to_the_subscriber(outage, krokom_user, krokom_org, smtp,
                                                            django_capture_on_commit_callbacks):
    _subscribe("krokom", ["state", "decision"])

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    summary = send_pending()

    assert summary.sent == 2 and len(smtp.messages) == 2
    subjects = sorted(_subject(m) for m in smtp.messages)
    assert subjects[0].startswith("Beslut: aktivera – Strömavbrott Offerdal")
    assert subjects[1].startswith("SOT-punkt Valsjöbyn: ")
    decision_mail = next(m for m in smtp.messages if _subject(m).startswith("Beslut"))
    assert "Kommundirektören" in _body(decision_mail) and decision_mail["To"] == "krokom@example.se"
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_nobody_is_told_about_another_municipalitys_event(outage, krokom_user, krokom_org, smtp,
                                                        django_capture_on_commit_callbacks):
    _subscribe("are", ["state", "decision", "fuel_low", "silent"])
    _subscribe("ostersund", ["state"], municipality=Organisation.objects.get(scb_code="2380"))

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    send_pending()

    assert Delivery.objects.count() == 0 and smtp.messages == []


def test_low_fuel_alerts_once_within_the_throttle_window(outage, krokom_user, krokom_org, smtp,
                                                        django_capture_on_commit_callbacks):
    point = Point.objects.get(ref="SOT-VALSJOBYN")
    _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    _subscribe("krokom", ["fuel_low"], point=point)

    with django_capture_on_commit_callbacks(execute=True):
        for litres in (20, 18, 500):  # 4.5 h and 4.1 h at the planned 4.4 l/h; then refilled
            append(NewEntry(event=outage, author_id=krokom_user.pk, author_org=krokom_org, kind=EntryKind.STATUS,
                            occurred_at=timezone.now(), point=point, data={"fuel_l": litres}))
    send_pending()

    statuses = list(Delivery.objects.order_by("created_at").values_list("status", flat=True))
    assert statuses == [DeliveryStatus.SENT, DeliveryStatus.THROTTLED]
    assert len(smtp.messages) == 1
    assert "SOT-punkt Valsjöbyn rapporterade 20 l bränsle" in _body(smtp.messages[0])
    assert "4,5 timmar vid planerad last (larm under 12 h)" in _body(smtp.messages[0])


def test_sms_goes_through_the_gateway_in_its_documented_format(outage, krokom_user, krokom_org, gateway, smtp,
                                                              django_capture_on_commit_callbacks):
    _subscribe("krokom", ["decision"], phone="070-123 45 67", sms=True)

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    send_pending()

    assert len(gateway.received) == 1
    sent = gateway.received[0]
    assert sent["path"] == "/a1/sms" and sent["to"] == "+46701234567" and sent["from"] == "Krokom"
    assert sent["auth"] == "Basic " + base64.b64encode(b"u1234:secret").decode()
    assert str(sent["message"]).startswith("Beslut: aktivera")
    sms = Delivery.objects.get(channel="sms")
    assert sms.status == DeliveryStatus.SENT and sms.provider_id.startswith("s")


def test_without_a_gateway_no_sms_is_sent_and_the_log_says_why(outage, krokom_user, krokom_org, settings, smtp,
                                                              django_capture_on_commit_callbacks):
    settings.SMS_46ELKS_USERNAME = settings.SMS_46ELKS_PASSWORD = ""
    _subscribe("krokom", ["decision"], phone="0701234567", sms=True)

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    send_pending()

    sms = Delivery.objects.get(channel="sms")
    assert sms.status == DeliveryStatus.SKIPPED and sms.last_error == "no SMS gateway configured"
    assert Delivery.objects.get(channel="email").status == DeliveryStatus.SENT


def test_a_failed_delivery_is_retried_later_and_then_sent(outage, krokom_user, krokom_org, gateway, settings,
                                                         django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sub = _subscribe("krokom", ["decision"], phone="+46701234567", sms=True)
    sub.by_email = False
    sub.save()
    gateway.fail = True

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])
    first = send_pending()
    delivery = Delivery.objects.get()
    assert first.retrying == 1 and delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1
    assert "402" in delivery.last_error and "Not enough credits" in delivery.last_error
    assert delivery.error_in("sv").startswith("SMS-tjänsten svarade 402: ") and "Not enough credits" in delivery.error_in("sv")
    assert delivery.error_in("en").startswith("the gateway answered 402: ")
    assert send_pending().retrying == 0  # not due yet: nothing is tried

    gateway.fail = False
    later = send_pending(now=timezone.now() + dt.timedelta(minutes=3))

    delivery.refresh_from_db()
    assert later.sent == 1 and delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert delivery.last_error == "" and delivery.last_error_texts == {}


def test_a_silent_point_is_alerted_once(activated, smtp):
    _subscribe("krokom", ["silent"])
    PointStatus.objects.filter(event=activated).update(since=timezone.now() - dt.timedelta(hours=3),
                                                       last_contact_at=None)

    found = check_silent()
    again = check_silent()
    send_pending()

    assert found == again == 2
    assert Delivery.objects.filter(kind="silent").count() == 2  # one per point, not one per check
    assert sorted(_subject(m) for m in smtp.messages) == ["SOT-punkt Rötviken: tyst", "SOT-punkt Valsjöbyn: tyst"]


def test_a_warning_over_the_municipality_alerts_its_subscribers(db, smtp, django_capture_on_commit_callbacks):
    from tests.web.test_warnings import ARE_BOX, smhi_area, smhi_feed
    from trygg.formats.warnings import parse_warnings
    from trygg.warnings.store import store_warnings

    _subscribe("are", ["warning"])
    _subscribe("krokom", ["warning"])

    with django_capture_on_commit_callbacks(execute=True):
        store_warnings(parse_warnings(smhi_feed(smhi_area(1, ARE_BOX)), "t"), received_from="t")
    send_pending()

    assert [m["To"] for m in smtp.messages] == ["are@example.se"]
    assert _subject(smtp.messages[0]) == "Orange varning: Mycket hårda vindbyar"


def test_the_page_lists_saves_and_removes_only_my_subscriptions(krokom, are):
    page = krokom.get("/alerts/")
    assert page.status_code == 200 and "Mina larm" in page.content.decode()

    refused = krokom.post("/alerts/", {"kinds": ["state"]})
    assert refused.status_code == 400 and "Välj e-post, sms eller båda." in refused.content.decode()
    saved = krokom.post("/alerts/", {"kinds": ["state", "silent"], "by_email": "on",
                                     "municipality": Organisation.objects.get(scb_code="2309").pk})
    assert saved.status_code == 302
    mine = Subscription.objects.get(user__username="krokom")
    assert mine.kinds == ["state", "silent"]

    not_readable = krokom.post("/alerts/", {"kinds": ["state"], "by_email": "on",
                                            "municipality": Organisation.objects.get(scb_code="2321").pk})
    assert not_readable.status_code == 400
    assert are.post(f"/alerts/{mine.pk}/delete/").status_code == 404
    assert krokom.post(f"/alerts/{mine.pk}/delete/").status_code == 302
    assert not Subscription.objects.exists()


def test_an_sms_gateway_error_is_english_in_the_log_and_swedish_to_a_user(settings):
    from trygg.alerts import sms
    from trygg.text import TextError

    settings.SMS_46ELKS_USERNAME = settings.SMS_46ELKS_PASSWORD = ""
    with pytest.raises(sms.SmsError) as error:
        sms.send("+46701234567", "test")

    assert isinstance(error.value, TextError)
    assert str(error.value) == "no SMS gateway configured"
    assert error.value.describe("sv") == "ingen SMS-tjänst är inställd"


def test_alerts_run_reports_in_swedish_by_default_and_in_english_with_lang_en(db, smtp):
    from click.testing import CliRunner
    from django.utils import translation

    from trygg.cli import main

    no_language = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
    try:
        swedish = CliRunner().invoke(main, ["alerts", "run"], env=no_language)
        english = CliRunner().invoke(main, ["--lang", "en", "alerts", "run"], env=no_language)
    finally:
        translation.deactivate()

    assert swedish.exit_code == 0, swedish.output
    assert re.fullmatch(r"\d+ tysta? punkt(er)?; skickade: 0, försöks igen: 0, misslyckade: 0\.\n", swedish.output)
    assert re.fullmatch(r"\d+ silent points?; sent 0, will retry 0, failed 0\.\n", english.output)


def test_my_alerts_page_says_in_swedish_why_an_sms_was_not_sent(outage, krokom_user, krokom_org, krokom, settings,
                                                               smtp, django_capture_on_commit_callbacks):
    settings.SMS_46ELKS_USERNAME = settings.SMS_46ELKS_PASSWORD = ""
    _subscribe("krokom", ["decision"], phone="0701234567", sms=True)

    with django_capture_on_commit_callbacks(execute=True):
        _activate(outage, krokom_user, krokom_org, ["SOT-VALSJOBYN"])

    skipped = Delivery.objects.get(channel="sms")
    assert skipped.last_error == "no SMS gateway configured"  # the log keeps the English
    assert skipped.error_in("en") == "no SMS gateway configured"
    page = krokom.get("/alerts/").content.decode()
    assert "ingen SMS-tjänst är inställd" in page and "no SMS gateway configured" not in page
