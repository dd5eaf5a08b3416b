"""Benchmark: trygg's location models against spopt on the same random instances.

Run from the repository root:

    .venv/bin/python bench/bench_locate.py           # both sizes; spopt on 2,000 x 200 only
    .venv/bin/python bench/bench_locate.py --full    # spopt on 20,000 x 1,000 too (slow: minutes)
    .venv/bin/python bench/bench_locate.py --quick   # 2,000 x 200 only, no spopt

Instances: demand and candidate points uniform in a square (seeded), demand
weights 1-99, Euclidean costs in metres, service radius 20 km, p = 20. The
square grows with the number of candidates so that a demand point has on
average 2.8 candidates within 20 km in both sizes: 300 km for 2,000 x 200 and
671 km for 20,000 x 1,000. The latter reproduces the instance behind the issue's
spopt figures (18,890 of 20,000 demand points within reach of a candidate; here
18,613). ``20000x1000-dense`` squeezes the same points into 300 km (13
candidates per demand point): a much harder set-covering instance, reported as
a stress case (spopt is not run on it).
The clustered family (``2000x200-clustered``, ``20000x1000-clustered``) puts
demand and candidates in 40 towns: town centres uniform in a 300 km square,
town sizes log-normal (sigma 0.6), points normal around their town's centre
(sigma 5 km). A demand point then has on average 48 candidates within 20 km at
20,000 x 1,000 (10 at 2,000 x 200): the real-world shape, where the uniform
instances' 2.8 candidates per point flatter the reductions. Only MCLP and LSCP
run on it. ``20000x200-packed`` (20,000 x 200 in a 60 km square, 49 candidates
per point, 0.98 M pairs, each candidate covering ~4,900 points) is a memory
check: the set-overlap matrices of the covering reductions grow with the square
of the points per candidate unless computed in blocks (LSCP peaked at 1,314 MB
and 10.7 s before the blocks, MCLP at 183 MB; LSCP 157 MB and 3.4 s after).
Models: MCLP, LSCP, p-median, p-center. For LSCP the few demand points with no
candidate within 20 km are left out of the instance (for both tools), since
set covering is infeasible otherwise.

Each (tool, model, size) runs in a fresh subprocess, so the reported peak
memory belongs to that run alone: the peak resident set (VmHWM) of the worker
(HiGHS runs inside it) or of the solver process it starts (spopt's CBC),
whichever is larger; it includes the interpreter and the loaded cost matrix
(160 MB for 20,000 x 1,000). Times are wall-clock seconds of building plus solving the model.

spopt (BSD-3) is installed only for this benchmark, in its own virtualenv:
spopt 0.8 needs Python >= 3.12 while the project runs on 3.11. If
``.bench-venv`` is missing the script creates it with Python 3.12 (pyenv's
``/root/.pyenv/versions/3.12.1/bin/python``, or ``python3.12`` on PATH, or
``--python312``) and installs the pinned packages of
``bench/requirements-spopt.txt`` with pip. spopt solves through PuLP with CBC
(its default solver); each spopt run has a timeout (``--spopt-timeout``).

p-median 20,000 x 1,000 is also measured against its targets: a first answer
(greedy + swap) and the time until the certified gap is at most 0.5 %.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH_VENV = ROOT / ".bench-venv"
BENCH_PYTHON = BENCH_VENV / "bin" / "python"
REQUIREMENTS = ROOT / "bench" / "requirements-spopt.txt"
PYENV_312 = Path("/root/.pyenv/versions/3.12.1/bin/python")

#: Size name -> (demand points, candidates, side of the square in m, layout).
SIZES = {
    "2000x200": (2_000, 200, 300_000.0, "uniform"),
    "20000x1000": (20_000, 1_000, 300_000.0 * 5**0.5, "uniform"),
    "20000x1000-dense": (20_000, 1_000, 300_000.0, "uniform"),
    "2000x200-clustered": (2_000, 200, 300_000.0, "clustered"),
    "20000x1000-clustered": (20_000, 1_000, 300_000.0, "clustered"),
    "20000x200-packed": (20_000, 200, 60_000.0, "uniform"),
}
#: Clustered layout: towns, their spread (m) and the log-normal sigma of their sizes.
TOWNS = 40
TOWN_SIGMA_M = 5_000.0
TOWN_SIZE_SIGMA = 0.6
RADIUS_M = 20_000.0
P = 20
SEED = 20_240_601
MODELS = ("mclp", "lscp", "pmedian", "pcenter")
#: Models whose instance depends on the radius. The dense size is the 20,000 x
#: 1,000 instance scaled down (same seed), so p-median and p-center would only repeat it;
#: the clustered family is there for the covering models.
RADIUS_MODELS = ("mclp", "lscp")
SCALED_ONLY = (
    "20000x1000-dense", "2000x200-clustered", "20000x1000-clustered", "20000x200-packed"
)
#: Sizes on which spopt runs by default, and the ones it runs on only with --full.
SPOPT_SIZES = ("2000x200", "2000x200-clustered")
SPOPT_FULL_SIZES = ("20000x1000", "20000x1000-clustered")
TRYGG_TIME_LIMIT_S = 120.0


# --------------------------------------------------------------------------- instances


def make_instance(
    n_demand: int, n_sites: int, side_m: float, layout: str = "uniform", seed: int = SEED
) -> dict[str, np.ndarray]:
    """Seeded random points in a square (uniform or in towns); Euclidean cost matrix (m), integer weights."""
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(seed)
    if layout == "clustered":
        centres = rng.uniform(0.0, side_m, size=(TOWNS, 2))
        share = rng.lognormal(0.0, TOWN_SIZE_SIGMA, size=TOWNS)
        share /= share.sum()
        demand = centres[rng.choice(TOWNS, size=n_demand, p=share)]
        demand = demand + rng.normal(0.0, TOWN_SIGMA_M, (n_demand, 2))
        sites = centres[rng.choice(TOWNS, size=n_sites, p=share)]
        sites = sites + rng.normal(0.0, TOWN_SIGMA_M, (n_sites, 2))
    else:
        demand = rng.uniform(0.0, side_m, size=(n_demand, 2))
        sites = rng.uniform(0.0, side_m, size=(n_sites, 2))
    weights = rng.integers(1, 100, size=n_demand).astype(np.float64)
    return {"costs": cdist(demand, sites), "weights": weights}


def describe(size: str, costs: np.ndarray) -> str:
    within = costs <= RADIUS_M
    per_point = within.sum(axis=1)
    return (
        f"# {size} ({SIZES[size][3]}): {within.sum():,} pairs within {RADIUS_M / 1000:.0f} km, "
        f"{per_point.mean():.1f} candidates per demand point, {(per_point == 0).sum()} out of reach"
    )


def save_instances(folder: Path, sizes: list[str]) -> dict[str, Path]:
    paths = {}
    for size in sizes:
        instance = make_instance(*SIZES[size])
        print(describe(size, instance["costs"]), flush=True)
        path = folder / f"{size}.npz"
        np.savez(path, costs=instance["costs"], weights=instance["weights"])
        paths[size] = path
    return paths


def load_for_model(path: Path, model: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Costs and weights for ``model``; LSCP drops demand no candidate can reach. Returns rows dropped."""
    data = np.load(path)
    costs, weights = data["costs"], data["weights"]
    if model != "lscp":
        return costs, weights, 0
    reachable = (costs <= RADIUS_M).any(axis=1)
    return costs[reachable], weights[reachable], int((~reachable).sum())


