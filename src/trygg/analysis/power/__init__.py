"""Backup power and fuel (R5, R6): load budget, generator check, endurance, outage scenarios.

Pure layer: numpy, scipy (HiGHS), shapely, pyproj. The pieces:

* :mod:`.loads` — load classes' simultaneity factors, the heating model and
  the 24-hour load budget;
* :mod:`.generator` — generator ratings, tanks and the sizing flags;
* :mod:`.fuel` — the reference consumption table, its interpolation and
  endurance;
* :mod:`.point` — :func:`check_point`, one point's whole check;
* :mod:`.scenario` — the outage scenario (its file: :mod:`trygg.formats.power_scenario`);
* :mod:`.registry_case` — the scenario built from registry records (the fuel plan);
* :mod:`.simulation`, :mod:`.allocation`, :mod:`.keep_open`, :mod:`.run` —
  the hourly simulation, the priority and LP allocations, and what would
  keep every point open;
* :mod:`.charts`, :mod:`.sheet`, :mod:`.report` — PNG charts, the printable
  generator-and-fuel sheet, plain text.
"""

from trygg.analysis.power.errors import PowerInputError
from trygg.analysis.power.fuel import (
    ConsumptionCurve,
    endurance_h,
    litres_per_hour,
    runs_dry_at,
)
from trygg.analysis.power.generator import (
    DEFAULT_MARGIN,
    DEFAULT_POWER_FACTOR,
    Flag,
    FlagCode,
    GeneratorKind,
    GeneratorSpec,
    Severity,
    check_generator,
)
from trygg.analysis.power.loads import (
    SIMULTANEITY,
    HeatingSpec,
    HeatSource,
    Load,
    LoadBudget,
    OpeningHours,
    load_budget,
)
from trygg.analysis.power.point import PointPowerSpec, PowerCheck, check_point, check_points
from trygg.analysis.power.run import ScenarioRun
from trygg.analysis.power.scenario import (
    Delivery,
    FuelSource,
    OutageArea,
    Scenario,
    ScenarioPoint,
    SourceKind,
    Truck,
    prepare,
)
from trygg.analysis.power.simulation import PowerSource, SimulationResult, simulate

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_POWER_FACTOR",
    "SIMULTANEITY",
    "ConsumptionCurve",
    "Delivery",
    "Flag",
    "FlagCode",
    "FuelSource",
    "GeneratorKind",
    "GeneratorSpec",
    "HeatSource",
    "HeatingSpec",
    "Load",
    "LoadBudget",
    "OpeningHours",
    "OutageArea",
    "PointPowerSpec",
    "PowerCheck",
    "PowerInputError",
    "PowerSource",
    "Scenario",
    "ScenarioPoint",
    "ScenarioRun",
    "Severity",
    "SimulationResult",
    "SourceKind",
    "Truck",
    "check_generator",
    "check_point",
    "check_points",
    "endurance_h",
    "litres_per_hour",
    "load_budget",
    "prepare",
    "runs_dry_at",
    "simulate",
]
