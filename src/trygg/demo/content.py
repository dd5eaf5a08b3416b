"""What the demo holds beyond the open data: points, plans, people.

The places are real (see ``trygg/data/SOURCES.md``); which premises are
points, their levels and plans are invented but plausible, and chosen so the
readiness check finds real gaps. Names of invented organisations end in
"(demo)".
"""

from __future__ import annotations

from dataclasses import dataclass, field

COUNTY_CODE = "23"
COUNTY_NAME = "Länsstyrelsen i Jämtlands län"
MUNICIPALITY_NAMES = {
    "2303": "Ragunda kommun", "2305": "Bräcke kommun", "2309": "Krokoms kommun", "2313": "Strömsunds kommun",
    "2321": "Åre kommun", "2326": "Bergs kommun", "2361": "Härjedalens kommun", "2380": "Östersunds kommun",
}
DEMO_PASSWORD = "trygg-demo"


def demo_phone(n: int) -> str:
    """A number from PTS' range reserved for fiction (070-174 06 05 to 070-174 06 99): never a real person's."""
    assert 5 <= n <= 99
    return f"070-174 06 {n:02d}"


@dataclass(frozen=True)
class OrgSpec:
    """An actor of the directory (R10). Phone numbers, e-mail and talkgroups are invented."""

    key: str
    name: str
    kind: str
    municipality: str | None  # None: at county level
    crisis_role: str = ""
    rakel: str = ""
    phone: str = ""
    email: str = ""
    reachable: str = ""


ALWAYS = "Dygnet runt"
OFFICE = "Vardagar 8–16; i kris via länets samverkan"

