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

from simple_history.models import HistoricalRecords

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


class RegistryHistory(HistoricalRecords):
    """``HistoricalRecords`` that writes a row only when something changed.

    The demo load and the imports save rows that are often unchanged
    (``update_or_create``); a history row for each such save would bury the
    real changes, so a save whose tracked fields equal the latest history row
    writes nothing. An m2m change made from the other side
    (``site.points.add(point)``) is recorded on the side that declares it.
    """

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        if not created and not kwargs.get("raw", False) and self._unchanged_since_last_row(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged_since_last_row(self, instance: Any) -> bool:
        latest = getattr(instance, self.manager_name).order_by("-history_date", "-history_id").first()
        if latest is None:
            return False  # no baseline yet: this row becomes one
        return all(getattr(latest, field.attname) == getattr(instance, field.attname)
                   for field in self.fields_included(instance))

    def m2m_changed(self, instance: Any, action: str, attr: str, pk_set: Any, reverse: bool, **kwargs: Any) -> None:
        if action in ("post_add", "post_remove") and not pk_set:
            return  # Django signals an add of rows that were all there already
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        if pk_set:
            for owner in self.cls._default_manager.filter(pk__in=pk_set):
                super().m2m_changed(owner, action, attr, pk_set, False, **kwargs)

    def get_change_reason_for_object(self, instance: Any, history_type: str, using: Any) -> Any:
        return current_reason() or super().get_change_reason_for_object(instance, history_type, using)


def registry_history(**options: Any) -> RegistryHistory:
    """The history of one registry or accounts model, configured the project's way."""
    return RegistryHistory(get_user=history_user, **options)


BASELINE_REASON = "history started"
# The demo's history rows carry no user and this reason (no system user to log in as).
DEMO_LOAD_REASON = "demo load"


def write_baseline(apps: Any, app_label: str, model_name: str, m2m_names: tuple[str, ...] = ()) -> int:
    """Give every existing row of a model one "created" history row (for data migrations).

    Rows that existed before history was switched on would otherwise have no
    state to compare their first change with, so that change could not say
    old → new. Rows that already have history are left alone.
    """
    from django.utils import timezone

    model = apps.get_model(app_label, model_name)
    historical = apps.get_model(app_label, "Historical" + model_name)
    tracked = [f.attname for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    has_history = set(historical.objects.values_list("id", flat=True).distinct())
    now = timezone.now()
    written = 0
    for obj in model._default_manager.exclude(pk__in=has_history).iterator():
        row = historical.objects.create(
            history_date=now, history_type="+", history_change_reason=BASELINE_REASON,
            **{name: getattr(obj, name) for name in tracked})
        for m2m_name in m2m_names:
            _write_m2m_baseline(apps, app_label, model_name, m2m_name, obj, row)
        written += 1
    return written


def _write_m2m_baseline(apps: Any, app_label: str, model_name: str, m2m_name: str, obj: Any, row: Any) -> None:
    through = getattr(obj, m2m_name).through
    historical_m2m = apps.get_model(app_label, f"Historical{model_name}_{m2m_name}")
    names = [f.attname for f in through._meta.concrete_fields]
    source = next(f.attname for f in through._meta.concrete_fields
                  if f.is_relation and f.related_model._meta.model_name == model_name.lower())
    historical_m2m.objects.bulk_create(
        historical_m2m(history=row, **{name: getattr(link, name) for name in names})
        for link in through._default_manager.filter(**{source: obj.pk}))
