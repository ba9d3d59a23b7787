"""Benchmark: the whole pipeline on a synthetic corpus (write → validate all → report a sample).

Full size: 300 synthetic councils × 20 years (about 1M relation rows); validate every case
with ``govnet.load_case(..., validate=True)`` (against plain ``pandas.read_csv`` of the same
files); then ``govnet report`` on a fixed sample of 20 cases with ``-j 2``, which also runs the
cross-case notebook. Quick size: 6 councils × 5 years, a sample of 1 case.

Run alone: ``python benchmarks/bench_pipeline.py [--quick]`` prints the timings.
"""

from __future__ import annotations

import pathlib
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

N_CASES, YEARS, SAMPLE = 300, 20, 20
Q_CASES, Q_YEARS, Q_SAMPLE = 6, 5, 1


def _case_dirs(corpus):
    return sorted(p for p in pathlib.Path(corpus).iterdir() if (p / "case.yml").exists())


def _validate_all(corpus):
    import govnet

    ok = bad = rows = 0
    for d in _case_dirs(corpus):
        try:
            case = govnet.load_case(d, validate=True)
            rows += len(case.relations)
            ok += 1
        except govnet.DataValidationError:
            bad += 1
    if bad:
        raise RuntimeError(f"{bad} synthetic cases failed validation")
    return {"cases": ok, "relation_rows": rows}


def _read_all(corpus):
    rows = 0
    for d in _case_dirs(corpus):
        for name in ("sources", "actors", "tenures", "relations", "events"):
            df = pd.read_csv(d / f"{name}.csv")
            if name == "relations":
                rows += len(df)
    return {"relation_rows": rows}


def _report(corpus, out, sample, jobs):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "govnet.cli", "report", *sample, "--data", str(corpus),
           "--out", str(out), "-j", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
        raise RuntimeError(f"govnet report exited with {proc.returncode}: {tail}")
    return {"reported": len(sample)}


def benchmarks(quick: bool, workdir: pathlib.Path) -> list[dict]:
    """The pipeline benchmark entries (see the runner ``benchmarks/run.py``)."""
    from govnet.synth import synthetic_corpus

    n, years, k = (Q_CASES, Q_YEARS, Q_SAMPLE) if quick else (N_CASES, YEARS, SAMPLE)
    workdir = pathlib.Path(workdir)
    corpus = workdir / "corpus"
    scratch = workdir / "corpus-write"
    out = workdir / "reports"
    ids = [f"synthetic-{i:03d}" for i in range(n)]
    sample = sorted(np.random.default_rng(0).choice(ids, size=k, replace=False).tolist())
    state = {}

    def make_corpus():
        if not corpus.exists():
            truths = synthetic_corpus(corpus, n, years=years, progress=False)
            state["rows"] = sum(t.n_relations for t in truths.values())

    def write():
        shutil.rmtree(scratch, ignore_errors=True)
        truths = synthetic_corpus(scratch, n, years=years, progress=False)
        return {"relation_rows": sum(t.n_relations for t in truths.values())}

    def pipeline():
        t0 = time.perf_counter()
        facts = _validate_all(corpus)
        t1 = time.perf_counter()
        _report(corpus, out, sample, jobs=2)
        facts.update(validate_s=round(t1 - t0, 2), report_s=round(time.perf_counter() - t1, 2),
                     sample=k)
        return facts

    return [
        {"name": f"synthetic_corpus: write {n} cases × {years} years",
         "run": write, "repeats": 5, "goal": "< 60 s" if not quick else "< 5 s"},
        {"name": f"validate {n} synthetic cases", "setup": make_corpus,
         "run": lambda: _validate_all(corpus), "baseline": lambda: _read_all(corpus),
         "baseline_name": "pandas.read_csv of the same files", "repeats": 5,
         "goal": "< 60 s" if not quick else "< 5 s"},
        {"name": f"pipeline: validate {n} → report {k} (-j 2) → cross-case",
         "setup": make_corpus, "run": pipeline, "repeats": 5 if not quick else 2,
         "goal": "< 600 s" if not quick else "< 30 s"},
    ]


def _main():
    import tempfile

    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        for entry in benchmarks(quick, pathlib.Path(tmp)):
            if entry.get("setup"):
                entry["setup"]()
            times = []
            for _ in range(entry.get("repeats", 5)):
                t0 = time.perf_counter()
                extra = entry["run"]()
                times.append(time.perf_counter() - t0)
            line = f"{entry['name']}: median {statistics.median(times):.3f} s " \
                   f"(min {min(times):.3f}, max {max(times):.3f})"
            if entry.get("baseline"):
                bt = []
                for _ in range(entry.get("repeats", 5)):
                    t0 = time.perf_counter()
                    entry["baseline"]()
                    bt.append(time.perf_counter() - t0)
                line += f"; {entry['baseline_name']}: median {statistics.median(bt):.3f} s"
            print(line, extra or "")


if __name__ == "__main__":
    _main()