ORGANISATIONS = (
    # The actors R10 names, at county level.
    OrgSpec("police", "Polisen, polisregion Mitt (demo)", "authority", None,
            "Ordning och säkerhet, avspärrning, efterforskning; polisiär insatschef", "Z POLIS SAMV (demo)",
            demo_phone(10), "regionledningscentral.mitt@polisen.example", "Dygnet runt; akut 112, annars 114 14"),
    OrgSpec("rescue", "Räddningstjänsten Jämtland (demo)", "authority", None,
            "Räddningstjänst och räddningsledning; inre befäl dygnet runt", "Z RTJ LEDN (demo)",
            demo_phone(11), "inre.befal@raddningstjanst.example", ALWAYS),
    OrgSpec("sos", "SOS Alarm, larmcentral Östersund (demo)", "authority", None,
            "Tar emot 112-samtal och larmar ut räddningstjänst, ambulans och polis", "Z SOS (demo)",
            demo_phone(12), "ostersund@sosalarm.example", "Dygnet runt; nödsamtal alltid 112"),
    OrgSpec("region", "Region Jämtland Härjedalen (demo)", "authority", None,
            "Hälso- och sjukvård; tjänsteperson i beredskap (TiB) och särskild sjukvårdsledning",
            "Z REGION TIB (demo)", demo_phone(13), "tib@regionjh.example", ALWAYS),
    OrgSpec("armed-forces", "Försvarsmakten, Jämtlands fältjägarregemente (demo)", "authority", None,
            "Stöd till samhället (lag 2002:375), hemvärnet", "Z FM SAMV (demo)",
            demo_phone(14), "vakthavande.i5@mil.example", "Vakthavande befäl dygnet runt"),
    OrgSpec("transport", "Trafikverket, region Mitt (demo)", "authority", None,
            "Statliga vägar och järnväg: framkomlighet, röjning, trafikinformation", "Z TRV (demo)",
            demo_phone(15), "trafikledning.mitt@trafikverket.example", "Trafikledningen dygnet runt"),
    OrgSpec("church-diocese", "Svenska kyrkan, Härnösands stift (demo)", "volunteer", None,
            "Krisstöd (POSOM), lokaler, samordning av församlingarna", "", demo_phone(16),
            "beredskap@svenskakyrkan.example", OFFICE),
    OrgSpec("civil-defence", "Civilförsvarsförbundet Jämtland (demo)", "volunteer", None,
            "Utbildar och leder frivilliga resursgrupper (FRG)", "", demo_phone(17),
            "jamtland@civil.example", OFFICE),
    OrgSpec("radio-volunteers", "Frivilliga radioorganisationen Jämtland (demo)", "volunteer", None,
            "Sambandsstöd: reservsamband med radio när telenätet ligger nere", "Z FRO (demo)",
            demo_phone(18), "jamtland@fro.example", "Larmas via länsstyrelsens TiB"),
    OrgSpec("lottor", "Lottakåren Jämtland (demo)", "volunteer", None,
            "Förstärkning av kommunernas krisberedskap: bemanning, förplägnad", "", demo_phone(19),
            "jamtland@lottor.example", OFFICE),
    OrgSpec("telecom", "Teleoperatören (demo)", "company", None,
            "Mobil- och fastnät: avbrott, reservkraft i basstationer, prioritering", "", demo_phone(20),
            "driftcentral@tele.example", "Driftcentralen dygnet runt"),
    OrgSpec("grid", "Elnätsbolaget (demo)", "company", None, "Elnät: återställning och prioritering", "",
            demo_phone(21), "driftcentral@elnat.example", "Driftcentralen dygnet runt"),
    # Local organisations.
    OrgSpec("frg-krokom", "FRG Krokom (demo)", "volunteer", "2309", "Frivilliga resursgruppen: bemanning av trygghetspunkter",
            phone=demo_phone(30), email="frg@krokom.example", reachable="Larmas via kommunens TiB"),
    OrgSpec("frg-are", "FRG Åre (demo)", "volunteer", "2321", "Frivilliga resursgruppen: bemanning av trygghetspunkter",
            phone=demo_phone(31), email="frg@are.example", reachable="Larmas via kommunens TiB"),
    OrgSpec("rk-ostersund", "Röda Korset Östersund (demo)", "volunteer", "2380", "Krisstöd och bemanning",
            phone=demo_phone(32), email="ostersund@rodakorset.example", reachable=OFFICE),
    OrgSpec("kyrkan-are", "Svenska kyrkan i Åre (demo)", "volunteer", "2321", "Krisstöd, lokaler",
            phone=demo_phone(33), email="are@svenskakyrkan.example", reachable=OFFICE),
    OrgSpec("kyrkan-ostersund", "Svenska kyrkan i Östersund (demo)", "volunteer", "2380", "Krisstöd (POSOM), lokaler",
            phone=demo_phone(34), email="ostersund@svenskakyrkan.example", reachable=OFFICE),
    OrgSpec("by-kall", "Kalls byaförening (demo)", "volunteer", "2321", "Driver SOT-punkt Kall",
            phone=demo_phone(40), email="sot@kall.example", reachable="Ordförande, mobil"),
    OrgSpec("by-lillhardal", "Lillhärdals byaförening (demo)", "volunteer", "2361", "Driver SOT-punkt Lillhärdal",
            phone=demo_phone(41), email="sot@lillhardal.example", reachable="Ordförande, mobil"),
    OrgSpec("by-borgvattnet", "Borgvattnets byaförening (demo)", "volunteer", "2303", "Driver SOT-punkt Borgvattnet",
            phone=demo_phone(42), email="sot@borgvattnet.example", reachable="Ordförande, mobil"),
    OrgSpec("by-valsjobyn", "Valsjöbyns byalag (demo)", "volunteer", "2309", "Bygger upp SOT-punkt Valsjöbyn",
            phone=demo_phone(43), email="sot@valsjobyn.example", reachable="Ordförande, mobil"),
    OrgSpec("by-rotviken", "Rötvikens byalag (demo)", "volunteer", "2309", "Bygger upp SOT-punkt Rötviken",
            phone=demo_phone(44), email="sot@rotviken.example", reachable="Ordförande, mobil"),
    OrgSpec("fuel-supplier", "Drivmedelsleverantör Jämtland (demo)", "company", "2380", "Leverans av diesel till reservkraft",
            phone=demo_phone(45), email="order@drivmedel.example", reachable="Jour dygnet runt vid avtal"),
)


@dataclass(frozen=True)
class PlanSpec:
    """How complete a demo plan is. Everything the level requires, minus what is listed as missing."""

    missing_functions: tuple[str, ...] = ()
    missing_equipment: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    understaffed: tuple[str, ...] = ()  # roles with fewer assigned than needed
    no_overnight_staff: bool = False
    fuel_arranged: bool | None = True
    extra_functions: tuple[str, ...] = ()
    extra_equipment: tuple[tuple[str, int, float | None], ...] = ()


