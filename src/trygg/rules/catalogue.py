"""The catalogue (R6): functions, staff roles, equipment and load classes.

One source of truth for every code the system uses. Codes are stable
identifiers stored in databases and files; names are shown to people. Each
name is an English gettext message id (:func:`trygg.text.N_`) whose Swedish
translation is in the project's catalogue. Nothing else in trygg may spell these
codes out as literals except through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trygg.text import N_, NP_, Text


class LoadClass(StrEnum):
    """Electrical load classes for the power budget (R5, R6 "electricity").

    The handbook: heating and kitchen draw much power, lighting and
    electronics little. Simultaneity factors per class live in
    ``trygg.analysis.power``.
    """

    HEATING = "heating"
    KITCHEN = "kitchen"
    LIGHTING = "lighting"
    CHARGING = "charging"
    IT_COMMS = "it_comms"
    WATER_PUMPS = "water_pumps"
    OTHER = "other"


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: a stable code and its name, a translatable text."""

    code: str
    label: Text

    def name(self, language: str = "sv") -> str:
        """The entry's name in ``language`` (a language without a catalogue gets the English id)."""
        return self.label.in_language(language)


class FunctionKind(StrEnum):
    BASE = "base"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Function(Entry):
    """A function a point offers (R6): base functions every point plans for, complementary ones by choice."""

    kind: FunctionKind = FunctionKind.BASE


@dataclass(frozen=True)
class StaffRole(Entry):
    """A staff role (R6 "Staff roles")."""


@dataclass(frozen=True)
class Equipment(Entry):
    """An equipment item (R6 "Equipment").

    ``load_class`` and ``typical_power_kw`` feed the power budget when a plan
    gives no nameplate figure. The typical figures are assumptions for
    planning (nameplate of common equipment), not measurements: a plan
    should state its own.
    """

    load_class: LoadClass | None = None
    typical_power_kw: float = 0.0


def _functions(kind: FunctionKind, *rows: tuple[str, Text]) -> tuple[Function, ...]:
    return tuple(Function(code, label, kind) for code, label in rows)


BASE_FUNCTIONS = _functions(
    FunctionKind.BASE,
    ("info_comms", N_("Information and communication")),
    ("heating", N_("Heating")),
    ("electricity", N_("Electricity")),
    ("drinking_water", N_("Drinking water")),
    ("hygiene_sanitation", N_("Hygiene and sanitation")),
    ("robust_telecom", N_("Robust electronic communications")),
    ("food", N_("Food")),
)

COMPLEMENTARY_FUNCTIONS = _functions(
    FunctionKind.COMPLEMENTARY,
    ("fuel", NP_("point function", "Fuel")),
    ("overnight", N_("Overnight stay")),
    ("crisis_support", N_("Crisis support")),
    ("basic_health_care", N_("Basic health care")),
    ("family_corner", N_("Family corner for play and rest")),
    ("physical_protection", N_("Physical protection (shelters)")),
    ("evacuation_billeting", N_("Evacuation and billeting")),
    ("order_security", N_("Order and security")),
)

FUNCTIONS: dict[str, Function] = {f.code: f for f in BASE_FUNCTIONS + COMPLEMENTARY_FUNCTIONS}

STAFF_ROLES: dict[str, StaffRole] = {
    r.code: r
    for r in (
        StaffRole("point_manager", N_("Point manager")),
        StaffRole("communicator", N_("Communicator")),
        StaffRole("rakel_operator", N_("Rakel operator")),
        StaffRole("tech_backup_power", N_("Technician, backup power")),
        StaffRole("tech_telephony", N_("Technician, telephony")),
        StaffRole("tech_it", N_("Technician, IT")),
        StaffRole("tech_heating", N_("Technician, heating")),
        StaffRole("food_distribution", N_("Food distribution")),
        StaffRole("emergency_water", N_("Emergency water equipment")),
        StaffRole("facility_care", N_("Facility care and cleaning")),
        StaffRole("childcare", N_("Childcare")),
        StaffRole("care_staff", N_("Care staff and crisis support")),
        StaffRole("guard", N_("Guards")),
        StaffRole("evacuation_leader", N_("Evacuation leader")),
        StaffRole("language_staff", N_("Staff who speak other languages")),
    )
}

