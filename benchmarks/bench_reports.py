"""Benchmark: ``govnet report`` (warm kernel pool) against the plain papermill CLI.

Per-case cost of ``govnet report -j 1`` on N cases against ``papermill`` run once per case on
the same notebook (goal <= 0.5x), against ``papermill`` on a *floor* notebook that only imports
the same libraries (goal <= 1.25x), and the speed-up of ``-j 2`` over ``-j 1`` on 12 cases
(goal >= 1.9x). Both sides run N cases, so the ratio of totals is the ratio of per-case costs.
The per-case rows are measured on the real notebook and on a light one (where kernel start-up
and imports are most of the cost).

Cases are copies of the shipped example case (with the real ``notebooks/case_study.ipynb``)
when both exist; otherwise tiny case folders with ``tests/notebooks/tiny_case.ipynb``.
``--quick`` always uses the tiny notebook so the module stays near 20 s.

Run alone: ``python benchmarks/bench_reports.py [--quick]``.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FLOOR_IMPORTS = "import govnet, pandas, networkx, matplotlib.pyplot"


def _example_dir():
    try:
        from govnet.datasets import example_case

        return Path(example_case().path)
    except Exception:  # noqa: BLE001 - the example may not be shipped in this tree yet
        return None


def _tiny_case(folder, case_id):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yml").write_text(
        f'id: {case_id}\ntitle: "Bench {case_id}"\ncouncil: Bench\n'
        "period: {start: 2020, end: 2021}\nsummary: bench\n", encoding="utf-8")
    (folder / "actors.csv").write_text("id,name\na,Alice\nb,Bob\nc,Carol\n", encoding="utf-8")


def _make_cases(data, n, example):
    ids = [f"case-{i:02d}" for i in range(n)]
    if data.exists():
        shutil.rmtree(data)
    for case_id in ids:
        if example is None:
            _tiny_case(data / case_id, case_id)
        else:
            shutil.copytree(example, data / case_id)
            yml = data / case_id / "case.yml"
            yml.write_text(re.sub(r"(?m)^id:.*$", f"id: {case_id}", yml.read_text("utf-8")),
                           encoding="utf-8")
    return ids


def _floor_notebook(path, template):
    """The template's parameters cell, then one cell importing the same libraries."""
    src = nbformat.read(str(template), as_version=4)
    params = next(c for c in src.cells if "parameters" in c.metadata.get("tags", []))
    nb = new_notebook(metadata=src.metadata)
    cell = new_code_cell(params.source)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, new_code_cell(FLOOR_IMPORTS)]
    nbformat.write(nb, str(path))
    return path


def _papermill(notebook, data, ids, out):
    out.mkdir(parents=True, exist_ok=True)
    for case_id in ids:
        target = out / case_id
        target.mkdir(exist_ok=True)
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(target / "report.ipynb"), "--no-progress-bar",
             "-p", "case_id", case_id, "-p", "data_dir", str(data), "-p", "output_dir", str(target)],
            check=True, capture_output=True,
        )


def _cpu_busy():
    """CPU seconds the whole machine spent busy so far (``/proc/stat``), or None off Linux.

    Busy is user, nice, system, irq and softirq time; idle, iowait and steal (time the
    hypervisor gave to other machines, tens of per cent at times here) are left out.
    """
    try:
        with open("/proc/stat") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    if len(ticks) < 8:
        return None
    return (sum(ticks) - ticks[3] - ticks[4] - ticks[7]) / os.sysconf("SC_CLK_TCK")


def _govnet(notebook, data, out, jobs):
    """Run ``govnet report``; return the CPU seconds the machine was busy and cores busy.

    Measured system-wide (``/proc/stat``), because the kernels are forked by the fork server,
    not by the command, so the command's own child accounting misses them; the benchmarks run
    on an otherwise idle machine. A ``-j 1`` run keeps a little over one core busy: the next
    kernel starts and the client decodes outputs while the current kernel computes.
    """
    cpu0, t0 = _cpu_busy(), time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "python"), "-m", "govnet.cli", "report", "--all", "--data", str(data), "--out",
         str(out), "-j", str(jobs), "--notebook", str(notebook), "--cross-notebook", "none"],
        capture_output=True, text=True,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"govnet report exited {proc.returncode}: {proc.stderr[-500:]}")
    if cpu0 is None:
        return {}
    cpu = _cpu_busy() - cpu0
    return {"cpu_s": round(cpu, 1), "cores_busy": round(cpu / wall, 2)}


