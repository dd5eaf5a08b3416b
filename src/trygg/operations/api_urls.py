"""The operations API's routes, mounted under ``/api/ops/`` by ``trygg.web.urls`` (``trygg.api`` sits below
``operations`` and does not import it: docs/architecture.md)."""

from django.urls import path

from trygg.operations import api

urlpatterns = [
    path("events/<int:pk>/entries/", api.entries, name="api_ops_entries"),
    path("events/<int:pk>/status/", api.situation, name="api_ops_status"),
    path("events/<int:pk>/points/<int:point_pk>/reports/", api.report, name="api_ops_report"),
]
