from django.urls import path

from trygg.operations.views import actors, after, events, field, fieldapp, live, public_text

urlpatterns = [
    path("", events.event_list, name="ops_events"),
    path("actors/", actors.actors, name="ops_actors"),
    path("points/<int:point_pk>/comms/", field.comms, name="ops_comms"),
    path("events/<int:pk>/", events.event_detail, name="ops_event"),
    path("events/<int:pk>/status.json", events.event_status, name="ops_status"),
    path("events/<int:pk>/stream/", live.event_stream, name="ops_stream"),  # push: trygg.operations.push
    path("events/<int:pk>/activate/", events.decide, {"action": "activate"}, name="ops_activate"),
    path("events/<int:pk>/close/", events.decide, {"action": "close"}, name="ops_close"),
    path("events/<int:pk>/entries/", events.add_entry, name="ops_add_entry"),
    path("events/<int:pk>/entries/<uuid:entry_id>/correct/", events.correct_entry, name="ops_correct"),
    path("events/<int:pk>/points/<int:point_pk>/report/", field.report, name="ops_report"),
    path("events/<int:pk>/points/<int:point_pk>/state/", field.change_state, name="ops_state"),
    path("events/<int:pk>/points/<int:point_pk>/field/", fieldapp.field_page, name="field_app"),
    path("events/<int:pk>/points/<int:point_pk>/field/state.json", fieldapp.field_state, name="field_app_state"),
    path("events/<int:pk>/points/<int:point_pk>/field/sw.js", fieldapp.service_worker, name="field_app_sw"),
    path("events/<int:pk>/points/<int:point_pk>/field/manifest.webmanifest", fieldapp.manifest,
         name="field_app_manifest"),
    path("events/<int:pk>/points/<int:point_pk>/package/", field.package, name="ops_package"),
    path("events/<int:pk>/import/", field.import_package, name="ops_import"),
    path("events/<int:pk>/public-text/<str:code>/", public_text.save, name="ops_public_text"),
    path("events/<int:pk>/public-text/<str:code>/release/", public_text.release, name="ops_public_text_release"),
    path("events/<int:pk>/timeline/", after.timeline_report, name="ops_timeline"),
    path("events/<int:pk>/staffing/", after.staffing, name="ops_staffing"),
]