@dataclass(frozen=True)
class PointSpec:
    ref: str
    municipality: str
    name: str
    kind: str
    level: int
    state: str
    site: str  # name of a site from the service-point list (or a demo site below)
    capacity_day: int
    capacity_night: int = 0
    priority: int | None = None
    languages: str = "sv, en"
    opening_hours: str = ""
    public: bool = True
    plan: PlanSpec | None = None
    # SOT-punkt
    sot_process: str = ""
    sot_fuel: str | None = None
    sot_org: str | None = None
    sot_info_node: bool | None = None
    sot_command_place: bool | None = None
    sot_feeds: tuple[bool | None, bool | None] = (None, None)
    sot_org_activates: bool | None = None
    backup: tuple[str, float | None, float | None] = ("none", None, None)  # kind, kW, tank litres
    fire_safety_24h: bool | None = None
    floor_area_m2: float | None = None
    heat_source: str = ""
    accessible: bool | None = True
    manager: str = ""


@dataclass(frozen=True)
class DemoSite:
    """A site the open data lacks, added for the demo (marked so in its notes)."""

    name: str
    municipality: str
    kind: str
    locality: str
    notes: str


DEMO_SITES: tuple[DemoSite, ...] = (
    DemoSite("Kall drivmedel (vid lanthandeln)", "2321", "fuel_station", "Kall",
             "Demo: SOT-punkt Kall serves food and fuel (lansstyrelsen.se); pumps assumed at the store."),
    DemoSite("Härdalsbuda drivmedel", "2361", "fuel_station", "Lillhärdal",
             "Demo: the SOT container feeds the store and the fuel pumps (herjedalen.se); pumps assumed at the store."),
)

# --- access analysis (issue 12): the towns' everyday stores and fuel stations ---
# The web-sourced list names village stores but none in Östersund, Krokom or Bräcke
# and few in the other towns, so the store and fuel access analysis said Östersund's
# residents were 30+ km from a store. Every locality below has at least one grocery
# store (resp. fuel station) in reality; one site stands for them, at the tätort point.
_TOWN_SERVICES: dict[str, dict[str, tuple[str, ...]]] = {
    "2380": {"grocery_store": ("Östersund", "Lit"), "fuel_station": ("Östersund", "Lit")},
    "2309": {"grocery_store": ("Krokom", "Nälden", "Föllinge"), "fuel_station": ("Krokom", "Föllinge")},
    "2305": {"grocery_store": ("Bräcke", "Gällö", "Kälarne"), "fuel_station": ("Bräcke", "Gällö")},
    "2303": {"grocery_store": ("Hammarstrand", "Stugun", "Västra Bispgården"), "fuel_station": ("Hammarstrand",)},
    "2313": {"grocery_store": ("Strömsund", "Hammerdal"), "fuel_station": ("Strömsund",)},
    "2321": {"grocery_store": ("Järpen", "Mörsil", "Undersåker"), "fuel_station": ("Järpen", "Åre")},
    "2326": {"grocery_store": ("Svenstavik", "Hackås"), "fuel_station": ()},
    "2361": {"grocery_store": ("Funäsdalen", "Hede", "Ytterhogdal"), "fuel_station": ("Funäsdalen", "Hede")},
}
_TOWN_SITE_NAMES = {"grocery_store": "Dagligvarubutik i {}", "fuel_station": "Drivmedelsstation i {}"}

DEMO_SITES += tuple(
    DemoSite(_TOWN_SITE_NAMES[kind].format(locality), code, kind, locality,
             "Demo: stands for the locality's grocery stores or fuel stations (not in the bundled list); "
             "placed at the tätort point.")
    for code, kinds in _TOWN_SERVICES.items() for kind, localities in kinds.items() for locality in localities
)

FULL = PlanSpec()
_SOT_OPEN = "Vardagar 10–18, helger 10–15; vid störning enligt beslut"

