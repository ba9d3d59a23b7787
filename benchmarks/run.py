"""The benchmark runner behind ``make bench`` and ``make bench-quick``; writes benchmarks/README.md.

Every ``benchmarks/bench_*.py`` module defines ``benchmarks(quick, workdir) -> list[dict]``
(see the contract in that function's callers' docs and in the README this writes). Each module
runs in its own subprocess, so a module that crashes, hangs or is missing gives a row saying so
and never stops the run. Within it, every entry gets an untimed ``setup``, then ``run`` and
``baseline`` are timed ``repeats`` times each (default 5, at least 5 in a full run) with ``time.perf_counter``; the table
shows the median, min and max.

Peak memory is the peak resident set size (VmHWM) of the benchmark process during the entry's
timed runs: the runner resets the kernel's high-water mark before each entry by writing ``5``
to ``/proc/self/clear_refs`` (Linux), so the number is per entry and includes the interpreter
and imported libraries (about 150-250 MB with pandas, networkx, matplotlib); where the reset is
not available it is ``ru_maxrss`` of the process so far (marked "cumulative"). Child processes
(notebook kernels, Dask workers) are not included; the notes column gives their peak from
``RUSAGE_CHILDREN`` when it grew during the entry.

Usage::

    python benchmarks/run.py                 # full sizes -> benchmarks/README.md
    python benchmarks/run.py --quick         # smallest sizes, < 2 minutes -> benchmarks/README-quick.md
    python benchmarks/run.py --quick --only bench_load --max-entries 1 --out /tmp/b.md
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
_PACKAGES = ["govnet", "numpy", "pandas", "networkx", "scipy", "matplotlib", "papermill",
             "nbclient", "nbconvert", "dask", "distributed"]


# ----------------------------------------------------------------------------- child side
def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb(resettable):
    if resettable:
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _time(func, repeats):
    times, extra = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t0)
        if isinstance(out, dict):
            extra = out
    return times, extra


def _load_module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(mod)
    return mod


def _child(args):
    """Run one module's entries and write their results as JSON lines to ``args.json``."""
    path = Path(args.child)
    out = open(args.json, "a", encoding="utf-8")

    def emit(rec):
        out.write(json.dumps(rec, default=str) + "\n")
        out.flush()

    try:
        mod = _load_module(path)
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        entries = list(mod.benchmarks(args.quick, workdir))
    except Exception as exc:
        emit({"name": "(module)", "error": f"{type(exc).__name__}: {exc}",
              "traceback": traceback.format_exc()})
        return 1
    if args.max_entries:
        entries = entries[: args.max_entries]
    for entry in entries:
        rec = {"name": str(entry.get("name", "?")), "goal": entry.get("goal", ""),
               "baseline_name": entry.get("baseline_name", "")}
        repeats = args.repeats or int(entry.get("repeats", 5))
        if not args.quick:  # the full run reports the median of at least 5 runs
            repeats = max(repeats, 5)
        try:
            if entry.get("setup"):
                entry["setup"]()
            children0 = _children_mb()
            resettable = _reset_peak()
            # run and baseline alternate, so a drift in the machine's speed (a shared
            # virtual machine's CPU varies by tens of per cent) affects both alike
            times, btimes, extra, bextra = [], [], None, None
            for _ in range(repeats):
                t, facts = _time(entry["run"], 1)
                times += t
                extra = facts or extra
                if entry.get("baseline"):
                    t, facts = _time(entry["baseline"], 1)
                    btimes += t
                    bextra = facts or bextra
            rec.update(times=times, extra=extra or {})
            if entry.get("baseline"):
                rec["baseline_times"] = btimes
                rec["baseline_extra"] = bextra or {}
            rec["peak_mb"] = _peak_mb(resettable)
            rec["peak_kind"] = "per entry" if resettable else "cumulative"
            if _children_mb() > children0:
                rec["children_mb"] = _children_mb()
        except Exception as exc:
            rec["error"] = f"{type(exc).__name__}: {exc}"
            rec["traceback"] = traceback.format_exc()
        emit(rec)
    return 0


