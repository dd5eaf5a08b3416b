from django.urls import path

from trygg.harvest import views

urlpatterns = [
    path("", views.sources, name="harvest_sources"),
    path("points.geojson", views.points_geojson, name="harvest_points"),
]
