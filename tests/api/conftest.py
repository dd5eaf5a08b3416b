"""The operations fixtures (an event in Krokom with two activated points) for the API tests."""

from tests.operations.conftest import activated, krokom_org, krokom_user, outage  # noqa: F401
