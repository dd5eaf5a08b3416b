"""The shared log reads as sentences with labels and units, never as internal keys."""

from __future__ import annotations

from django.utils import timezone, translation

from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, LogEntry
from trygg.operations.prose import entry_sentence
from trygg.registry.models import Point

RAW_KEYS = ("people_present", "power_source", "fuel_l", "indoor_temp_c", "functions_available", "→ standby",
            "kommundirektor,", "'state'")


def _report(event, user, org):  # type: ignore[no-untyped-def]
    point = Point.objects.get(ref="SOT-VALSJOBYN")
    entry, _created = append(NewEntry(
        event=event, author_id=user.pk, author_org=org, kind=EntryKind.STATUS, occurred_at=timezone.now(), point=point,
        data={"people_present": 23, "power_source": "backup", "fuel_l": 340.0, "indoor_temp_c": 19.5,
              "water": "limited", "functions_available": ["heating"], "needs": "Filtar"}))
    return entry


def test_a_status_report_reads_as_a_swedish_sentence(activated, krokom_user, krokom_org):
    entry = _report(activated, krokom_user, krokom_org)

    with translation.override("sv"):
        sentence = entry_sentence(entry)

    assert sentence == ("Rapport: 23 personer på plats; reservkraft; 340 l bränsle kvar; 19,5 °C inomhus; "
                        "begränsat med vatten; finns nu: Värme. Behov: Filtar")


def test_decisions_and_state_changes_read_as_sentences_in_both_languages(activated):
    decision = LogEntry.objects.get(event=activated, kind=EntryKind.DECISION)
    state = LogEntry.objects.filter(event=activated, kind=EntryKind.STATE).first()

    with translation.override("sv"):
        assert entry_sentence(decision) == ("Aktivera 2 punkter. Beslutat av Kommundirektören, Kommundirektör. "
                                            "Nivå 2. Motivering: Strömavbrott i hela Offerdal")
        assert entry_sentence(state) == "Ny status: beredskap. Nivå 2. Enligt beslut."
    with translation.override("en"):
        assert entry_sentence(state) == "New state: standby. Level 2. By decision."


def test_the_event_page_shows_no_internal_keys(activated, krokom_user, krokom_org, krokom):
    _report(activated, krokom_user, krokom_org)

    page = krokom.get(f"/ops/events/{activated.pk}/").content.decode()
    log = page.split('class="log"', 1)[1].split("</ol>", 1)[0]

    assert "23 personer på plats" in log and "Ny status: beredskap" in log
    assert [key for key in RAW_KEYS if key in log] == []


def test_the_new_event_form_starts_from_a_power_outage(krokom):
    page = krokom.get("/ops/").content.decode()

    assert '<option value="power_outage" selected>' in page
    assert 'value="">---------</option>' not in page.split('id="id_kind"', 1)[1].split("</select>", 1)[0]


def test_the_live_map_has_a_legend_whose_colours_are_the_markers(activated, krokom):
    import json

    from trygg.operations.mapdata import STATE_COLOURS

    response = krokom.get(f"/ops/events/{activated.pk}/")
    page = response.content.decode()
    data = json.loads(page.split('<script id="map-data" type="application/json">', 1)[1].split("</script>", 1)[0])

    legend = page.split('class="legend"', 1)[1].split("</ul>", 1)[0]
    assert "Öppen" in legend and "Full" in legend and "Tyst (röd ring)" in legend
    assert f"background:{STATE_COLOURS['open']}" in legend
    assert data["state_colours"]["open"] == STATE_COLOURS["open"] and data["silent_label"] == "tyst"
    assert {f["properties"]["state_label"] for f in data["points"]["features"]} == {"beredskap"}
