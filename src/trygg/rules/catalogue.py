"""The catalogue (R6): functions, staff roles, equipment and load classes.

One source of truth for every code the system uses. Codes are stable
identifiers stored in databases and files; names are shown to people, in
Swedish first and English second. Nothing else in trygg may spell these codes
out as literals except through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    """One catalogue entry: a stable code with a Swedish and an English name."""

    code: str
    name_sv: str
    name_en: str

    def name(self, language: str = "sv") -> str:
        """The entry's name in ``language`` ("sv" or "en"; anything else falls back to Swedish)."""
        return self.name_en if language.startswith("en") else self.name_sv


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


def _functions(kind: FunctionKind, *rows: tuple[str, str, str]) -> tuple[Function, ...]:
    return tuple(Function(code, sv, en, kind) for code, sv, en in rows)


BASE_FUNCTIONS = _functions(
    FunctionKind.BASE,
    ("info_comms", "Information och kommunikation", "Information and communication"),
    ("heating", "Värme", "Heating"),
    ("electricity", "El", "Electricity"),
    ("drinking_water", "Dricksvatten", "Drinking water"),
    ("hygiene_sanitation", "Hygien och sanitet", "Hygiene and sanitation"),
    ("robust_telecom", "Robust elektronisk kommunikation", "Robust electronic communications"),
    ("food", "Mat", "Food"),
)

COMPLEMENTARY_FUNCTIONS = _functions(
    FunctionKind.COMPLEMENTARY,
    ("fuel", "Drivmedel", "Fuel"),
    ("overnight", "Övernattning", "Overnight stay"),
    ("crisis_support", "Krisstöd", "Crisis support"),
    ("basic_health_care", "Enklare sjukvård", "Basic health care"),
    ("family_corner", "Familjehörna för lek och vila", "Family corner for play and rest"),
    ("physical_protection", "Fysiskt skydd (skyddsrum)", "Physical protection (shelters)"),
    ("evacuation_billeting", "Evakuering och inkvartering", "Evacuation and billeting"),
    ("order_security", "Ordning och säkerhet", "Order and security"),
)

FUNCTIONS: dict[str, Function] = {f.code: f for f in BASE_FUNCTIONS + COMPLEMENTARY_FUNCTIONS}

STAFF_ROLES: dict[str, StaffRole] = {
    r.code: r
    for r in (
        StaffRole("point_manager", "Platsansvarig", "Point manager"),
        StaffRole("communicator", "Kommunikatör", "Communicator"),
        StaffRole("rakel_operator", "Rakeloperatör", "Rakel operator"),
        StaffRole("tech_backup_power", "Tekniker reservkraft", "Technician, backup power"),
        StaffRole("tech_telephony", "Tekniker telefoni", "Technician, telephony"),
        StaffRole("tech_it", "Tekniker IT", "Technician, IT"),
        StaffRole("tech_heating", "Tekniker värme", "Technician, heating"),
        StaffRole("food_distribution", "Matutdelning", "Food distribution"),
        StaffRole("emergency_water", "Nödvattenutrustning", "Emergency water equipment"),
        StaffRole("facility_care", "Fastighetsskötsel och städning", "Facility care and cleaning"),
        StaffRole("childcare", "Barnomsorg", "Childcare"),
        StaffRole("care_staff", "Vård- och omsorgspersonal, krisstöd", "Care staff and crisis support"),
        StaffRole("guard", "Väktare och ordningsvakter", "Guards"),
        StaffRole("evacuation_leader", "Utrymningsledare", "Evacuation leader"),
        StaffRole("language_staff", "Personal som talar andra språk", "Staff who speak other languages"),
    )
}