# --------------------------------------------------------------------------- workers


def peak_rss_mb() -> float:
    """Peak resident memory (MB) of this process or of a solver process it ran, whichever is larger.

    /proc's VmHWM belongs to this process image alone (HiGHS runs inside it);
    spopt's CBC runs as a child process, whose peak getrusage reports.
    """
    import resource

    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return max(int(line.split()[1]) / 1024.0, children_mb)
    except OSError:
        pass
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, children_mb)


def run_trygg(path: Path, model: str, target_gap: float) -> dict[str, object]:
    from trygg.analysis.locate import LSCP, MCLP, PCenter, PMedian

    costs, weights, dropped = load_for_model(path, model)
    solvers = {
        "mclp": lambda: MCLP(RADIUS_M, P, time_limit_s=TRYGG_TIME_LIMIT_S),
        "lscp": lambda: LSCP(RADIUS_M, time_limit_s=TRYGG_TIME_LIMIT_S),
        "pmedian": lambda: PMedian(P, target_gap=target_gap, time_limit_s=60.0),
        "pcenter": lambda: PCenter(P, time_limit_s=TRYGG_TIME_LIMIT_S),
    }
    started = time.perf_counter()
    result = solvers[model]().solve(costs, weights).result_
    elapsed = time.perf_counter() - started
    return {
        "time_s": elapsed, "objective": result.objective, "gap": result.gap,
        "status": result.status, "method": result.method, "peak_mb": peak_rss_mb(),
        "dropped_rows": dropped, "first_answer_s": result.details.get("local_search_s"),
    }


