"""Benchmark: p-median on the TSPLIB instances of the exact p-median literature.

Run: ``.venv/bin/python bench/bench_tsplib.py`` (every instance of the table,
hours in all), ``--quick`` (each capped at 60 s), ``--only rl1304,fl1400`` (instances
whose name contains one of the texts), ``--p 5,10`` (only those p).

Instances (bench/data/tsplib, see its NOTICE) are read by trygg's TSPLIB
reader with the literature's convention: every node a demand point of weight 1
and a candidate, cost = Euclidean distance rounded down. The published optima
and the one-thread times of the 2023 Benders method and of ZEBRA come from
Durán-Mateluna, Alès and Elloumi, "An efficient Benders decomposition for the
p-median problem", EJOR 308 (2023), Table 2 (a "<=" time there is shown as its
bound; "-" is that code's 10 h time limit or out of memory).

Each instance runs :class:`PMedian` (``method="exact"``) in a fresh process, so
the peak memory (VmHWM) is that run's alone; the time includes reading the
file and building the cost matrix. Its time limit is max(2 x Benders time,
30 s) unless capped. The bench checks what it prints: a run that claims a
proof (gap 0) must be at the published optimum, no solution may be cheaper
than the published optimum and no bound above it; any contradiction makes it
exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "bench" / "data" / "tsplib"
QUICK_CAP_S = 60.0
GRACE_S = 120.0  # reading, the cost matrix and the final answer on top of the solver budget


@dataclass(frozen=True)
class Published:
    instance: str
    p: int
    optimum: int
    benders_s: float
    zebra_s: float | None  # None: ZEBRA hit its time limit or ran out of memory


# Durán-Mateluna, Alès and Elloumi (2023), Table 2.
TABLE = [
    Published("rl1304", 5, 3_099_073, 2.8, 1233), Published("rl1304", 10, 2_134_295, 15.4, 1060),
    Published("rl1304", 20, 1_412_108, 2.3, 61), Published("rl1304", 50, 795_012, 1.5, 8.3),
    Published("rl1304", 100, 491_639, 2.4, 3.6), Published("rl1304", 200, 268_573, 0.5, 0.9),
    Published("rl1304", 300, 177_326, 0.5, 0.9), Published("rl1304", 400, 128_332, 0.5, 0.9),
    Published("rl1304", 500, 97_024, 0.5, 0.9),
    Published("fl1400", 5, 174_877, 2.1, 245), Published("fl1400", 10, 100_601, 2.1, 72),
    Published("fl1400", 20, 57_191, 2.1, 10), Published("fl1400", 50, 28_486, 2.1, 2.5),
    Published("fl1400", 100, 15_962, 2.1, 5.0), Published("fl1400", 200, 8_806, 26.9, 305),
    Published("fl1400", 300, 6_109, 385, None), Published("fl1400", 400, 4_648, 32_655, None),
    Published("u1432", 5, 1_210_126, 1.8, 324), Published("u1432", 50, 362_072, 1610, 128),
    Published("u1432", 500, 93_200, 0.3, 0.1),
    Published("pcb3038", 5, 1_777_835, 55, None), Published("pcb3038", 10, 1_211_704, 18, 19_526),
    Published("pcb3038", 100, 351_500, 96, 346), Published("pcb3038", 500, 134_798, 4, 17),
    Published("rl5934", 10, 9_792_218, 1864, None), Published("rl5934", 20, 6_716_215, 14_725, None),
    Published("rl5934", 1000, 558_167, 45, 731), Published("rl5934", 1500, 373_566, 7, 2),
    Published("usa13509", 10, 398_561_730, 755, None), Published("usa13509", 100, 108_002_205, 4043, None),
    Published("usa13509", 300, 59_340_915, 1744, 18_760), Published("usa13509", 500, 44_469_860, 3945, 25_105),
    Published("usa13509", 1000, 29_268_216, 1382, None), Published("usa13509", 5000, 7_608_605, 61, 86),
]


def peak_rss_mb() -> float:
    """Peak resident memory (MB) of this process (HiGHS runs inside it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker_main(instance: str, p: int, time_limit_s: float) -> None:
    """Solve one instance and print one ``RESULT {json}`` line."""
    import numpy as np

    from trygg.analysis.locate import PMedian
    from trygg.analysis.locate.tsplib import read_tsplib

    started = time.perf_counter()
    costs = read_tsplib(FOLDER / f"{instance}.tsp").costs("floor")
    model = PMedian(p, method="exact", time_limit_s=time_limit_s)
    result = model.solve(costs, np.ones(len(costs))).result_
    outcome = {
        "objective": result.objective, "bound": result.bound, "gap": result.gap, "status": result.status,
        "method": result.method, "time_s": time.perf_counter() - started, "peak_mb": peak_rss_mb(),
        "exact_s": result.details.get("exact_s"),
    }
    print("RESULT " + json.dumps(outcome), flush=True)


def run_worker(row: Published, time_limit_s: float) -> dict[str, object]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", row.instance, str(row.p),
               str(time_limit_s)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=time_limit_s + GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"status": "killed", "time_s": time.perf_counter() - started}
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            outcome: dict[str, object] = json.loads(line[len("RESULT "):])
            return outcome
    tail = (stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": f"failed: {tail[:60]}", "time_s": time.perf_counter() - started}


def time_limit_for(row: Published, cap_s: float | None) -> float:
    limit = max(2 * row.benders_s, 30.0)
    return min(limit, cap_s) if cap_s else limit


def contradictions(row: Published, outcome: dict[str, object]) -> list[str]:
    """What in a run disagrees with the published optimum (an empty list: nothing)."""
    if "objective" not in outcome:
        return []
    objective, bound, gap = float(outcome["objective"]), float(outcome["bound"]), float(outcome["gap"])  # type: ignore[arg-type]
    found = []
    if gap == 0 and objective != row.optimum:
        found.append(f"claims a proof of {objective:.0f}, published optimum {row.optimum}")
    if objective < row.optimum:
        found.append(f"solution {objective:.0f} cheaper than the published optimum")
    if bound > row.optimum + 1e-6:
        found.append(f"bound {bound:.0f} above the published optimum")
    return found


def ratio(seconds: float | None, elapsed: float, proven: bool) -> str:
    if seconds is None:
        return "-"
    return f"{seconds / max(elapsed, 1e-9):.2f}x" if proven else "n/a"


def print_row(row: Published, limit_s: float, outcome: dict[str, object], marks: list[str]) -> None:
    elapsed = float(outcome.get("time_s", 0.0))  # type: ignore[arg-type]
    proven = outcome.get("gap") == 0 and not marks
    if "objective" in outcome:
        value = (f"{float(outcome['objective']):>12.0f} {float(outcome['bound']):>12.0f} "  # type: ignore[arg-type]
                 f"{100 * float(outcome['gap']):>7.3f}% {float(outcome['peak_mb']):>7.0f}")  # type: ignore[arg-type]
    else:
        value = f"{str(outcome['status']):>42}"
    zebra = "-" if row.zebra_s is None else f"{row.zebra_s:g}"
    print(f"{row.instance:>9} {row.p:>5} {row.optimum:>12} {value} {elapsed:>8.1f} {limit_s:>7.0f} "
          f"{'proven' if proven else 'open':>6} {row.benders_s:>8g} {ratio(row.benders_s, elapsed, proven):>8} "
          f"{zebra:>7} {ratio(row.zebra_s, elapsed, proven):>8}" + "".join(f"  CONTRADICTS: {m}" for m in marks),
          flush=True)


def selected_rows(arguments: argparse.Namespace) -> list[Published]:
    wanted_p = {int(p) for p in arguments.p.split(",")} if arguments.p else None
    names = arguments.only.split(",") if arguments.only else None
    return [row for row in TABLE if (names is None or any(name in row.instance for name in names))
            and (wanted_p is None or row.p in wanted_p)]


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"cap every time limit at {QUICK_CAP_S:.0f} s")
    parser.add_argument("--cap", type=float, help="cap every time limit at this many seconds")
    parser.add_argument("--only", help="only instances whose name contains one of these comma-separated texts")
    parser.add_argument("--p", help="only these p, comma-separated")
    arguments = parser.parse_args()
    cap = arguments.cap or (QUICK_CAP_S if arguments.quick else None)
    rows = selected_rows(arguments)
    print(f"# {len(rows)} TSPLIB p-median instances (floor costs); limit max(2 x Benders, 30 s)"
          + (f" capped at {cap:.0f} s" if cap else "") + "; time includes reading and the cost matrix; "
          "ratio = their time / ours, for a proof only")
    print(f"{'instance':>9} {'p':>5} {'optimum':>12} {'trygg':>12} {'bound':>12} {'gap':>8} {'peak_mb':>7} "
          f"{'time_s':>8} {'limit':>7} {'result':>6} {'benders':>8} {'ratio':>8} {'zebra':>7} {'ratio':>8}")
    proven, inside_target, bad = 0, 0, []
    for row in rows:
        limit = time_limit_for(row, cap)
        outcome = run_worker(row, limit)
        marks = contradictions(row, outcome)
        print_row(row, limit, outcome, marks)
        if marks:
            bad.append(f"{row.instance} p={row.p}")
        elif outcome.get("gap") == 0:
            proven += 1
            inside_target += float(outcome["time_s"]) <= max(2 * row.benders_s, 30.0)  # type: ignore[arg-type]
    print(f"# proven at the published optimum: {proven} of {len(rows)}; within max(2 x Benders, 30 s): "
          f"{inside_target} of {len(rows)}" + (f"; CONTRADICTIONS: {', '.join(bad)}" if bad else ""))
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
