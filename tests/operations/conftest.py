import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from trygg.operations import decisions
from trygg.registry.models import Organisation, Point


@pytest.fixture
def krokom_user(db):
    return get_user_model().objects.get(username="krokom")


@pytest.fixture
def krokom_org(db):
    return Organisation.objects.get(scb_code="2309")


@pytest.fixture
def outage(krokom_user, krokom_org):
    """A power outage in Krokom, started an hour ago."""
    return decisions.create_event(name="Strömavbrott Offerdal", kind="power_outage", exercise=False,
                                  municipalities=[krokom_org], owner=krokom_org, created_by_id=krokom_user.pk,
                                  starts_at=timezone.now() - dt.timedelta(hours=1))


@pytest.fixture
def activated(outage, krokom_user, krokom_org):
    """Valsjöbyn and Rötviken activated by a recorded decision."""
    points = list(Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"]))
    decisions.activate(outage, krokom_user.pk, krokom_org, points, decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott i hela Offerdal",
        decided_at=timezone.now(), level=2))
    return outage