def run_spopt(path: Path, model: str) -> dict[str, object]:
    import pulp
    from spopt.locate import LSCP, MCLP, PCenter, PMedian

    costs, weights, dropped = load_for_model(path, model)
    builders = {
        "mclp": lambda: MCLP.from_cost_matrix(costs, weights, RADIUS_M, p_facilities=P),
        "lscp": lambda: LSCP.from_cost_matrix(costs, RADIUS_M),
        "pmedian": lambda: PMedian.from_cost_matrix(costs, weights, p_facilities=P),
        "pcenter": lambda: PCenter.from_cost_matrix(costs, p_facilities=P),
    }
    started = time.perf_counter()
    solver_model = builders[model]()
    built = time.perf_counter()
    solver_model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    elapsed = time.perf_counter() - started
    problem = solver_model.problem
    return {
        "time_s": elapsed, "build_s": built - started, "objective": float(pulp.value(problem.objective)),
        "gap": None, "status": pulp.LpStatus[problem.status], "method": "pulp-cbc",
        "peak_mb": peak_rss_mb(), "dropped_rows": dropped,
    }


def worker_main(arguments: argparse.Namespace) -> None:
    path = Path(arguments.instance)
    if arguments.worker == "trygg":
        outcome = run_trygg(path, arguments.model, arguments.target_gap)
    else:
        outcome = run_spopt(path, arguments.model)
    print("RESULT " + json.dumps(outcome), flush=True)


# --------------------------------------------------------------------------- orchestration


