from django.urls import path

from trygg.alerts import views

urlpatterns = [
    path("", views.my_alerts, name="alerts"),
    path("<int:pk>/delete/", views.delete_subscription, name="alert_delete"),
]
