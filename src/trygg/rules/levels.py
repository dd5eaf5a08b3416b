"""Nivå 1/2/3 and what each requires (R2, with the base functions of R6).

Every requirement here is one row of data; the readiness check
(:mod:`trygg.rules.readiness`) walks these rows, so a rule changes in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from trygg.text import N_, Text


class Level(IntEnum):
    """The level of a trygghetspunkt (R2)."""

    ONE = 1  # usable a short time, a few hours daytime
    TWO = 2  # usable most of the day, no overnight stay
    THREE = 3  # 24-hour stay, including sleeping


class BackupPower(StrEnum):
    """What the premises have for electricity when the grid fails (R1, R6)."""

    NONE = "none"
    CONNECTION_POINT = "connection_point"  # prepared hookup for a mobile generator
    FIXED = "fixed"  # installed backup generator


@dataclass(frozen=True)
class LevelDefinition:
    level: Level
    label: Text
    explanation: Text
    daily_open_hours: tuple[int, int]  # (opens, closes) on a 24-hour clock; (0, 24) = around the clock
    overnight: bool

    def name(self, language: str = "sv") -> str:
        return self.label.in_language(language)

    def description(self, language: str = "sv") -> str:
        return self.explanation.in_language(language)


LEVELS: dict[Level, LevelDefinition] = {
    Level.ONE: LevelDefinition(
        Level.ONE, N_("Level 1"),
        N_("Usable for a short time, a few hours in the daytime. Drinks and light food."),
        (10, 16), False,
    ),
    Level.TWO: LevelDefinition(
        Level.TWO, N_("Level 2"),
        N_("Usable most of the day, no overnight stay. Food and meals."),
        (7, 22), False,
    ),
    Level.THREE: LevelDefinition(
        Level.THREE, N_("Level 3"),
        N_("24-hour stay including sleeping. Beds, overnight staffing and fire safety for 24-hour stay."),
        (0, 24), True,
    ),
}

# Functions every point must provide, by the lowest level that requires it (R2, R6).
# Level 1 needs "drinks and light food at most", so food becomes required from level 2.
REQUIRED_FUNCTIONS: dict[str, Level] = {
    "heating": Level.ONE,
    "info_comms": Level.ONE,
    "drinking_water": Level.ONE,
    "hygiene_sanitation": Level.ONE,
    "electricity": Level.ONE,
    "robust_telecom": Level.ONE,
    "food": Level.TWO,
    "overnight": Level.THREE,
}

# Equipment a plan must list, by the lowest level that requires it, with
# alternatives that satisfy the same need (any one of them is enough).
REQUIRED_EQUIPMENT: dict[tuple[str, ...], Level] = {
    ("first_aid_kit",): Level.ONE,
    ("radio", "shortwave_radio", "tv"): Level.ONE,
    ("phone_charging",): Level.ONE,
    ("firefighting_equipment",): Level.ONE,
    ("kitchen",): Level.TWO,
    ("beds", "sleeping_mats"): Level.THREE,
    ("blankets",): Level.THREE,
}

# Backup power that counts as "electricity in place" (R2: fixed backup power or a prepared connection point).
ACCEPTED_BACKUP_POWER = frozenset({BackupPower.FIXED, BackupPower.CONNECTION_POINT})


def requires(level: Level | int, lowest: Level) -> bool:
    """True when a requirement introduced at ``lowest`` applies to a point of ``level``."""
    return Level(level) >= lowest


#: Litres of fuel no point holds: more than the largest fixed tank at any point; beyond it a number is a typo.
MAX_FUEL_L = 100_000.0


def required_functions(level: Level | int) -> list[str]:
    """Function codes a point of ``level`` must provide, in catalogue order."""
    return [code for code, lowest in REQUIRED_FUNCTIONS.items() if requires(level, lowest)]
