from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from trygg.api import views
from trygg.operations import api as ops_api

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("sites", views.SiteViewSet, basename="site")
router.register("points", views.PointViewSet, basename="point")
router.register("readiness", views.ReadinessRollUpViewSet, basename="readiness")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="openapi-schema"),
    path("ops/events/<int:pk>/entries/", ops_api.entries, name="api_ops_entries"),
    path("ops/events/<int:pk>/status/", ops_api.situation, name="api_ops_status"),
    path("ops/events/<int:pk>/points/<int:point_pk>/reports/", ops_api.report, name="api_ops_report"),
]