POINTS = (
    # The SOT-punkter (R3), at their villages.
    PointSpec("SOT-KALL", "2321", "SOT-punkt Kall", "sot_punkt", 2, "ready", "Lanthandeln i Kall", 60, priority=1,
              opening_hours=_SOT_OPEN, plan=PlanSpec(extra_functions=("fuel",), unanswered=("other_rules",)),
              sot_process="operational", sot_fuel="Kall drivmedel (vid lanthandeln)", sot_org="by-kall",
              sot_info_node=True, sot_command_place=True, sot_feeds=(True, True), sot_org_activates=True,
              backup=("fixed", 60, 1000), heat_source="oil_boiler", floor_area_m2=250, manager="Kalls byaförening"),
    PointSpec("SOT-LILLHARDAL", "2361", "SOT-punkt Lillhärdal", "sot_punkt", 2, "ready", "Härdalsbuda", 50, priority=2,
              opening_hours=_SOT_OPEN, plan=PlanSpec(extra_functions=("fuel",), missing_equipment=("phone_charging",)),
              sot_process="operational", sot_fuel="Härdalsbuda drivmedel", sot_org="by-lillhardal",
              sot_info_node=True, sot_command_place=True, sot_feeds=(True, True), sot_org_activates=True,
              backup=("fixed", 40, 600), heat_source="electric", floor_area_m2=200, manager="Lillhärdals byaförening"),
    PointSpec("SOT-BORGVATTNET", "2303", "SOT-punkt Borgvattnet", "sot_punkt", 2, "ready",
              "Affärn i Borgvattnet (Brännholms Lanthandel)", 40, priority=1, opening_hours=_SOT_OPEN,
              plan=PlanSpec(extra_functions=("fuel",), unanswered=("access", "closing")),
              sot_process="operational", sot_fuel="Borgvattnet fuel station (opposite the store)", sot_org="by-borgvattnet",
              sot_info_node=True, sot_command_place=True, sot_feeds=(True, True), sot_org_activates=True,
              backup=("fixed", 40, 500), heat_source="electric", floor_area_m2=180, manager="Borgvattnets byaförening"),
    PointSpec("SOT-VALSJOBYN", "2309", "SOT-punkt Valsjöbyn", "sot_punkt", 2, "decided", "Valsjöbua", 40, priority=2,
              opening_hours=_SOT_OPEN, plan=PlanSpec(missing_equipment=("firefighting_equipment",), understaffed=("communicator",),
                                                     unanswered=("robust_comms",), fuel_arranged=False),
              sot_process="in_progress", sot_fuel=None, sot_org="by-valsjobyn",
              sot_info_node=True, sot_command_place=None, sot_feeds=(True, None), sot_org_activates=True,
              backup=("fixed", 30, 400), heat_source="electric", floor_area_m2=150, manager="Valsjöbyns byalag"),
    PointSpec("SOT-ROTVIKEN", "2309", "SOT-punkt Rötviken", "sot_punkt", 2, "decided", "Handlar'n Rötviken", 40, priority=3,
              opening_hours=_SOT_OPEN, plan=PlanSpec(missing_functions=("robust_telecom",), unanswered=("staffing_endurance", "closing")),
              sot_process="in_progress", sot_fuel="Rötviken bensinmack", sot_org="by-rotviken",
              sot_info_node=None, sot_command_place=True, sot_feeds=(True, True), sot_org_activates=None,
              backup=("fixed", 40, 500), heat_source="electric", floor_area_m2=160, manager="Rötvikens byalag"),
    PointSpec("SOT-STORABLASJON", "2313", "SOT-punkt Stora Blåsjön", "sot_punkt", 1, "planned", "Stora Blåsjön local shop", 30,
              priority=3, public=False, plan=None, sot_process="idea", sot_fuel="Stora Blåsjön gas station",
              sot_feeds=(None, None), backup=("none", None, None)),
    # Trygghetspunkter in every municipality.
    PointSpec("OSD-BIBL", "2380", "Trygghetspunkt Östersunds bibliotek", "trygghetspunkt", 2, "ready",
              "Östersunds bibliotek (huvudbiblioteket)", 300, priority=1, languages="sv, en, ar, so, fa, uk",
              opening_hours="08–22 vid aktivering", plan=FULL, backup=("fixed", 100, 1500), heat_source="district_heating",
              floor_area_m2=1800, manager="Kulturförvaltningen"),
    PointSpec("OSD-PARK", "2380", "Trygghetspunkt Parkskolan", "trygghetspunkt", 3, "planned", "Parkskolan", 200, 0,
              priority=2, languages="sv, en, ar", opening_hours="Dygnet runt vid aktivering",
              plan=PlanSpec(missing_equipment=("beds", "blankets"), no_overnight_staff=True, unanswered=("capacity",)),
              backup=("connection_point", None, None), fire_safety_24h=None, heat_source="district_heating",
              floor_area_m2=900, manager="Barn- och utbildningsförvaltningen"),
    PointSpec("OSD-LIT", "2380", "Trygghetspunkt Lit", "trygghetspunkt", 1, "candidate", "Lits bibliotek", 60, priority=3,
              plan=None, public=False),
    PointSpec("KRK-HALL", "2309", "Trygghetspunkt Krokoms sportcenter", "trygghetspunkt", 3, "decided",
              "Allaktivitetshallen Krokom (Krokoms Sportcenter)", 250, 120, priority=1, languages="sv, en, ar, ti",
              opening_hours="Dygnet runt vid aktivering", plan=PlanSpec(understaffed=("guard", "care_staff")),
              backup=("fixed", 100, 2000), fire_safety_24h=True, heat_source="district_heating", floor_area_m2=2400,
              manager="Fritidsenheten"),
    PointSpec("KRK-FOLL", "2309", "Trygghetspunkt Föllinge", "trygghetspunkt", 1, "planned", "Servicekontor Föllinge", 40,
              priority=4, plan=PlanSpec(missing_equipment=("firefighting_equipment",), unanswered=("who_starts",)),
              backup=("connection_point", None, None), heat_source="electric", floor_area_m2=120),
    PointSpec("KRK-CED", "2309", "Cederbergsskolan", "trygghetspunkt", 2, "candidate", "Cederbergsskolan", 150, priority=5,
              plan=None, public=False),
    PointSpec("ARE-BIBL", "2321", "Trygghetspunkt Åre bibliotek", "trygghetspunkt", 1, "ready",
              "Åre bibliotek (stationshuset, with turistbyrå)", 80, priority=2, languages="sv, en, de, no",
              opening_hours="10–16 vid aktivering", plan=FULL, backup=("connection_point", None, None),
              heat_source="electric", floor_area_m2=300),
    PointSpec("ARE-DUVED", "2321", "Trygghetspunkt Duveds skola", "trygghetspunkt", 2, "planned", "Duveds skola", 150,
              priority=3, plan=PlanSpec(missing_functions=("food",), missing_equipment=("kitchen",), fuel_arranged=None),
              backup=("none", None, None), heat_source="district_heating", floor_area_m2=700),
    PointSpec("ARE-HALLEN", "2321", "Allhuset Hallen", "krispunkt", 1, "candidate", "Allhuset (Hallen bibliotek/bykontor)",
              40, priority=4, plan=None, public=False),
    PointSpec("HJD-SVEG", "2361", "Trygghetspunkt Svegs bibliotek", "trygghetspunkt", 2, "ready",
              "Svegs bibliotek (huvudbibliotek)", 120, priority=1, plan=FULL, backup=("fixed", 60, 800),
              heat_source="district_heating", floor_area_m2=600),
    PointSpec("HJD-HEDE", "2361", "Trygghetspunkt Sonfjällskolan", "trygghetspunkt", 3, "planned", "Sonfjällskolan", 120,
              60, priority=3, plan=PlanSpec(fuel_arranged=False, understaffed=("tech_backup_power",)),
              backup=("fixed", 60, 600), fire_safety_24h=False, heat_source="pellet_boiler", floor_area_m2=800),
    PointSpec("HJD-FUN", "2361", "Värmestuga Funäsdalen", "varmestuga", 1, "decided", "Funäsdalens bibliotek", 50,
              priority=4, languages="sv, en, no", plan=PlanSpec(unanswered=("other_rules",)),
              backup=("connection_point", None, None), heat_source="electric", floor_area_m2=200),
    PointSpec("BRG-SVEN", "2326", "Trygghetspunkt Svenstahallen", "trygghetspunkt", 3, "planned",
              "Svenstahallen (Svenstaviks sporthall)", 150, 80, priority=1,
              plan=PlanSpec(missing_equipment=("blankets",), unanswered=("robust_comms", "closing")),
              backup=("connection_point", None, None), fire_safety_24h=True, heat_source="district_heating",
              floor_area_m2=1200),
    PointSpec("BRG-KLOV", "2326", "Klövsjö skola", "trygghetspunkt", 1, "candidate",
              "Klövsjö skola", 60, priority=2, plan=None, public=False),
    PointSpec("BRA-FH", "2305", "Trygghetspunkt Bräcke Folkets hus", "trygghetspunkt", 2, "decided",
              "Bräcke Folkets hus (Teatersalongen)", 150, priority=1,
              plan=PlanSpec(missing_functions=("robust_telecom",), fuel_arranged=False),
              backup=("fixed", 40, 400), heat_source="electric", floor_area_m2=500),
    PointSpec("BRA-KAL", "2305", "Trygghetspunkt Kälarne skola", "trygghetspunkt", 1, "planned", "Kälarne skola", 60,
              priority=2, plan=PlanSpec(unanswered=("who_decides",)), backup=("connection_point", None, None)),
    PointSpec("RAG-HAM", "2303", "Trygghetspunkt Hammarstrands bibliotek", "trygghetspunkt", 2, "decided",
              "Hammarstrands bibliotek", 80, priority=2, plan=PlanSpec(understaffed=("food_distribution",)),
              backup=("fixed", 30, 300), heat_source="electric", floor_area_m2=300),
    PointSpec("RAG-STU", "2303", "Trygghetspunkt Stuguns skola", "trygghetspunkt", 2, "planned", "Stuguns skola (F-9)", 120,
              priority=3, plan=PlanSpec(missing_functions=("drinking_water",), missing_equipment=("kitchen",)),
              backup=("none", None, None)),
    PointSpec("STR-DUN", "2313", "Trygghetspunkt Dunderhallen", "trygghetspunkt", 3, "decided", "Dunderhallen", 200, 100,
              priority=1, languages="sv, en, ar, so", plan=PlanSpec(understaffed=("evacuation_leader",)),
              backup=("fixed", 100, 1500), fire_safety_24h=True, heat_source="district_heating", floor_area_m2=2000),
    PointSpec("STR-HOT", "2313", "Trygghetspunkt Hoting skola", "trygghetspunkt", 2, "planned", "Hoting skola", 100,
              priority=2, plan=PlanSpec(missing_equipment=("radio",), fuel_arranged=None),
              backup=("connection_point", None, None)),
    PointSpec("STR-GAD", "2313", "Trygghetspunkt Gäddede skola", "trygghetspunkt", 2, "planned",
              "Gäddede skola (full grundskola)", 80, priority=4, plan=PlanSpec(unanswered=("who_starts", "access")),
              backup=("fixed", 40, 500), heat_source="electric"),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str  # SCB code, or an OrgSpec key
    points: tuple[str, ...] = field(default_factory=tuple)  # point refs
    superuser: bool = False


# The national authority the national coordinator belongs to (issue 14): above every county, so not an OrgSpec.
NATIONAL_KEY = "msb"
NATIONAL_NAME = "Myndigheten för samhällsskydd och beredskap, MSB (demo)"

USERS = (
    UserSpec("msb", "Maja", "Nationell samordnare", "national_officer", NATIONAL_KEY),
    UserSpec("lan", "Tina", "Tjänsteman i beredskap", "county_officer", COUNTY_CODE),
    UserSpec("krokom", "Karin", "Krokomsson", "coordinator", "2309"),
    UserSpec("are", "Anders", "Åresson", "coordinator", "2321"),
    UserSpec("ostersund", "Omar", "Östersundsson", "coordinator", "2380"),
    UserSpec("harjedalen", "Hanna", "Härjedalsson", "coordinator", "2361"),
    UserSpec("berg", "Bertil", "Bergsson", "coordinator", "2326"),
    UserSpec("bracke", "Britt", "Bräckesson", "coordinator", "2305"),
    UserSpec("ragunda", "Rasmus", "Ragundasson", "coordinator", "2303"),
    UserSpec("stromsund", "Stina", "Strömsundsson", "coordinator", "2313"),
    UserSpec("kall", "Kerstin", "Kallsson", "point_manager", "by-kall", ("SOT-KALL",)),
    UserSpec("valsjobyn", "Vilhelm", "Valsjö", "staff", "frg-krokom", ("SOT-VALSJOBYN",)),
    UserSpec("partner", "Petra", "Partner", "partner", "grid", ("SOT-KALL", "SOT-VALSJOBYN", "SOT-ROTVIKEN", "KRK-HALL")),
    UserSpec("admin", "Admin", "Administratör", "county_officer", COUNTY_CODE, superuser=True),
)


# How each demo point alarms 112 (SOS Alarm) in an outage (CommsPath.sos_alarm). Some level 2–3 points
# cannot (Valsjöbyn, Parkskolan, Svenstahallen, Hoting) or have not recorded it (Duved, Gäddede): the
# readiness check shows those gaps.
SOS_ALARM = {
    "SOT-KALL": "rakel", "SOT-LILLHARDAL": "satellite_phone", "SOT-BORGVATTNET": "landline_backup",
    "SOT-VALSJOBYN": "none", "SOT-ROTVIKEN": "mobile_backup", "OSD-BIBL": "rakel", "OSD-PARK": "none",
    "KRK-HALL": "rakel", "KRK-FOLL": "mobile_backup", "ARE-BIBL": "landline_backup", "HJD-SVEG": "rakel",
    "HJD-HEDE": "satellite_phone", "HJD-FUN": "none", "BRG-SVEN": "none", "BRA-FH": "landline_backup",
    "RAG-HAM": "rakel", "RAG-STU": "mobile_backup", "STR-DUN": "rakel", "STR-HOT": "none",
}
