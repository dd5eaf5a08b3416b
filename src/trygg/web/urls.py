from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from trygg.operations.views import (
    disruption as disruption_views,  # affected area of a disruption (issue 12)
)
from trygg.operations.views import fuel as fuel_views  # an event's fuel tab (issue 12)
from trygg.operations.views import live  # pushed live updates (issue 14)
from trygg.population import (
    access_views,  # store and fuel access (issue 12)
    coverage_views,  # coverage and site selection (issue 3)
)
from trygg.registry.views import (
    fuelplan as fuelplan_views,  # priority order and fuel plan (issue 12)
)
from trygg.registry.views import history as history_views  # registry change history (issue 11)
from trygg.registry.views import imports as import_views  # points import upload (issue 11)
from trygg.registry.views import members as member_views  # a municipality's users (issue 11)
from trygg.registry.views import overview, point, records

urlpatterns = [
    path("", overview.home, name="home"),
    path("county/", overview.county, name="county"),
    path("m/<str:code>/", overview.municipality, name="municipality"),
    path("m/<str:code>/coverage/", coverage_views.coverage, name="coverage"),
    # store and fuel access (issue 12): per municipality and for the county
    path("m/<str:code>/access/", access_views.municipality_access, name="access"),
    path("county/access/", access_views.county_access, name="county_access"),
    # a disruption's affected area (issue 12, item 5): the points and residents inside it
    path("m/<str:code>/disruption/", disruption_views.municipality_disruption, name="disruption"),
    path("county/disruption/", disruption_views.county_disruption, name="county_disruption"),
    path("", include("trygg.population.urls")),  # population grid import (issue 12, item 1)
    path("", include("trygg.jobs.urls")),  # long computations with progress (issue 12)
    # priority order and fuel plan (issue 12, item 4); the event's fuel tab sits beside the event
    path("m/<str:code>/priority/", fuelplan_views.priority_order, name="priority_order"),
    path("m/<str:code>/fuel-plan/", fuelplan_views.municipality_fuelplan, name="fuelplan"),
    path("county/fuel-plan/", fuelplan_views.county_fuelplan, name="county_fuelplan"),
    # the national overview and any one county by its code (issue 14); after every fixed county/… route
    path("national/", overview.national, name="national"),
    path("county/stream/", live.county_stream, name="county_stream"),  # push (trygg.operations.push)
    path("county/<str:lan>/stream/", live.county_stream, name="county_detail_stream"),
    path("county/<str:lan>/", overview.county_detail, name="county_detail"),
    path("ops/events/<int:pk>/fuel/", fuel_views.event_fuel, name="event_fuel"),
    path("m/<str:code>/points/new/", point.point_create, name="point_create"),
    path("m/<str:code>/sites/new/", point.site_create, name="site_create"),
    path("m/<str:code>/import/", import_views.import_points_page, name="import_points"),
    path("points/<int:pk>/", point.point_detail, name="point"),
    path("points/<int:pk>/edit/", point.point_edit, name="point_edit"),
    path("points/<int:pk>/plan/", point.plan_edit, name="plan_edit"),
    path("sites/<int:pk>/edit/", point.site_edit, name="site_edit"),
    # history of registry changes (issue 11): a point's and a municipality's, as pages and CSV
    path("points/<int:pk>/changes/", history_views.point_changes, name="point_changes"),
    path("points/<int:pk>/changes.csv", history_views.point_changes_csv, name="point_changes_csv"),
    path("m/<str:code>/changes/", history_views.municipality_changes, name="municipality_changes"),
    path("m/<str:code>/changes.csv", history_views.municipality_changes_csv, name="municipality_changes_csv"),
    path("points/<int:pk>/routines/new/", records.routine_create, name="routine_create"),
    path("routines/<int:pk>/done/", point.routine_done, name="routine_done"),
    path("routines/<int:pk>/edit/", records.routine_edit, name="routine_edit"),
    path("routines/<int:pk>/delete/", records.routine_delete, name="routine_delete"),
    path("m/<str:code>/agreements/", records.agreement_list, name="agreements"),
    path("m/<str:code>/agreements/new/", records.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", records.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/delete/", records.agreement_delete, name="agreement_delete"),
    path("m/<str:code>/exercises/", records.exercise_list, name="exercises"),
    path("m/<str:code>/exercises/new/", records.exercise_create, name="exercise_create"),
    path("exercises/<int:pk>/edit/", records.exercise_edit, name="exercise_edit"),
    path("exercises/<int:pk>/delete/", records.exercise_delete, name="exercise_delete"),
    path("follow-up/", overview.followup_page, name="followup"),
    path("about/data/", overview.data_sources, name="data_sources"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # a municipality's users, managed by its coordinator (trygg.registry.views.members), beside the account pages
    path("accounts/m/<str:code>/users/", member_views.member_list, name="members"),
    path("accounts/m/<str:code>/users/new/", member_views.member_create, name="member_create"),
    path("accounts/m/<str:code>/users/<int:pk>/", member_views.member_edit, name="member_edit"),
    path("accounts/m/<str:code>/users/<int:pk>/invite/", member_views.member_invite, name="member_invite"),
    path("accounts/", include("trygg.accounts.urls")),  # account, password, 2FA, users (docs/accounts.md)
    path("i18n/", include("django.conf.urls.i18n")),
    path("ops/", include("trygg.operations.urls")),
    path("warnings/", include("trygg.warnings.urls")),
    path("harvest/", include("trygg.harvest.urls")),
    path("alerts/", include("trygg.alerts.urls")),
    path("screen/", include("trygg.screen.urls")),
    path("api/", include("trygg.api.urls")),
    path("api/ops/", include("trygg.operations.api_urls")),
    path("", include("trygg.public.urls")),
    path("admin/", admin.site.urls),
]

# API (topic api): a 404 or 500 under /api/ answers in the API's JSON error shape.
handler404 = "trygg.api.errors.page_not_found"
handler500 = "trygg.api.errors.server_error"