def spopt_python(python312: str | None) -> Path:
    """The bench venv's Python with spopt, creating the venv on first use."""
    if BENCH_PYTHON.exists() and _imports_spopt(BENCH_PYTHON):
        return BENCH_PYTHON
    base = Path(python312) if python312 else (PYENV_312 if PYENV_312.exists() else None)
    if base is None:
        found = shutil.which("python3.12")
        base = Path(found) if found else None
    if base is None:
        raise SystemExit("spopt 0.8 needs Python 3.12: pass --python312 PATH (or use --quick)")
    print(f"creating {BENCH_VENV} with {base} and installing {REQUIREMENTS.name} ...", file=sys.stderr)
    subprocess.run([str(base), "-m", "venv", str(BENCH_VENV)], check=True)
    subprocess.run([str(BENCH_PYTHON), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    return BENCH_PYTHON


def _imports_spopt(python: Path) -> bool:
    return subprocess.run([str(python), "-c", "import spopt.locate"], capture_output=True).returncode == 0


def run_worker(
    python: Path, tool: str, model: str, instance: Path, timeout_s: float, target_gap: float = 0.0
) -> dict[str, object]:
    command = [
        str(python), str(Path(__file__).resolve()), "--worker", tool, "--model", model,
        "--instance", str(instance), "--target-gap", str(target_gap),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")} if tool == "trygg" else dict(os.environ)
    started = time.perf_counter()
    # Own process group, so that a timeout also stops the solver the worker started (CBC).
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"status": f"timeout {timeout_s:.0f}s", "time_s": time.perf_counter() - started}
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            outcome: dict[str, object] = json.loads(line[len("RESULT "):])
            return outcome
    tail = (stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": f"failed: {tail[:60]}", "time_s": time.perf_counter() - started}


def fmt(value: object, spec: str) -> str:
    if value is None:
        width = spec.split(".")[0]
        return format("-", f">{width}" if width else "")
    return format(value, spec)


def print_row(size: str, model: str, tool: str, outcome: dict[str, object], ratio: str = "") -> None:
    gap = outcome.get("gap")
    gap_text = "-" if gap is None else f"{100 * float(gap):.3f}%"  # type: ignore[arg-type]
    print(
        f"{size:>20} {model:>8} {tool:>6} {fmt(outcome.get('time_s'), '9.2f')} "
        f"{fmt(outcome.get('peak_mb'), '8.0f')} {fmt(outcome.get('objective'), '20.2f')} "
        f"{gap_text:>8} {str(outcome.get('status')):>12} {str(outcome.get('method', '')):>16} {ratio}",
        flush=True,
    )


def speed_ratio(trygg: dict[str, object], spopt: dict[str, object]) -> str:
    if "objective" not in trygg:
        return ""
    if "objective" not in spopt:
        # spopt stopped (timeout): its time is a lower bound, and so is the ratio.
        ratio = float(spopt["time_s"]) / max(float(trygg["time_s"]), 1e-9)  # type: ignore[arg-type]
        return f"spopt/trygg time > {ratio:5.1f}x"
    ratio = float(spopt["time_s"]) / max(float(trygg["time_s"]), 1e-9)  # type: ignore[arg-type]
    same = abs(float(spopt["objective"]) - float(trygg["objective"])) <= 1e-6 * max(  # type: ignore[arg-type]
        1.0, abs(float(trygg["objective"]))  # type: ignore[arg-type]
    )
    return f"spopt/trygg time {ratio:6.1f}x" + ("" if same else "  OBJECTIVES DIFFER")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 x 200 only, without spopt")
    parser.add_argument("--full", action="store_true", help="also run spopt on 20,000 x 1,000")
    parser.add_argument("--spopt-timeout", type=float, default=600.0, help="seconds per spopt run")
    parser.add_argument("--python312", help="Python 3.12 used to create the spopt venv")
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of models")
    parser.add_argument("--sizes", help=f"comma-separated subset of sizes ({', '.join(SIZES)})")
    parser.add_argument("--worker", choices=("trygg", "spopt"), help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--target-gap", type=float, default=0.0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        worker_main(arguments)
        return
    sizes = ["2000x200", "2000x200-clustered"] if arguments.quick else list(SIZES)
    if arguments.sizes:
        sizes = [name for name in arguments.sizes.split(",") if name]
    models = [name for name in arguments.models.split(",") if name]
    spopt = None if arguments.quick else spopt_python(arguments.python312)
    print(f"# radius {RADIUS_M / 1000:.0f} km, p = {P}, seed {SEED}; peak = max RSS of the run (MB)")
    with tempfile.TemporaryDirectory(prefix="bench_locate_") as folder:
        paths = save_instances(Path(folder), sizes)
        run_all(arguments, sizes, models, spopt, paths)


def run_all(
    arguments: argparse.Namespace,
    sizes: list[str],
    models: list[str],
    spopt: Path | None,
    paths: dict[str, Path],
) -> None:
    print(f"{'size':>20} {'model':>8} {'tool':>6} {'time_s':>9} {'peak_mb':>8} {'objective':>20} "
          f"{'gap':>8} {'status':>12} {'method':>16}")
    for size in sizes:
        for model in models:
            if size in SCALED_ONLY and model not in RADIUS_MODELS:
                continue
            ours = run_worker(Path(sys.executable), "trygg", model, paths[size], 3600.0)
            print_row(size, model, "trygg", ours)
            full = arguments.full and size in SPOPT_FULL_SIZES
            if spopt is not None and (size in SPOPT_SIZES or full):
                theirs = run_worker(spopt, "spopt", model, paths[size], arguments.spopt_timeout)
                print_row(size, model, "spopt", theirs, speed_ratio(ours, theirs))
            if ours.get("dropped_rows"):
                print(f"{'':>20} ({ours['dropped_rows']} demand rows out of reach of every candidate left out)")
        if "pmedian" in models and size == "20000x1000":
            quick = run_worker(Path(sys.executable), "trygg", "pmedian", paths[size], 3600.0, target_gap=0.005)
            print_row(size, "pmedian", "trygg", quick, "(stop at gap <= 0.5 %)")
            print(f"# p-median {size}: first answer (greedy + swap) after "
                  f"{fmt(quick.get('first_answer_s'), '.2f')} s; certified gap "
                  f"{100 * float(quick.get('gap') or 0):.3f} % after {fmt(quick.get('time_s'), '.1f')} s "  # type: ignore[arg-type]
                  f"(targets: < 10 s, <= 0.5 % in < 60 s and 4 GB)")


if __name__ == "__main__":
    main()
