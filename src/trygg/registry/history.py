"""Who wrote a registry history row, when there is no request to ask.

django-simple-history takes the author of a history row from the request
(HistoryRequestMiddleware). Commands — CLI imports, the demo load, a restore —
have no request, so they wrap their work in ``acting_as(user)``; every history
row written inside carries that user (and, optionally, a reason such as
"demo load"). Inside a request, ``acting_as`` wins over the request's user, so
a web upload that hands work to the import helper can still name the uploader.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_NOT_SET: Any = object()

# A ContextVar rather than a thread-local: correct under threads and asyncio.
_acting_user: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "trygg_history_acting_user", default=_NOT_SET
)
_acting_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "trygg_history_acting_reason", default=None
)


@contextmanager
def acting_as(user: Any, reason: str | None = None) -> Iterator[None]:
    """Attribute every history row written inside the block to ``user``.

    ``user`` is a Django user or None (None: the rows carry no user, even
    inside a request). ``reason`` becomes the rows' change reason.
    """
    user_token = _acting_user.set(user)
    reason_token = _acting_reason.set(reason)
    try:
        yield
    finally:
        _acting_reason.reset(reason_token)
        _acting_user.reset(user_token)


def history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    """The author of a history row: ``acting_as``'s user, else the request's.

    Passed to every ``HistoricalRecords(get_user=...)`` of the project.
    """
    user = _acting_user.get()
    if user is not _NOT_SET:
        return user
    if request is None:
        return None
    return getattr(request, "user", None)


def current_reason() -> str | None:
    """The change reason set by the innermost ``acting_as``, if any."""
    return _acting_reason.get()


def registry_history(**options: Any) -> Any:
    """``HistoricalRecords`` configured the project's way (one place to change it)."""
    from simple_history.models import HistoricalRecords

    return HistoricalRecords(get_user=history_user, **options)