_L = LoadClass
EQUIPMENT: dict[str, Equipment] = {
    e.code: e
    for e in (
        Equipment("backup_generator", N_("Backup generator")),
        Equipment("backup_boiler", N_("Backup boiler"), _L.HEATING, 0.5),
        Equipment("space_heater", N_("Electric space heater"), _L.HEATING, 2.0),
        Equipment("hot_air_cannon", N_("Hot-air cannon"), _L.HEATING, 9.0),
        Equipment("emergency_water_tank", N_("Emergency water tank")),
        Equipment("water_pump", N_("Water pump"), _L.WATER_PUMPS, 1.1),
        Equipment("first_aid_kit", N_("First-aid kit")),
        Equipment("defibrillator", N_("Defibrillator"), _L.OTHER, 0.01),
        Equipment("firefighting_equipment", N_("Fire-fighting and rescue equipment")),
        Equipment("latrine", N_("Latrine containers and bags")),
        Equipment("hygiene_articles", N_("Hygiene articles")),
        Equipment("lighting", N_("Lighting"), _L.LIGHTING, 0.5),
        Equipment("tv", N_("TV"), _L.IT_COMMS, 0.15),
        Equipment("radio", N_("Radio (battery or wind-up)"), _L.IT_COMMS, 0.01),
        Equipment("shortwave_radio", N_("Short-wave radio"), _L.IT_COMMS, 0.1),
        Equipment("telephone", N_("Telephone"), _L.IT_COMMS, 0.02),
        Equipment("satellite_phone", N_("Satellite phone"), _L.IT_COMMS, 0.02),
        Equipment("rakel_terminal", N_("Rakel terminal"), _L.IT_COMMS, 0.02),
        Equipment("computer_wifi", N_("Computer and wifi"), _L.IT_COMMS, 0.2),
        Equipment("phone_charging", N_("Charging station for many phones"), _L.CHARGING, 0.5),
        Equipment("beds", N_("Beds or camp beds")),
        Equipment("blankets", N_("Blankets")),
        Equipment("sleeping_mats", N_("Sleeping mats")),
        Equipment("kitchen", N_("Equipped kitchen and serving gear"), _L.KITCHEN, 12.0),
        Equipment("food_supply", N_("Food supplies")),
        Equipment("vehicles", N_("Cars or motorcycles for transport and messengers")),
    )
}

# Point kinds (R1, vocabulary): one concept under the names in use.
POINT_KINDS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("trygghetspunkt", N_("Trygghetspunkt (safety point)")),
        Entry("sot_punkt", N_("SOT-punkt (service and safety point)")),
        Entry("varmestuga", N_("Värmestuga (warming hut)")),
        Entry("krispunkt", N_("Krispunkt (crisis point)")),
        Entry("trygghetsplats", N_("Trygghetsplats (safety place)")),
    )
}

# Candidate premises (R1).
SITE_KINDS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("library", N_("Library")),
        Entry("contact_centre", N_("Contact centre")),
        Entry("school", N_("School")),
        Entry("sports_hall", N_("Sports hall")),
        Entry("swimming_hall", N_("Swimming hall")),
        Entry("hotel", N_("Hotel")),
        Entry("conference_centre", N_("Conference centre")),
        Entry("hostel", N_("Hostel")),
        Entry("folk_high_school", N_("Folk high school")),
        Entry("course_centre", N_("Course centre")),
        Entry("village_hall", N_("Village hall (bygdegård)")),
        Entry("church", N_("Church premises")),
        Entry("grocery_store", N_("Grocery store")),
        Entry("fuel_station", N_("Fuel station")),
        Entry("service_office", N_("Service point or office")),
        Entry("other_private", N_("Other private building (e.g. mall)")),
        Entry("other", N_("Other premises")),
    )
}

# The questions every plan must answer about activation (R6).
ACTIVATION_QUESTIONS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("who_decides", N_("Who decides to activate?")),
        Entry("who_starts", N_("Who starts the work?")),
        Entry("staffing_endurance", N_("How is it staffed and how does staffing endure?")),
        Entry("other_rules", N_("Which other rules apply to the point?")),
        Entry("capacity", N_("How many people can it take?")),
        Entry("access", N_("How are the premises made accessible?")),
        Entry("robust_comms", N_("What makes its communications robust?")),
        Entry("closing", N_("When and how does it close, and who is responsible?")),
    )
}


def name_of(code: str, table: dict[str, Entry] | dict[str, Function] | dict[str, StaffRole] | dict[str, Equipment], language: str = "sv") -> str:
    """The display name of ``code`` in ``table``; the code itself if unknown (never raises in a view)."""
    entry = table.get(code)
    return entry.name(language) if entry else code
