from django.urls import path

from trygg.screen import views

urlpatterns = [
    path("events/<int:pk>/", views.presenter, name="screen"),
    path("events/<int:pk>/data.json", views.presenter_data, name="screen_data"),
    path("events/<int:pk>/links/", views.create_link, name="screen_link_create"),
    path("events/<int:pk>/links/<int:link_pk>/revoke/", views.revoke_link, name="screen_link_revoke"),
    path("g/<str:token>/", views.guest, name="screen_guest"),
    path("g/<str:token>/data.json", views.guest_data, name="screen_guest_data"),
    path("g/<str:token>/stream/", views.guest_stream, name="screen_guest_stream"),
]
