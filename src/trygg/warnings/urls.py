from django.urls import path

from trygg.warnings import views

urlpatterns = [
    path("<int:pk>/event/", views.create_event, name="warning_create_event"),
]
