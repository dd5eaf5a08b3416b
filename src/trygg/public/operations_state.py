"""Operations' live state for the public pages (issue 5 → issue 6).

Enable with ``PUBLIC_LIVE_STATE = "trygg.public.operations_state.live_states"``.
Reads the projection ``trygg.operations.models.PointStatus`` (never the log) of
every event that is still open and is not an exercise — an exercise is never
published as real. A point receiving people is ``open`` or ``full``; one that is
closing or closed in a running event is ``closed``; standby, opening and ready
stay ``planned``. A point in several running events shows its most open state.
"""

from __future__ import annotations

from trygg.operations.lifecycle import OpState
from trygg.public.status import LiveState
from trygg.rules.public_info import PointStatus

PUBLIC_STATUS = {
    OpState.OPEN: PointStatus.OPEN,
    OpState.FULL: PointStatus.FULL,
    OpState.CLOSING: PointStatus.CLOSED,
    OpState.CLOSED: PointStatus.CLOSED,
}
_RANK = {PointStatus.OPEN: 0, PointStatus.FULL: 1, PointStatus.CLOSED: 2}


def live_states() -> dict[int, LiveState]:
    """Point id → its public live state, from every running real event (one query)."""
    from trygg.operations.models import PointStatus as OperationalStatus

    rows = (OperationalStatus.objects
            .filter(event__ends_at__isnull=True, event__exercise=False, state__in=[s.value for s in PUBLIC_STATUS])
            .values_list("point_id", "state", "applied_until"))
    states: dict[int, LiveState] = {}
    for point_id, state, changed in rows:
        if state is None:  # not among PUBLIC_STATUS: the filter leaves none out, the column allows it
            continue
        public = PUBLIC_STATUS[OpState(state)]
        current = states.get(point_id)
        if current is None or _RANK[public] < _RANK[current.status]:
            states[point_id] = LiveState(public, since=changed)
    return states
