"""E-mail from the account pages: whether this server sends any, and new users' invitations."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

log = logging.getLogger(__name__)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def sends_email() -> bool:
    """False when the SMTP backend has no server to talk to (EMAIL_HOST blank)."""
    return settings.EMAIL_BACKEND != SMTP_BACKEND or bool(settings.EMAIL_HOST)


def password_set_url(request: HttpRequest, user: AbstractBaseUser) -> str:
    """Django's own reset link: valid once, for PASSWORD_RESET_TIMEOUT seconds (3 days by default)."""
    path = reverse("password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                    "token": default_token_generator.make_token(user)})
    return request.build_absolute_uri(path)


def send_invitation(request: HttpRequest, user: AbstractBaseUser, invited_by: AbstractBaseUser) -> bool:
    """Send the link to set a first password; False (and logged) when the mail server refused."""
    context = {"user": user, "invited_by": invited_by, "url": password_set_url(request, user)}
    subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
    body = render_to_string("accounts/invitation_email.txt", context)
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()  # type: ignore[attr-defined]
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send the invitation to user %s", user.pk)
        return False
    return True
