"""Operations' live state and released public texts for the public pages (issue 5 → issue 6).

Enable with ``PUBLIC_LIVE_STATE = "trygg.public.operations_state.live_states"`` and
``PUBLIC_NOTICES = "trygg.public.operations_state.notices"`` (the defaults). ``public`` reads
``operations`` here; ``operations`` never imports ``public`` (docs/architecture.md).
Reads the projection ``trygg.operations.models.PointStatus`` (never the log) of
every event that is still open and is not an exercise — an exercise is never
published as real. A point receiving people is ``open`` or ``full``; one that is
closing or closed in a running event is ``closed``; standby, opening and ready
stay ``planned``. A point in several running events shows its most open state.
"""

from __future__ import annotations

from trygg.operations.lifecycle import OpState
from trygg.public.status import LiveState, PublicNotice
from trygg.rules.public_info import PointStatus

PUBLIC_STATUS = {
    OpState.OPEN: PointStatus.OPEN,
    OpState.FULL: PointStatus.FULL,
    OpState.CLOSING: PointStatus.CLOSED,
    OpState.CLOSED: PointStatus.CLOSED,
}
_RANK = {PointStatus.OPEN: 0, PointStatus.FULL: 1, PointStatus.CLOSED: 2}


def public_face(status: object) -> tuple[object, ...] | None:
    """What residents can see of one operational status row: its point, public state and since when.

    Read from the row's loaded values only (``__dict__``), so a deferred field costs no query; None when
    a value is not loaded, which makes the caller treat the row as changed. A status report that moves
    none of these (people present, fuel, water …) changes no public page.
    """
    values = vars(status)
    if not {"point_id", "state", "state_since"} <= values.keys():
        return None
    state = values["state"]
    public = PUBLIC_STATUS.get(OpState(state)) if state else None
    return values["point_id"], public, values["state_since"] if public else None


def live_states() -> dict[int, LiveState]:
    """Point id → its public live state, from every running real event (one query)."""
    from trygg.operations.models import PointStatus as OperationalStatus

    rows = (OperationalStatus.objects
            .filter(event__ends_at__isnull=True, event__exercise=False, state__in=[s.value for s in PUBLIC_STATUS])
            .values_list("point_id", "state", "state_since"))
    states: dict[int, LiveState] = {}
    for point_id, state, changed in rows:
        if state is None:  # not among PUBLIC_STATUS: the filter leaves none out, the column allows it
            continue
        public = PUBLIC_STATUS[OpState(state)]
        current = states.get(point_id)
        if current is None or _RANK[public] < _RANK[current.status]:
            states[point_id] = LiveState(public, since=changed)
    return states


def notices(municipality: str | None = None) -> list[PublicNotice]:
    """The released public text of every running real event, per municipality (``PUBLIC_NOTICES``).

    An exercise's text is never shown to residents as real; an ended event's text is no longer news.
    """
    from trygg.operations.models import PublicText

    rows = (PublicText.objects.filter(released_at__isnull=False, event__ends_at__isnull=True, event__exercise=False)
            .select_related("municipality"))
    if municipality:
        rows = rows.filter(municipality__scb_code=municipality)
    return [PublicNotice(t.municipality.scb_code, t.municipality.name, t.released_sv, t.released_en, t.released_at)
            for t in rows if t.released_at is not None]