def _per_case_entries(notebook, label, example, n, repeats, workdir, tag):
    """govnet -j 1 against the papermill CLI (same notebook) and the floor notebook, n cases."""
    data = workdir / f"report-data-{tag}"
    floor = _floor_notebook(workdir / f"floor-{tag}.ipynb", notebook)
    ids = []

    def setup():
        ids[:] = _make_cases(data, n, example)

    def run():
        return {"cases": n, "notebook": label, **_govnet(notebook, data, workdir / f"out-{tag}", 1)}

    return [
        {
            "name": f"report -j 1, {n} cases ({label})",
            "setup": setup,
            "run": run,
            "baseline": lambda: _papermill(notebook, data, ids, workdir / f"out-pm-{tag}"),
            "baseline_name": f"papermill CLI, same notebook, {n} cases",
            "repeats": repeats,
            "goal": "<= 0.5x baseline",
        },
        {
            "name": f"report -j 1, {n} cases ({label})",
            "setup": setup,
            "run": run,
            "baseline": lambda: _papermill(floor, data, ids, workdir / f"out-floor-{tag}"),
            "baseline_name": f"papermill CLI, floor notebook ({FLOOR_IMPORTS}), {n} cases",
            "repeats": repeats,
            "goal": "<= 1.25x baseline",
        },
    ]


def benchmarks(quick, workdir):
    """Entries for ``benchmarks/run.py`` (see the module docstring)."""
    workdir = Path(workdir)
    example = None if quick else _example_dir()
    real = REPO / "notebooks" / "case_study.ipynb"
    tiny = REPO / "tests" / "notebooks" / "tiny_case.ipynb"
    use_real = example is not None and real.exists()
    notebook = real if use_real else tiny
    label = "case_study.ipynb, example case" if use_real else "tiny test notebook"
    n = 2 if quick else 4
    n_par = 4 if quick else 12
    repeats = 1 if quick else 3
    entries = _per_case_entries(notebook, label, example, n, repeats, workdir, "main")
    if use_real:  # the light notebook too: there start-up is most of the cost
        entries += _per_case_entries(tiny, "light notebook: tests/notebooks/tiny_case.ipynb", None,
                                     n, repeats, workdir, "light")
    data_par = workdir / "report-data-par"
    entries.append({
        "name": f"report -j 2, {n_par} cases ({label})",
        "setup": lambda: _make_cases(data_par, n_par, example),
        "run": lambda: {"cases": n_par, "notebook": label,
                        **_govnet(notebook, data_par, workdir / "out-j2", 2)},
        "baseline": lambda: _govnet(notebook, data_par, workdir / "out-j1", 1),
        "baseline_name": f"report -j 1, {n_par} cases",
        "repeats": repeats if quick else 7,  # the machine's speed drifts: more pairs
        "goal": ">= 1.9x speed-up",
    })
    return entries


def main(argv=None):
    """Print the timings of every entry (median of the entry's repeats)."""
    import argparse
    import statistics
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for entry in benchmarks(args.quick, Path(tmp)):
            if entry.get("setup"):
                entry["setup"]()
            times, btimes = [], []
            for _ in range(entry.get("repeats", 5)):
                t0 = time.perf_counter()
                facts = entry["run"]()
                times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                entry["baseline"]()
                btimes.append(time.perf_counter() - t0)
            run, base = statistics.median(times), statistics.median(btimes)
            print(f"{entry['name']}: {run:.2f} s | {entry['baseline_name']}: {base:.2f} s | "
                  f"ratio {run / base:.2f}x (speed-up {base / run:.2f}x) | goal {entry['goal']} "
                  f"| {facts}", flush=True)


if __name__ == "__main__":
    main()
