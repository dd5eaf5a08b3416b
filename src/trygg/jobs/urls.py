from django.urls import path

from trygg.jobs import views

urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
]