# ----------------------------------------------------------------------------- parent side
def _machine():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f"{kb / 1024 ** 2:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    vers = []
    for pkg in _PACKAGES:
        try:
            vers.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            vers.append(f"{pkg} (not installed)")
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count()
    return {
        "CPU": f"{cpu}; {cores} cores available ({os.cpu_count()} logical)",
        "Memory": mem,
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Packages": ", ".join(vers),
        "Date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


_GOAL = re.compile(r"^\s*(<=|>=|<|>)\s*([0-9.]+)\s*(x|s|ms)?", re.I)


_PEAK = re.compile(r"peak\s*(<=|<)\s*([0-9.]+)\s*(GB|MB)", re.I)


def _goal_met(goal, median, ratio, peak_mb=None):
    """'yes'/'no' for goals such as '< 3 s', '<= 0.5x baseline' (ratio = run/baseline) or
    '< 10 s, peak < 2 GB' (peak RSS in MB)."""
    p = _PEAK.search(goal or "")
    if p and peak_mb is not None:
        limit = float(p.group(2)) * (1024 if p.group(3).upper() == "GB" else 1)
        if not (peak_mb < limit if p.group(1) == "<" else peak_mb <= limit):
            return "no"
    m = _GOAL.match(goal or "")
    if not m:
        return ""
    op, val, unit = m.group(1), float(m.group(2)), (m.group(3) or "s").lower()
    if unit == "x":
        x = ratio
        if x is None:
            return ""
        if "speed-up" in goal.lower() or "speedup" in goal.lower():
            x = 1 / x if x else None  # goal on baseline/run
            if x is None:
                return ""
    else:
        x = median * (1000 if unit == "ms" else 1)
    ok = {"<": x < val, "<=": x <= val, ">": x > val, ">=": x >= val}[op]
    return "yes" if ok else "no"


def _fmt(x, nd=3):
    if x is None:
        return "–"
    if x < 0.01:
        return f"{x:.2g}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{nd}f}"


def _row(module, rec):
    name = rec.get("name", "?")
    if "error" in rec:
        err = rec["error"].replace("|", "\\|").replace("\n", " ")[:200]
        return [module, name, "failed", "–", "–", "–", rec.get("baseline_name") or "–", "–", "–",
                "–", rec.get("goal") or "–", "–", err]
    times = rec["times"]
    med = statistics.median(times)
    btimes = rec.get("baseline_times")
    bmed = statistics.median(btimes) if btimes else None
    ratio = med / bmed if bmed else None
    notes = [f"{k}={v}" for k, v in sorted((rec.get("extra") or {}).items())]
    if btimes and len(btimes) == len(times) > 1:  # each run beside its own baseline
        pairs = [t / b for t, b in zip(times, btimes, strict=True) if b]
        notes.append(f"paired ratios {min(pairs):.3g}-{max(pairs):.3g}x")
    if rec.get("baseline_extra"):
        notes.append("baseline: " + ", ".join(
            f"{k}={v}" for k, v in sorted(rec["baseline_extra"].items())))
    if rec.get("peak_kind") == "cumulative":
        notes.append("peak cumulative")
    if rec.get("children_mb"):
        notes.append(f"child processes peak {rec['children_mb']:.0f} MB")
    return [module, name, _fmt(med), _fmt(min(times)), _fmt(max(times)), str(len(times)),
            rec.get("baseline_name") or ("–" if not btimes else "baseline"),
            _fmt(bmed), f"{ratio:.3g}x" if ratio is not None else "–",
            f"{rec['peak_mb']:.0f}", rec.get("goal") or "–",
            _goal_met(rec.get("goal"), med, ratio, rec.get("peak_mb")) or "–",
            "; ".join(notes).replace("|", "\\|") or ""]


_HEADER = ["module", "benchmark", "median (s)", "min (s)", "max (s)", "runs", "baseline",
           "baseline median (s)", "ratio run/baseline", "peak RSS (MB)", "goal", "met", "notes"]


def _table(rows):
    lines = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _write(out, rows, machine, quick, seconds):
    mode = "quick (`make bench-quick`)" if quick else "full (`make bench`)"
    text = [
        "# govnet benchmarks",
        "",
        f"Written by `benchmarks/run.py` in {mode} mode in {seconds:.0f} s. "
        "Do not edit by hand: rerun `make bench`.",
        "",
        "## Machine",
        "",
        *[f"- **{k}**: {v}" for k, v in machine.items()],
        "",
        "## Method",
        "",
        "Each `benchmarks/bench_*.py` module runs in its own Python subprocess (a module that "
        "fails or times out gives a row saying so). Per entry: `setup` once untimed, then "
        "`run` and the `baseline` (measured in the same run) each timed `runs` times with "
        "`time.perf_counter`, alternating run and baseline so that a drift in the machine's "
        "speed affects both; median, min and max in seconds. The ratio is run median / baseline "
        "median (for speed-up goals the goal is on baseline/run); the notes give the range of "
        "the paired ratios (each run over the baseline timed right after it), which shows how "
        "much the machine drifted, and the baseline's own facts. Peak RSS is the high-water "
        "mark of the benchmark process during the entry (reset per entry through "
        "`/proc/self/clear_refs`), interpreter and imports included; notebook kernels and Dask "
        "workers are separate processes (see notes). `cores_busy` is the machine's CPU time "
        "(user, system, irq; steal left out) over the wall time. Both modes do the same work "
        "(`cpu_s`), so on 2 cores the speed-up of `-j 2` over `-j 1` can reach at most 2 over "
        "the `-j 1` baseline's `cores_busy`; a pair that reads higher ran while the machine's "
        "speed changed.",
        "",
        "## Results",
        "",
        _table(rows),
        "",
    ]
    Path(out).write_text("\n".join(text), encoding="utf-8")


def _modules(bench_dir, only):
    mods = sorted(Path(bench_dir).glob("bench_*.py"))
    if only:
        want = {o.removesuffix(".py") for o in only}
        found = {m.stem for m in mods}
        missing = sorted(want - found)
        mods = [m for m in mods if m.stem in want]
        return mods, missing
    return mods, []


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smallest sizes (< 2 minutes)")
    ap.add_argument("--out", help="README to write (default benchmarks/README.md, "
                                  "or benchmarks/README-quick.md with --quick)")
    ap.add_argument("--only", nargs="*", help="module names (bench_load ...)")
    ap.add_argument("--bench-dir", default=str(HERE), help="folder holding bench_*.py")
    ap.add_argument("--workdir", help="scratch folder (default: a temporary folder, removed)")
    ap.add_argument("--max-entries", type=int, default=0, help="first N entries per module")
    ap.add_argument("--repeats", type=int, default=0, help="override every entry's repeats")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per module (default 300 quick, 3600 full)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--json", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args)

    t0 = time.perf_counter()
    out = Path(args.out) if args.out else HERE / ("README-quick.md" if args.quick else "README.md")
    timeout = args.timeout or (300 if args.quick else 3600)
    mods, missing = _modules(args.bench_dir, args.only)
    tmp = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="govnet-bench-"))
    rows = [[m, "(module)", "missing", *["–"] * 9, "no such benchmark module"] for m in missing]
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    try:
        for mod in mods:
            jpath = tmp / f"{mod.stem}.jsonl"
            jpath.unlink(missing_ok=True)
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(mod),
                   "--json", str(jpath), "--workdir", str(tmp / mod.stem),
                   "--max-entries", str(args.max_entries), "--repeats", str(args.repeats)]
            if args.quick:
                cmd.append("--quick")
            print(f"[bench] {mod.stem} ...", flush=True)
            problem = None
            try:
                proc = subprocess.run(cmd, env=env, timeout=timeout, capture_output=True,
                                      text=True)
                if proc.returncode not in (0, 1):
                    tail = (proc.stderr or "").strip().splitlines()[-1:] or [""]
                    problem = f"process exited with {proc.returncode}: {tail[0]}"
            except subprocess.TimeoutExpired:
                problem = f"timed out after {timeout:.0f} s"
            recs = []
            if jpath.exists():
                recs = [json.loads(line) for line in jpath.read_text().splitlines() if line]
            for rec in recs:
                rows.append(_row(mod.stem, rec))
                print("   ", " | ".join(rows[-1][1:6]), flush=True)
            if problem or not recs:
                rows.append([mod.stem, "(rest of module)" if recs else "(module)", "failed",
                             *["–"] * 9, problem or "no entries returned"])
                print("   ", problem or "no entries", flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(tmp, ignore_errors=True)
    _write(out, rows, _machine(), args.quick, time.perf_counter() - t0)
    print(f"[bench] wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
