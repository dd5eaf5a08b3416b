from django.urls import path

from trygg.population import views

urlpatterns = [
    path("m/<str:code>/population/", views.municipality_grid, name="population_grid"),
    path("county/population/", views.county_grid, name="county_population_grid"),
]