_L = LoadClass
EQUIPMENT: dict[str, Equipment] = {
    e.code: e
    for e in (
        Equipment("backup_generator", "Reservkraftaggregat", "Backup generator"),
        Equipment("backup_boiler", "Reservpanna", "Backup boiler", _L.HEATING, 0.5),
        Equipment("space_heater", "Elradiator eller värmefläkt", "Electric space heater", _L.HEATING, 2.0),
        Equipment("hot_air_cannon", "Varmluftskanon", "Hot-air cannon", _L.HEATING, 9.0),
        Equipment("emergency_water_tank", "Nödvattentank", "Emergency water tank"),
        Equipment("water_pump", "Vattenpump", "Water pump", _L.WATER_PUMPS, 1.1),
        Equipment("first_aid_kit", "Första hjälpen-utrustning", "First-aid kit"),
        Equipment("defibrillator", "Hjärtstartare", "Defibrillator", _L.OTHER, 0.01),
        Equipment("firefighting_equipment", "Brandsläcknings- och räddningsutrustning", "Fire-fighting and rescue equipment"),
        Equipment("latrine", "Latrinkärl och latrinpåsar", "Latrine containers and bags"),
        Equipment("hygiene_articles", "Hygienartiklar", "Hygiene articles"),
        Equipment("lighting", "Belysning", "Lighting", _L.LIGHTING, 0.5),
        Equipment("tv", "TV", "TV", _L.IT_COMMS, 0.15),
        Equipment("radio", "Radio (batteri eller vev)", "Radio (battery or wind-up)", _L.IT_COMMS, 0.01),
        Equipment("shortwave_radio", "Kortvågsradio", "Short-wave radio", _L.IT_COMMS, 0.1),
        Equipment("telephone", "Telefon", "Telephone", _L.IT_COMMS, 0.02),
        Equipment("satellite_phone", "Satellittelefon", "Satellite phone", _L.IT_COMMS, 0.02),
        Equipment("rakel_terminal", "Rakelterminal", "Rakel terminal", _L.IT_COMMS, 0.02),
        Equipment("computer_wifi", "Dator och wifi", "Computer and wifi", _L.IT_COMMS, 0.2),
        Equipment("phone_charging", "Laddstation för många telefoner", "Charging station for many phones", _L.CHARGING, 0.5),
        Equipment("beds", "Sängar eller fältsängar", "Beds or camp beds"),
        Equipment("blankets", "Filtar", "Blankets"),
        Equipment("sleeping_mats", "Liggunderlag", "Sleeping mats"),
        Equipment("kitchen", "Utrustat kök och serveringsutrustning", "Equipped kitchen and serving gear", _L.KITCHEN, 12.0),
        Equipment("food_supply", "Livsmedel", "Food supplies"),
        Equipment("vehicles", "Bilar eller motorcyklar för transport och ordonnans", "Cars or motorcycles for transport and messengers"),
    )
}

# Point kinds (R1, vocabulary): one concept under the names in use.
POINT_KINDS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("trygghetspunkt", "Trygghetspunkt", "Trygghetspunkt (safety point)"),
        Entry("sot_punkt", "SOT-punkt", "SOT-punkt (service and safety point)"),
        Entry("varmestuga", "Värmestuga", "Värmestuga (warming hut)"),
        Entry("krispunkt", "Krispunkt", "Krispunkt (crisis point)"),
        Entry("trygghetsplats", "Trygghetsplats", "Trygghetsplats (safety place)"),
    )
}

# Candidate premises (R1).
SITE_KINDS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("library", "Bibliotek", "Library"),
        Entry("contact_centre", "Kontaktcenter", "Contact centre"),
        Entry("school", "Skola", "School"),
        Entry("sports_hall", "Sporthall", "Sports hall"),
        Entry("swimming_hall", "Simhall", "Swimming hall"),
        Entry("hotel", "Hotell", "Hotel"),
        Entry("conference_centre", "Konferensanläggning", "Conference centre"),
        Entry("hostel", "Vandrarhem", "Hostel"),
        Entry("folk_high_school", "Folkhögskola", "Folk high school"),
        Entry("course_centre", "Kursgård", "Course centre"),
        Entry("village_hall", "Bygdegård", "Village hall (bygdegård)"),
        Entry("church", "Kyrkans lokaler", "Church premises"),
        Entry("grocery_store", "Dagligvarubutik", "Grocery store"),
        Entry("fuel_station", "Drivmedelsstation", "Fuel station"),
        Entry("service_office", "Servicepunkt eller servicekontor", "Service point or office"),
        Entry("other_private", "Annan privat byggnad (t.ex. köpcentrum)", "Other private building (e.g. mall)"),
        Entry("other", "Annan lokal", "Other premises"),
    )
}

# The questions every plan must answer about activation (R6).
ACTIVATION_QUESTIONS: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry("who_decides", "Vem beslutar om aktivering?", "Who decides to activate?"),
        Entry("who_starts", "Vem startar arbetet?", "Who starts the work?"),
        Entry("staffing_endurance", "Hur bemannas punkten och hur håller bemanningen över tid?", "How is it staffed and how does staffing endure?"),
        Entry("other_rules", "Vilka andra regler gäller för punkten?", "Which other rules apply to the point?"),
        Entry("capacity", "Hur många personer kan punkten ta emot?", "How many people can it take?"),
        Entry("access", "Hur görs lokalerna tillgängliga?", "How are the premises made accessible?"),
        Entry("robust_comms", "Vad gör punktens kommunikation robust?", "What makes its communications robust?"),
        Entry("closing", "När och hur avvecklas punkten, och vem ansvarar?", "When and how does it close, and who is responsible?"),
    )
}


def name_of(code: str, table: dict[str, Entry] | dict[str, Function] | dict[str, StaffRole] | dict[str, Equipment], language: str = "sv") -> str:
    """The display name of ``code`` in ``table``; the code itself if unknown (never raises in a view)."""
    entry = table.get(code)
    return entry.name(language) if entry else code
