"""The user a request carries, in types: ``AnyUser`` for code that serves both the signed-in and the
anonymous, ``signed_in`` for views behind ``login_required`` that need a real ``User``."""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

AnyUser = User | AnonymousUser


class WithUser(Protocol):
    """A Django ``HttpRequest`` or a DRF ``Request``: both carry the user."""

    @property
    def user(self) -> object: ...


def signed_in(request: WithUser) -> User:
    """The request's user, who is signed in; PermissionDenied (403) for an anonymous one (a view that
    calls this sits behind ``login_required``, so that is a programming error, never a silent pass)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def is_verified(user: AnyUser) -> bool:
    """Whether the user confirmed a second factor in this session: django_otp's OTPMiddleware sets
    ``is_verified`` on every request's user at run time, so no stub declares it."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False
