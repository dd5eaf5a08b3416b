"""What registry pages show from the apps above them, supplied by those apps at start-up.

``registry`` sits below ``operations`` (docs/architecture.md): it never imports it. Its overview
pages still flag silent points and count running events; ``trygg.operations`` fills these hooks
in its ``AppConfig.ready``. Until then (or without operations) there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from trygg.accounts.users import AnyUser
    from trygg.registry.models import Organisation, Point


def _no_silent_points(user: AnyUser, points: QuerySet[Point]) -> list[Any]:
    return []


def _no_open_events(user: AnyUser, counties: Sequence[Organisation]) -> dict[int, int]:
    return {}


#: The silent points among ``points`` in the running events the user follows (rows for
#: ``operations/_silent.html``).
silent_points: Callable[[AnyUser, QuerySet[Point]], list[Any]] = _no_silent_points
#: County pk → how many running events the user follows in it (an event over two counties counts in both).
open_events_by_county: Callable[[AnyUser, Sequence[Organisation]], dict[int, int]] = _no_open_events
